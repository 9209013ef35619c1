"""The schedule commands with ``--db``: ``generate --patient CODE``, ``worklist``, ``batch`` and ``publish``
take each patient's start, regimen (its stored copy) and options from the ward record, so a calendar, a sheet
and the worklist come from the one stored truth.

Only the options that shape an output and not a plan may be given beside ``--db`` (the language, the paper,
reminders...): they apply to this output. An option that would change a stored plan (a delay, the holiday
policy, a time) is refused, naming ``patients set``, which changes it for every later output with who and
why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from il2sched.app.commands import GENERATE
from il2sched.app.option_table import SCHEDULE_OPTIONS
from il2sched.app.options import Raw, field_values, parse_values
from il2sched.app.requests import ScheduleOptions
from il2sched.app.ward import StoredPatient, WardPlanners, load_patient, load_ward, open_ward
from il2sched.core.dosing import body_size
from il2sched.errors import InvalidValue
from il2sched.sources.roster import RosterRow

if TYPE_CHECKING:
    from il2sched.app.batch import BatchRequest
    from il2sched.app.generate import Output
    from il2sched.app.planning import Planner
    from il2sched.core.options import RenderOptions
    from il2sched.core.schedule import Schedule

#: The options that shape an output, not a plan: given beside ``--db``, they apply to this output only.
PRESENTATION = frozenset(
    {"lang", "excel", "paper", "private", "site", "duration", "remind", "remind-at", "double-check"}
)
#: What a schedule command's own options are (never stored): where and how to write, for which patient.
RUN_OPTIONS = frozenset(
    {"patient", "format", "output", "from", "to", "db", "days", "outdir", "formats", "jobs", "url",
     "calendar", "username", "dry-run", "insecure-http"}
)  # fmt: skip


def check_typed(typed: Iterable[str], allowed: frozenset[str] = frozenset()) -> None:
    """Refuse an option typed beside ``--db`` that would change a stored plan (or ``--start``, ``--roster``):
    the ward record's is the truth, changed by ``patients set`` with who and why."""
    for key in typed:
        name = key.replace("_", "-")
        if name in PRESENTATION or name in RUN_OPTIONS or name in allowed:
            continue
        if name in ("start", "align", "roster"):
            raise InvalidValue(
                f"--{name} is not given with --db: the ward record holds each patient's start and plan",
                option=name,
            )
        raise InvalidValue(
            f"--{name} comes from the ward record with --db: leave it out, or change the patient with "
            f"'il2sched patients set CODE --{name} ... --reason TEXT --by INITIALS' (a change with who and "
            "why)",
            option=name,
        )


def presented(options: ScheduleOptions, typed: Mapping[str, Raw]) -> ScheduleOptions:
    """``options`` with the presentation options typed (and only those) applied."""
    chosen = [o for o in SCHEDULE_OPTIONS if o.name in PRESENTATION and o.key in typed]
    return replace(options, **field_values(chosen, parse_values(chosen, typed)))


@dataclass(frozen=True, slots=True)
class StoredPlan:
    """A stored patient with this output's presentation options applied, and the planners of its ward."""

    patient: StoredPatient
    planners: WardPlanners


def stored_patient(typed: Mapping[str, Raw]) -> StoredPlan:
    """``generate --patient CODE --db URL``'s patient, its presentation options as typed."""
    check_typed(typed)
    values = parse_values([o for o in GENERATE.options if o.name in ("patient", "db")], typed)
    if values["patient"] is None:
        raise InvalidValue(
            "--db needs --patient CODE: the stored patient whose outputs to write", option="patient"
        )
    with open_ward(values["db"]) as store:
        patient = load_patient(store, values["patient"])
    return StoredPlan(replace(patient, options=presented(patient.options, typed)), WardPlanners())


def ward_patients(db: str | None) -> tuple[StoredPatient, ...]:
    """Every patient of the ward record who is not withdrawn, in the order they were added."""
    with open_ward(db) as store:
        return tuple(p for p in load_ward(store) if p.withdrawal is None)


#: The options a roster row gives per patient; the others must agree across a ward's patients for a batch.
_ROW_FIELDS = frozenset(
    {"regimen", "time", "delays", "site", "lang", "bsa", "height", "weight", "weekends_open"}
)


def shared_options(patients: Sequence[StoredPatient]) -> ScheduleOptions:
    """The options ``patients`` share (what a roster's command line gives every row), a row's own (its
    language, time...) at their defaults. Patients whose shared options differ (one with ``--on-holiday
    shift``, another ``flag``) cannot share one roster: refused, naming them."""
    if not patients:
        raise InvalidValue(
            "the ward record holds no patient under treatment: add one with 'il2sched patients add'"
        )
    first = patients[0]
    shared = _shared(first.options)
    for patient in patients[1:]:
        other = _shared(patient.options)
        if other != shared:
            field = next(k for k in shared if shared[k] != other[k])
            raise InvalidValue(
                f"patients {first.code} and {patient.code} differ in {field}: one run gives every patient "
                "the same ward options; run generate --patient CODE --db for each, or align them with "
                "'patients set'"
            )
    return replace(ScheduleOptions(), **shared)


def ward_rows(
    patients: Sequence[StoredPatient], typed: Mapping[str, Raw]
) -> tuple[ScheduleOptions, tuple[RosterRow, ...]]:
    """The ward's shared options (:func:`shared_options`) with this output's typed, and one row per patient
    (its stored regimen, start and own options), for the commands that work on a roster (``batch``)."""
    settings = presented(shared_options(patients), typed)
    # What is typed beside --db is this output's choice for every patient; else each keeps its own.
    site, lang = "site" not in typed, "lang" not in typed
    rows = tuple(
        RosterRow(
            line, p.code, p.start, p.options.time, p.regimen, dict(p.options.delays),
            p.options.site or None if site else None, p.options.lang if lang else None, p.regimen_name,
            body_size(p.options.bsa, p.options.height, p.options.weight), (), p.options.weekends_open,
        )
        for line, p in enumerate(patients, start=1)
    )  # fmt: skip
    return settings, rows


