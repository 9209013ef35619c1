"""A roster read for a use case: its columns, every row checked down to its schedule, and each row's plan.

The columns are the options declared with a roster :class:`~il2sched.app.options.Column`, their cells parsed
by the same parsers as the options (:mod:`il2sched.sources.roster` reads the file). Shared by ``batch``,
``worklist``, ``publish --roster`` and the web page's roster: the whole roster is checked before any output,
so a bad row stops the run with every problem listed by line.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from il2sched.app.commands import GENERATE
from il2sched.app.formats import SCHEDULE_FORMATS
from il2sched.app.options import Column, Option
from il2sched.app.planning import Planner
from il2sched.app.requests import DEFAULT_REGIMEN, ScheduleOptions
from il2sched.core.dosing import body_size
from il2sched.core.messages import keyed
from il2sched.core.regimen import Regimen
from il2sched.core.schedule import Plan, Schedule, build_schedule, check_start
from il2sched.errors import ScheduleError
from il2sched.sources.outdir import MANIFEST
from il2sched.sources.regimens import load_regimen
from il2sched.sources.roster import RosterColumns, RosterRow, RowCheck, parse_rows, read_rows

#: The roster's columns: every option of ``generate`` declared with one, in the declared order.
COLUMNS: tuple[tuple[Option, Column], ...] = tuple(
    (o, o.roster) for o in GENERATE.options if isinstance(o.roster, Column)
)

#: The ward files' name (``ward.ics``, ``ward.csv``): no patient may take it.
WARD = "ward"
WARD_FILES = (f"{WARD}.ics", f"{WARD}.csv")

#: Names Windows keeps for devices, with or without an extension: ``CON.1.ics`` or ``nul.txt.csv`` cannot be
#: created there, so no batch output may start with one (checked on every platform: folders travel).
WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


def output_names(patient: str) -> tuple[str, ...]:
    """Every file name a batch could write for ``patient``, one per format (whichever formats are asked)."""
    return tuple(f"{patient}{fmt.suffix}" for fmt in SCHEDULE_FORMATS.values())


def _suffix_parts() -> tuple[tuple[str, str, str], ...]:
    """(part, longer, shorter) for each suffix that is another with a part before it (.fhir + .json)."""
    suffixes = {f.suffix for f in SCHEDULE_FORMATS.values()}
    pairs = [(a, b) for a in suffixes for b in suffixes if a != b and a.endswith(b)]
    return tuple(sorted((a[: -len(b)].casefold(), a, b) for a, b in pairs))


#: Two codes' files can only meet when one code is the other plus such a part ("A.fhir" + ".json" is
#: "A" + ".fhir.json"), so the check keeps one entry per patient, not one per possible file: a
#: 10,000-patient roster would otherwise hold 70,000 names in memory for the whole run.
SUFFIX_PARTS = _suffix_parts()


def plan_for(planner: Planner, row: RosterRow, *, own_language: bool = True) -> Plan:
    """A roster row's plan: the request's options overridden by the row's own cells.

    Without ``own_language`` the closed days are named in the request's language, as a ward-wide output
    (the worklist) needs, instead of the patient's.
    """
    return planner.plan(
        row.patient, row.start, time=row.time, regimen=row.regimen,
        delays=row.delays or None, lang=row.lang if own_language else None, body=row.body,
        weekends_open=row.weekends_open,
    )  # fmt: skip


class RowChecker:
    """Checks each roster row deeply (its schedule must build); ``instants`` gathers its events' local times,
    which the ward calendar's VTIMEZONE must cover."""

    def __init__(self, planner: Planner, printed: bool = False) -> None:
        self.planner = planner
        self.printed = printed  # a printed format is wanted: the row's site and regimen must be drawable
        self.instants: set[dt.datetime] = set()
        self.affected: Counter[str] = Counter()  # status -> doses a closed day affects, whole roster
        self.patients_affected = 0
        self.all_day = False  # some patient's events are all-day (no time)
        # Patient code (case-folded: some file systems ignore case) -> its line and code as written.
        self.codes: dict[str, tuple[int, str]] = {}

    def __call__(self, row: RosterRow) -> None:
        _check_names_free(self, row)
        from il2sched.export.ics import event_times

        if self.printed:  # now, with the row's line, rather than in a worker half-way through the batch
            from il2sched.print.layout import check_regimen_drawable, check_site

            check_site(row.site or self.planner.settings.site)
            check_regimen_drawable(row.regimen or self.planner.regimen(self.planner.settings.regimen))

        schedule = build_schedule(plan_for(self.planner, row))
        statuses = Counter(str(a.status) for a in schedule.administrations if a.status != "planned")
        self.affected.update(statuses)
        self.patients_affected += bool(statuses)
        plan, duration = schedule.plan, self.planner.settings.duration
        self.all_day = self.all_day or plan.time is None
        if plan.time is not None:
            for admin in schedule.given:
                self.instants.update(event_times(admin.date, plan.time, plan.tz, duration))


