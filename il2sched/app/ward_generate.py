"""``generate --patient CODE --db URL``: one stored patient's outputs from the ward record alone.

The plan is the stored truth (the regimen's stored copy, the options as added and changed: :mod:`.ward`),
never the command line's schedule options, which are refused with the command that changes them. A printed
sheet (PDF, HTML) is filled from the record: each recorded dose's boxes printed in the recorded look, the
rules broken under their rows (:mod:`il2sched.print.sheet_recorded`), as of today in the patient's zone; so
a sheet can be reprinted mid-course.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from il2sched.app.commands import GENERATE
from il2sched.app.formats import SCHEDULE_FORMATS, choose_format
from il2sched.app.generate import Output, previous_calendar, schedule_notes, stamp_of
from il2sched.app.options import Raw, about, parse_values
from il2sched.core.period import period_of
from il2sched.core.reconcile import reconcile
from il2sched.errors import InvalidValue

#: The options ``generate --db`` takes from the command line: which patient and record, which output.
OWN = frozenset({"patient", "db", "format", "output", "from", "to", "lang"})


@dataclass(frozen=True, slots=True)
class StoredGenerateRequest:
    """One stored patient's schedule in one format."""

    patient: str
    db: str
    format: str | None = None
    output: str = "-"
    lang: str | None = None  # None: the patient's stored language
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    to_terminal: bool = False
    stamp: dt.datetime | None = None


def stored_generate_request(raw: Mapping[str, Raw], typed: Collection[str]) -> StoredGenerateRequest:
    """The request of ``generate --db``'s options; ``typed``: the options given (not defaults). A schedule
    option given with ``--db`` is refused: the ward record's is the truth, changed by ``patients set``."""
    for option in GENERATE.options:
        if option.key in typed and option.name not in OWN:
            raise InvalidValue(
                f"--{option.name} comes from the ward record with --db: leave it out, or change the patient "
                f"with 'il2sched patients set CODE --{option.name} ...' (a change with who and why)",
                option=option.name,
            )
    values = parse_values(GENERATE.options, raw)
    if values["patient"] is None:
        raise InvalidValue(
            "--db needs --patient CODE: the stored patient whose outputs to write", option="patient"
        )
    lang = values["lang"] if "lang" in typed else None
    return StoredGenerateRequest(
        values["patient"],
        values["db"],
        values["format"],
        values["output"],
        lang,
        values["from"],
        values["to"],
    )


def generate_stored(request: StoredGenerateRequest) -> Output:
    """The stored patient's schedule in the request's format; a printed sheet filled from the record."""
    from il2sched.app.report import today_in
    from il2sched.app.ward import WardPlanners, load_patient, open_ward
    from il2sched.sources.files import check_output

    check_output(request.output, [])
    with about("format"):
        fmt = choose_format(request.format, request.output, SCHEDULE_FORMATS, to_terminal=request.to_terminal)
    patient = load_patient(open_ward(request.db), request.patient)
    lang = request.lang or patient.options.lang
    planners = WardPlanners()
    schedule = planners.schedule(patient, lang)
    planner = planners.planner(patient.options)
    previous = previous_calendar(request.output) if fmt.reads_previous else None
    options = planner.options(stamp_of(request.stamp), lang=lang, previous=previous)
    options = replace(options, record=reconcile(schedule, patient.records, today_in(patient.options.tz)))
    notes = tuple(schedule_notes(schedule, options.texts))
    with about("from"):
        period = period_of(schedule, request.period_from, request.period_to)
    if period is not None and fmt.by_period:
        options = replace(options, period=period)
    elif period is not None:
        notes = (*notes, "note: " + options.texts("period.whole", format=fmt.name.upper()))
    return Output(fmt.renderer()(schedule, options), fmt, notes)
