"""Use case: one patient's schedule, rendered in one format.

:func:`plan_schedule` builds the schedule (the web page's preview stops there); :func:`generate` renders it.
Both faces call these, so the same request gives the same bytes from the command line and the web page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from il2sched.app.formats import SCHEDULE_FORMATS, Format, choose_format
from il2sched.app.planning import Planner
from il2sched.app.requests import GenerateRequest
from il2sched.core.closed_days import conflict_notes
from il2sched.core.schedule import (
    DEFAULT_PATIENT,
    Schedule,
    build_schedule,
    check_patient_code,
    check_start,
    mondays_around,
)


@dataclass(frozen=True, slots=True)
class Planned:
    """A request's schedule, the planner that built it, and the notes for the user (warnings, not errors)."""

    schedule: Schedule
    planner: Planner
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Output:
    """Rendered bytes, their format, and the notes for the user."""

    data: bytes
    format: Format
    notes: tuple[str, ...]


def stamp_of(stamp: dt.datetime | None) -> dt.datetime:
    """The request's stamp, else the generation stamp (``SOURCE_DATE_EPOCH`` or now)."""
    if stamp is not None:
        return stamp
    from il2sched.sources.clock import generation_stamp

    return generation_stamp()


def plan_schedule(request: GenerateRequest) -> Planned:
    """The schedule of ``request`` and its notes; raise an :class:`~il2sched.errors.Il2schedError` if bad."""
    notes: list[str] = []
    start = request.start
    planner = Planner(request.options)
    regimen = planner.regimen(request.options.regimen)
    # Only a regimen tied to weekdays needs a Monday; a regimen of study days starts on any day.
    if request.align and regimen.weekday_tied and start.weekday() != 0:
        previous, following = mondays_around(start)
        aligned = following if request.align == "next" else previous
        using = f"using {aligned.isoformat()} (--align {request.align})"
        notes.append(f"start {start.isoformat()} is not a Monday; {using}")
        start = aligned
    check_start(start, regimen, hint=", or add --align previous|next")
    code = check_patient_code(request.patient) if request.patient is not None else DEFAULT_PATIENT
    schedule = build_schedule(planner.plan(code, start))
    notes += body_size_notes(schedule)
    notes += schedule_notes(schedule, planner)
    return Planned(schedule, planner, tuple(notes))


def body_size_notes(schedule: Schedule) -> list[str]:
    """A note when a body size was given for a regimen whose doses do not depend on it."""
    body, regimen = schedule.plan.body, schedule.regimen
    if body is None or any(p.dose.per for p in regimen.phases):
        return []
    return [f"note: the body size given is not used: regimen {regimen.id}'s doses are fixed"]


def schedule_notes(schedule: Schedule, planner: Planner) -> list[str]:
    """One note per dose a closed day affects, prefixed with the patient's code when it has one."""
    if all(a.status == "planned" for a in schedule.administrations):
        return []
    prefix = "" if schedule.plan.patient == DEFAULT_PATIENT else f"{schedule.plan.patient}: "
    return [f"note: {prefix}{line}" for line in conflict_notes(schedule, planner.texts("en").date)]


def generate(request: GenerateRequest) -> Output:
    """Render ``request``'s schedule in its format."""
    fmt = choose_format(request.format, request.output, SCHEDULE_FORMATS)
    planned = plan_schedule(request)
    previous = previous_calendar(request.output) if fmt.reads_previous else None
    options = planned.planner.options(stamp_of(request.stamp), previous=previous)
    return Output(fmt.renderer()(planned.schedule, options), fmt, planned.notes)


def previous_calendar(output: str) -> dict[str, tuple[int, str]]:
    """The events of the calendar a run is about to replace, so moved events get a higher SEQUENCE."""
    from il2sched.export.ics import previous_events
    from il2sched.sources.files import read_replaced

    return previous_events(read_replaced(output))