def _shared(options: ScheduleOptions) -> dict[str, Any]:
    return {f: getattr(options, f) for f in options.__dataclass_fields__ if f not in _ROW_FIELDS}


def generate_stored(
    typed: Mapping[str, Raw], to_terminal: bool = False, stamp: dt.datetime | None = None
) -> tuple[Output, str]:
    """``generate --patient CODE --db URL``: the patient's stored plan in one format, and where it goes. A
    printed sheet (PDF, HTML) is filled from the record as of today in the patient's zone: each recorded
    dose's boxes in the recorded look, the rules broken under their rows
    (:mod:`il2sched.print.sheet_recorded`), so a sheet can be reprinted mid-course."""
    from il2sched.app.formats import SCHEDULE_FORMATS, choose_format
    from il2sched.app.generate import Output, previous_calendar, reminder_notes, schedule_notes, stamp_of
    from il2sched.app.options import about
    from il2sched.core.period import period_of
    from il2sched.sources.files import check_output

    stored = stored_patient(typed)
    patient = stored.patient
    own = [o for o in GENERATE.options if o.name in ("format", "output", "from", "to")]
    values = parse_values(own, typed)
    output = values["output"]
    check_output(output, [(patient.options.closed_file, "closures file")])
    with about("format"):
        fmt = choose_format(values["format"], output, SCHEDULE_FORMATS, to_terminal=to_terminal)
    planner = stored.planners.planner(patient.options)
    schedule = stored.planners.schedule(patient)
    texts = planner.texts()
    notes = [
        *schedule_notes(schedule, texts),
        *reminder_notes(patient.options, schedule.plan.time is None, texts),
    ]
    options = planner.options(
        stamp_of(stamp), previous=previous_calendar(output) if fmt.reads_previous else None
    )
    with about("from"):
        period = period_of(schedule, values["from"], values["to"])
    if period is not None and fmt.by_period:
        options = replace(options, period=period)
    elif period is not None:
        notes.append("note: " + texts("period.whole", format=fmt.name.upper()))
    if fmt.module.startswith("print."):
        from il2sched.app.report import today_in
        from il2sched.core.reconcile import reconcile

        options = replace(options, record=reconcile(schedule, patient.records, today_in(patient.options.tz)))
    return Output(fmt.renderer()(schedule, options), fmt, tuple(notes)), output


def worklist_stored(typed: Mapping[str, Raw], to_terminal: bool = False) -> tuple[Output, str]:
    """``worklist --db URL``: the patients under treatment due each day of the period, each from its stored
    plan, in the language and on the paper asked (this output's choices), and where it goes."""
    from il2sched.app.commands import WORKLIST
    from il2sched.app.formats import WORKLIST_FORMATS, choose_format
    from il2sched.app.generate import Output, stamp_of
    from il2sched.app.options import about
    from il2sched.app.planning import Planner
    from il2sched.core.worklist import build_worklist
    from il2sched.sources.files import check_output

    check_typed(typed)
    own = [o for o in WORKLIST.options if o.name in ("from", "days", "format", "output", "db")]
    values = parse_values(own, typed, ("from",))
    output = values["output"]
    check_output(output)
    with about("format"):
        fmt = choose_format(
            values["format"], output, WORKLIST_FORMATS, "worklist format", to_terminal=to_terminal
        )
    page = Planner(presented(ScheduleOptions(), typed))
    planners = WardPlanners()
    lang = page.settings.lang
    first, count = values["from"], values["days"]
    last = first + dt.timedelta(days=count - 1)
    days = build_worklist(planners.schedules(ward_patients(values["db"]), lang, (first, last)), first, count)
    return Output(fmt.renderer()(days, page.options(stamp_of(None))), fmt, ()), output


def batch_request(typed: Mapping[str, Raw]) -> BatchRequest:
    """``batch --db URL -d OUTDIR``'s request: every patient under treatment, from the ward record."""
    from il2sched.app.batch import BatchRequest
    from il2sched.app.commands import BATCH

    check_typed(typed)
    values = parse_values([o for o in BATCH.options if o.name in ("outdir", "formats", "jobs", "db")], typed,
                          ("outdir",))  # fmt: skip
    settings, rows = ward_rows(ward_patients(values["db"]), typed)
    return BatchRequest("", values["outdir"], values["formats"], settings, values["jobs"], rows=rows)


def stored_schedules(
    db: str, code: str | None, page: ScheduleOptions, stamp: dt.datetime
) -> tuple[Planner, list[Schedule], dict[str, RenderOptions]]:
    """``publish --db``'s schedules: patient ``code``'s, or every patient's under treatment, each from its
    stored plan; the planner of the output's options ``page`` and each patient's own render options (its
    language)."""
    from il2sched.app.planning import Planner

    if code is not None:
        with open_ward(db) as store:
            patients: tuple[StoredPatient, ...] = (load_patient(store, code),)
    else:
        patients = ward_patients(db)
    planners, planner = WardPlanners(), Planner(page)
    schedules = [planners.schedule(p) for p in patients]
    per_patient = {p.code: planner.options(stamp, lang=p.options.lang) for p in patients}
    return planner, schedules, per_patient