def _check_names_free(checker: RowChecker, row: RosterRow) -> None:
    """Refuse a code whose output files would be another patient's, the ward files or the manifest."""
    code = row.patient
    if code.lower() == WARD:
        raise keyed(ScheduleError, "code.ward", code=repr(code))
    if code.split(".")[0].lower() in WINDOWS_DEVICES:
        raise keyed(ScheduleError, "code.device", code=repr(code), device=repr(code.split(".")[0]))
    reserved = {name.casefold() for name in (*WARD_FILES, MANIFEST)}
    for name in output_names(code):
        if name.casefold() in reserved:
            raise keyed(ScheduleError, "code.batch", code=repr(code), file=name)
    key = code.casefold()
    if key in checker.codes:
        return  # the same code twice: the roster's own check says so
    for part, longer, shorter in SUFFIX_PARTS:
        if key.endswith(part) and key[: -len(part)] in checker.codes:  # this code is another's plus part
            line, other = checker.codes[key[: -len(part)]]
            _clash(code, f"{code}{shorter}", other, line)
        if key + part in checker.codes:  # another code is this one plus part
            line, other = checker.codes[key + part]
            _clash(code, f"{code}{longer}", other, line)
    checker.codes[key] = (row.line, code)


def _clash(code: str, name: str, other: str, line: int) -> None:
    raise keyed(ScheduleError, "code.clash", code=repr(code), file=name, other=other, line=line)


def roster_columns(
    default_regimen: str = DEFAULT_REGIMEN, regimens: Callable[[str], Regimen] = load_regimen
) -> RosterColumns:
    """The roster's columns, their cells parsed as the options are; a row without a regimen follows
    ``default_regimen`` (a regimen tied to weekdays needs a Monday start; others any day)."""
    loaded: dict[str, Regimen] = {}

    def row(cells: dict[str, str], line: int) -> RosterRow:
        values: dict[str, Any] = {}
        for option, column in COLUMNS:
            text = cells.get(column.name, "")
            if column.split:
                values[option.field] = option.collect(tuple(option.parse(part) for part in text.split()))
            else:
                values[option.field] = option.parse(text) if text else None
        name = values["regimen"] or default_regimen
        if name not in loaded:
            loaded[name] = regimens(name)
        check_start(values["start"], loaded[name])  # a Monday for a regimen tied to weekdays, any day else
        regimen = loaded[name] if values["regimen"] else None
        return RosterRow(
            line, values["patient"], values["start"], values["time"], regimen,
            values["delays"], values["site"], values["lang"], values["regimen"] or "",
            body_size(values["bsa"], values["height"], values["weight"]),
            tuple((c.name, cells[c.name]) for _, c in COLUMNS if c.name in cells), values["weekends_open"],
        )  # fmt: skip

    required = tuple(c.name for _, c in COLUMNS if c.required)
    return RosterColumns(required, tuple(c.name for _, c in COLUMNS if not c.required), row)


def read_roster(
    path: str, check: RowCheck | None = None, default_regimen: str = DEFAULT_REGIMEN
) -> tuple[RosterRow, ...]:
    """Read and validate the roster at ``path`` (:func:`roster_columns`); every bad row is listed."""
    return read_rows(path, roster_columns(default_regimen), check)


def parse_roster(
    raw: bytes,
    name: str,
    regimens: Callable[[str], Regimen] = load_regimen,
    check: RowCheck | None = None,
    default_regimen: str = DEFAULT_REGIMEN,
) -> tuple[RosterRow, ...]:
    """Parse roster bytes; ``name`` labels error lines, ``regimens`` loads a regimen by name or path."""
    return parse_rows(raw, name, roster_columns(default_regimen, regimens), check)


def roster_query(row: RosterRow) -> list[tuple[str, str]]:
    """The query parameters of ``row``'s own cells, as written (a cell of several values: one each), so the
    page's schedule of a roster row is the row's schedule."""
    by_column = {column.name: (option, column) for option, column in COLUMNS}
    query = []
    for name, text in row.cells:
        option, column = by_column[name]
        query += [(option.name, part) for part in (text.split() if column.split else [text])]
    return query


def read_checked_roster(
    path: str, options: ScheduleOptions, printed: bool = False
) -> tuple[tuple[RosterRow, ...], RowChecker]:
    """Read the roster at ``path`` with ``options`` as defaults, every row checked down to its schedule (and,
    when a ``printed`` format is wanted, its site and regimen against the printed page's font)."""
    checker = RowChecker(Planner(options), printed)
    return read_roster(path, check=checker, default_regimen=options.regimen), checker


def schedules_of(rows: tuple[RosterRow, ...], planner: Planner) -> Iterator[Schedule]:
    """The rows' schedules, one at a time, closed days named in the request's language (worklist)."""
    for row in rows:
        yield build_schedule(plan_for(planner, row, own_language=False))
