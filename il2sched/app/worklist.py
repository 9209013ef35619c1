"""Use case: the ward's worklist, the patients of a roster due each day of a period, in one format."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import cast

from il2sched.app.commands import WORKLIST
from il2sched.app.formats import WORKLIST_FORMATS, Format, choose_format
from il2sched.app.generate import Output, stamp_of
from il2sched.app.options import Raw, about
from il2sched.app.planning import Planner, input_files
from il2sched.app.requests import ScheduleOptions, parse_command, schedule_options
from il2sched.app.roster import RowChecker, read_checked_roster, schedules_of
from il2sched.core.worklist import WorkDay, build_worklist
from il2sched.errors import RosterError
from il2sched.sources.roster import RosterRow


@dataclass(frozen=True, slots=True)
class WorklistRequest:
    """The patients of a roster due each day of a period, in one format."""

    roster: str
    first: dt.date
    days: int = 1
    options: ScheduleOptions = field(default_factory=ScheduleOptions)
    format: str | None = None
    output: str = "-"
    stamp: dt.datetime | None = None
    to_terminal: bool = False  # as in GenerateRequest


def worklist_request(raw: Mapping[str, Raw], roster: str) -> WorklistRequest:
    """``worklist``'s request for ``roster`` from its options' texts (the command line's, or a query's)."""
    values = parse_command(WORKLIST, raw)
    return WorklistRequest(
        roster, values["from"], values["days"], schedule_options(values), values["format"], values["output"]
    )


@dataclass(frozen=True, slots=True)
class PlannedWorklist:
    """A request's worklist days and the planner that built them (the web page shows the days)."""

    days: tuple[WorkDay, ...]
    planner: Planner
    rows: tuple[RosterRow, ...] = ()  # the roster's rows (their regimen files are inputs too)
    refused: RosterError | None = None  # with ``partial``: the bad rows, left out of ``days``


def plan_worklist(
    request: WorklistRequest,
    checked: tuple[tuple[RosterRow, ...], RowChecker] | None = None,
    *,
    partial: bool = False,
) -> PlannedWorklist:
    """The days of ``request``'s worklist; every roster row is checked first (``checked``: the roster's rows
    and their checker, already checked with ``request``'s options, as the web page keeps them).

    A bad row refuses the whole worklist (a printed list missing a patient is a dose missed), unless
    ``partial``: then the days hold the good rows' doses and ``refused`` the bad rows' errors, for a page
    that shows both and prints nothing until the roster is fixed.
    """
    if checked is None:
        try:
            checked = read_checked_roster(request.roster, request.options)
        except RosterError as exc:
            if not (partial and exc.rows):
                raise
            return partial_worklist(request, exc)
    rows, checker = checked
    work = build_worklist(schedules_of(rows, checker.planner), request.first, request.days)
    return PlannedWorklist(work, checker.planner, rows)


def partial_worklist(request: WorklistRequest, refused: RosterError) -> PlannedWorklist:
    """The worklist of the rows a roster's refusal ``refused`` kept as good, the bad ones' errors beside it
    (for a page to show, never to print)."""
    rows, planner = cast("tuple[RosterRow, ...]", refused.rows), Planner(request.options)
    work = build_worklist(schedules_of(rows, planner), request.first, request.days)
    return PlannedWorklist(work, planner, rows, refused)


def worklist(request: WorklistRequest) -> Output:
    """Render the worklist of ``request``; every roster row is checked first."""
    from il2sched.sources.files import check_output

    check_output(request.output, input_files(request.options, request.roster))  # a folder: "a folder"
    fmt = worklist_format(request)
    planned = plan_worklist(request)
    check_output(request.output, input_files(request.options, request.roster, planned.rows))
    data = fmt.renderer()(planned.days, planned.planner.options(stamp_of(request.stamp)))
    return Output(data, fmt, ())


def worklist_format(request: WorklistRequest) -> Format:
    """The format ``request`` asks for (by name, or by its output's suffix)."""
    with about("format"):
        return choose_format(
            request.format,
            request.output,
            WORKLIST_FORMATS,
            "worklist_format",
            to_terminal=request.to_terminal,
        )
