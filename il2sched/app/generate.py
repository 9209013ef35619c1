"""Use case: one patient's schedule, rendered in one format.

:func:`plan_schedule` builds the schedule (the web page's preview stops there); :func:`generate` renders it.
Both faces call these, so the same request gives the same bytes from the command line and the web page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from il2sched.app.formats import SCHEDULE_FORMATS, Format, choose_format
from il2sched.app.options import about
from il2sched.app.planning import Planner, input_files
from il2sched.app.requests import GenerateRequest, ScheduleOptions
from il2sched.core.bounds import check_date
from il2sched.core.clock import Edge, clock_note
from il2sched.core.closed_days import conflict_notes, dose_label
from il2sched.core.parsing import duration_text
from il2sched.core.period import Period, period_of
from il2sched.core.schedule import (
    Schedule,
    build_schedule,
    check_patient_code,
    check_start,
    mondays_around,
)
from il2sched.core.texts import Texts
from il2sched.errors import InvalidValue
from il2sched.sources.zones import dose_time


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
    planner = Planner(request.options)
    texts = planner.texts()
    notes: list[str] = []
    with about("start"):
        start = check_date(request.start, "start_date")
    regimen = planner.regimen(request.options.regimen)
    # Only a regimen tied to weekdays needs a Monday; a regimen of study days starts on any day.
    if request.align and regimen.weekday_tied and start.weekday() != 0:
        previous, following = mondays_around(start)
        aligned = following if request.align == "next" else previous
        notes.append(
            "note: "
            + texts("note.align", start=start.isoformat(), monday=aligned.isoformat(), align=request.align)
        )
        start = aligned
    elif request.align and not regimen.weekday_tied and start.weekday() != 0:
        notes.append("note: " + texts("note.align_unused", regimen=regimen.id, start=start.isoformat()))
    with about("start"):
        check_start(start, regimen, align=True)
    with about("patient"):
        code = check_patient_code(request.patient) if request.patient is not None else None
    schedule = build_schedule(planner.plan(code, start))
    notes += body_size_notes(schedule, texts)
    notes += schedule_notes(schedule, texts)
    notes += reminder_notes(request.options, schedule.plan.time is None, texts)
    return Planned(schedule, planner, tuple(notes))


def body_size_notes(schedule: Schedule, texts: Texts) -> list[str]:
    """A note when a body size was given for a regimen whose doses do not depend on it."""
    body, regimen = schedule.plan.body, schedule.regimen
    if body is None or any(p.dose.per for p in regimen.phases):
        return []
    return ["note: " + texts("note.body_unused", regimen=regimen.id)]


def schedule_notes(schedule: Schedule, texts: Texts) -> list[str]:
    """The notes for the user about one schedule, in ``texts``' language: one per dose a closed day affects
    or the clocks move, and a warning when no dose is left to give. Prefixed with the patient's code when
    it has one."""
    prefix = "" if schedule.plan.patient is None else texts.labelled(schedule.plan.patient, "")
    lines = (
        conflict_notes(schedule, texts)
        if any(a.status != "planned" for a in schedule.administrations)
        else []
    )
    lines += clock_notes(schedule, texts)
    notes = [f"note: {prefix}{line}" for line in lines]
    if schedule.administrations and not schedule.given:
        notes.append(f"warning: {prefix}{texts('note.all_skipped', count=len(schedule.administrations))}")
    return notes


def clock_notes(schedule: Schedule, texts: Texts) -> list[str]:
    """One line per dose at a time the clocks skip or repeat (its place is the same in every format)."""
    lines = []
    for admin in schedule.given:
        local = dose_time(admin.date, admin.time, schedule.plan.tz)
        if local is not None and local.edge is not Edge.NONE:
            lines.append(texts("note.clock", dose=dose_label(admin, texts), note=clock_note(local, texts)))
    return lines


def reminder_notes(options: ScheduleOptions, all_day: bool, texts: Texts) -> list[str]:
    """When there are all-day events (``all_day``), when each ``--remind`` fires: all-day events start at
    midnight, so "1h" rings at 23:00 the evening before, which nobody would guess."""
    if not options.reminders or not all_day:
        return []
    return [
        "note: " + texts("note.remind", before=duration_text(before), when=_fires(before, texts))
        for before in options.reminders
    ]


def _fires(before: dt.timedelta, texts: Texts) -> str:
    midnight = dt.datetime(2000, 1, 10)
    fires = midnight - before
    days = (midnight.date() - fires.date()).days
    time = f"{fires:%H:%M}"
    if days == 1:
        return texts("note.remind.day_before", time=time)
    return texts("note.remind.days_before", time=time, n=days)


def generate(request: GenerateRequest) -> Output:
    """Render ``request``'s schedule in its format."""
    from il2sched.sources.files import check_output

    check_output(request.output, input_files(request.options))  # first: a folder is "a folder", not a name
    fmt = request_format(request)
    planned = plan_schedule(request)
    previous = previous_calendar(request.output) if fmt.reads_previous else None
    options = planned.planner.options(stamp_of(request.stamp), previous=previous)
    notes = planned.notes
    period = request_period(request, planned.schedule)
    if period is not None and fmt.by_period:
        options = replace(options, period=period)
    elif period is not None:  # a calendar or a file for programs: whole, always, and the user is told
        notes = (*notes, "note: " + planned.planner.texts()("period.whole", format=fmt.name.upper()))
    return Output(fmt.renderer()(planned.schedule, options), fmt, notes)


def request_format(request: GenerateRequest) -> Format:
    """The format ``request`` asks for (by name, or by its output's suffix)."""
    with about("format"):
        return choose_format(
            request.format, request.output, SCHEDULE_FORMATS, to_terminal=request.to_terminal
        )


def request_period(request: GenerateRequest, schedule: Schedule) -> Period | None:
    """The period ``request``'s ``--from`` and ``--to`` ask for, checked against ``schedule`` (None
    without them)."""
    with about("from"):
        return period_of(schedule, request.period_from, request.period_to)


def previous_calendar(output: str) -> dict[str, tuple[int, str]]:
    """The events of the calendar a run is about to replace, so moved events get a higher SEQUENCE."""
    from il2sched.sources.files import read_replaced

    return previous_of(read_replaced(output), output)


def previous_of(data: bytes, name: str) -> dict[str, tuple[int, str]]:
    """The events of calendar bytes read from ``name``; an error there names the file."""
    from il2sched.export.ics import previous_events
    from il2sched.sources.files import shown

    try:
        return previous_events(data)
    except InvalidValue as exc:
        raise InvalidValue(f"{shown(name)}: {exc}") from None
