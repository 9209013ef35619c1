"""iCalendar export (RFC 5545): one VEVENT per administration that is to be given.

UIDs are derived from trial, regimen, patient, cycle and day (and the start date for a schedule without a
patient code), so importing a regenerated file updates the events instead of duplicating them, and two
patients' calendars never share one. DTSTAMP is the stamp passed in, so identical inputs give identical bytes.

Times follow RFC 5545 and every reader alike: a dose at a wall time that happens twice (the clocks go back)
is written in UTC, the first occurrence, with the zone's name kept in ``X-IL2SCHED-TZID`` and the reason in
the description; one at a wall time that does not exist is written at the wall time that exists then.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace

import icalendar

from il2sched import __version__
from il2sched.core.clock import Edge, LocalTime
from il2sched.core.options import RenderOptions
from il2sched.core.schedule import Administration, Schedule
from il2sched.core.texts import Texts
from il2sched.errors import InvalidValue
from il2sched.export.event_texts import calendar_name, description, summary
from il2sched.export.vtimezone import build_vtimezone
from il2sched.sources.zones import load_zone, local_time

_UID_NAMESPACE = uuid.UUID("6f1c7c2e-3a5b-5d2e-9a41-2c0b1e8f4d10")

#: The zone of an event written in UTC because its local time happens twice (readers ignore X- properties).
TZID_PROP = "X-IL2SCHED-TZID"


def event_uid(schedule: Schedule, admin: Administration) -> str:
    """The stable UID of an administration's event: the same for a regenerated calendar of the patient.

    Without a patient code every schedule would have the same code, and importing two of them into one
    calendar app would replace the first one's doses: the start date then tells the schedules apart.
    """
    regimen = schedule.regimen
    patient = admin.patient
    if schedule.plan.patient is None:
        patient = f"{patient}/{schedule.plan.start.isoformat()}"
    name = f"{regimen.trial_id}/{regimen.id}/{patient}/{admin.cycle}/{admin.cycle_day}"
    return f"{uuid.uuid5(_UID_NAMESPACE, name)}@il2sched"


def when_key(admin: Administration, schedule: Schedule, options: RenderOptions) -> str:
    """DTSTART and DTEND as written, in the normalized form :func:`previous_events` reads back."""
    plan = schedule.plan
    if plan.time is None:
        end = admin.date + dt.timedelta(days=1)
        return f"{admin.date:%Y%m%d}|{end:%Y%m%d}"
    times = timed_event(admin.date, plan.time, plan.tz, options.duration)
    if times.in_utc:
        return f"{times.start:%Y%m%dT%H%M%S}Z|{times.end:%Y%m%dT%H%M%S}Z"
    return f"{plan.tz}:{times.start:%Y%m%dT%H%M%S}|{plan.tz}:{times.end:%Y%m%dT%H%M%S}"


def sequence(admin: Administration, schedule: Schedule, options: RenderOptions) -> int:
    """The event's SEQUENCE: higher whenever its date or time changed, computed without a clock.

    Without a previous calendar it is the number of days the dose sits away from the date the protocol
    first gave it (delays and shifts), so postponing further raises it. With the previous calendar of the
    same patient (``options.previous``), an unchanged event keeps its number and a moved one gets one more
    than before, so re-importing always moves the event, even back to an earlier date.
    """
    base = abs((admin.date - (admin.protocol_date or admin.date)).days)
    previous = options.previous.get(event_uid(schedule, admin))
    if previous is None:
        return base
    old_sequence, old_when = previous
    if old_when == when_key(admin, schedule, options):
        return old_sequence
    return max(old_sequence + 1, base)


def previous_events(data: bytes) -> dict[str, tuple[int, str]]:
    """UID -> (SEQUENCE, normalized DTSTART|DTEND) of the VEVENTs in a calendar il2sched wrote before."""
    text = data.decode("utf-8", "replace").replace("\r\n ", "").replace("\r\n\t", "")
    found: dict[str, tuple[int, str]] = {}
    uid, seq, start, end, depth = "", 0, "", "", 0
    for line in text.splitlines():
        if line == "BEGIN:VEVENT":
            uid, seq, start, end, depth = "", 0, "", "", 1
        elif line.startswith("BEGIN:") and depth:
            depth += 1
        elif line.startswith("END:") and depth:
            depth -= 1
            if depth == 0 and uid:
                found[uid] = (seq, f"{start}|{end}")
        elif depth == 1:
            name, _, value = line.partition(":")
            prop, *params = name.split(";")
            tzid = next((p[5:] for p in params if p.upper().startswith("TZID=")), "")
            when = f"{tzid}:{value}" if tzid else value
            if prop == "UID":
                uid = value
            elif prop == "SEQUENCE":
                seq = _sequence_number(value)
            elif prop == "DTSTART":
                start = when
            elif prop == "DTEND":
                end = when
    return found


#: The highest SEQUENCE read back: one more must still fit the signed 32-bit integer calendar apps store.
MAX_SEQUENCE = 2**31 - 2


def _sequence_number(value: str) -> int:
    """A previous event's SEQUENCE: plain ASCII digits, 0 to :data:`MAX_SEQUENCE`, or a one-line error."""
    # Not str.isdigit: it takes '²', which int() then refuses.
    if not (value.isascii() and value.isdigit() and len(value) <= 10 and int(value) <= MAX_SEQUENCE):
        shown = repr(value if len(value) <= 20 else value[:20] + "...")
        raise InvalidValue(
            f"the calendar being replaced has SEQUENCE {shown}, not a whole number from 0 to {MAX_SEQUENCE}; "
            "fix or remove that file, or write to another one"
        )
    return int(value)


@dataclass(frozen=True, slots=True)
class EventTimes:
    """A timed event's DTSTART and DTEND as written, and the dose's local time."""

    start: dt.datetime  # naive wall time in the event's zone, or aware UTC
    end: dt.datetime
    local: LocalTime
    wall_end: dt.datetime  # the end as a naive wall time

    @property
    def in_utc(self) -> bool:
        """True when the times are written in UTC ("Z"), not as wall times with a TZID."""
        return self.start.tzinfo is not None


def timed_event(day: dt.date, time: dt.time, tz: str, duration: dt.timedelta) -> EventTimes:
    """How a dose at ``time`` on ``day`` in zone ``tz`` lasting ``duration`` is written.

    Normally as wall times with the zone's TZID. A dose shifted onto the night the clocks change may fall in
    a wall time readers disagree on: one that does not exist is written as the wall time of its RFC 5545
    instant (02:30 on the New York spring-forward night is written 03:30); when the start or the end happens
    twice (the clocks go back), both are written in UTC, the first occurrence, where every reader lands. The
    end is always the real elapsed ``duration`` after the start.
    """
    local = local_time(day, time, tz)
    end_utc = local.utc + duration
    if tz == "UTC":
        return EventTimes(local.utc, end_utc, local, end_utc.replace(tzinfo=None))
    wall_end = end_utc.astimezone(load_zone(tz)).replace(tzinfo=None)
    if local.edge is Edge.FOLD or local_time(wall_end.date(), wall_end.time(), tz).edge is Edge.FOLD:
        return EventTimes(local.utc, end_utc, local, wall_end)
    return EventTimes(local.wall, wall_end, local, wall_end)


def event_times(
    day: dt.date, time: dt.time, tz: str, duration: dt.timedelta
) -> tuple[dt.datetime, dt.datetime]:
    """The naive local wall times a dose's event starts and ends at (what a VTIMEZONE must be exact for)."""
    times = timed_event(day, time, tz, duration)
    return times.local.wall, times.wall_end


#: The line that ends a calendar file, after its events.
CALENDAR_END = b"END:VCALENDAR\r\n"


@dataclass(frozen=True, slots=True)
class CalendarParts:
    """A calendar file as its parts: the opening (its properties and VTIMEZONE) and each VEVENT as
    icalendar writes it. The file is their concatenation; a ward calendar puts many patients' events after
    an opening of its own."""

    opening: bytes
    events: tuple[bytes, ...]

    def to_bytes(self) -> bytes:
        """The whole file."""
        return self.opening + b"".join(self.events) + CALENDAR_END


def calendar_parts(schedule: Schedule, options: RenderOptions) -> CalendarParts:
    """The schedule's calendar as its parts: one event per administration that is to be given."""
    admins = schedule.given
    numbers = [sequence(a, schedule, options) for a in admins]
    frame, events = _components(schedule, options, admins, numbers, standalone=True)
    return CalendarParts(opening(frame), tuple(event.to_ical() for event in events))


def render(schedule: Schedule, options: RenderOptions) -> bytes:
    """The schedule as an iCalendar file (CRLF lines, folded at 75 octets by icalendar)."""
    return calendar_parts(schedule, options).to_bytes()


@dataclass(frozen=True, slots=True)
class CalendarObject:
    """One administration as a CalDAV calendar object: a VCALENDAR with its VEVENT and the VTIMEZONE it uses.

    No METHOD and no calendar name: RFC 4791 forbids METHOD in the objects of a calendar collection.
    ``properties`` are more properties of the VEVENT (a publisher's own ``X-`` ones).
    """

    schedule: Schedule
    admin: Administration
    options: RenderOptions
    properties: tuple[tuple[str, str], ...] = ()

    @property
    def uid(self) -> str:
        """The event's UID: the one the calendar file gives the same administration."""
        return event_uid(self.schedule, self.admin)

    @property
    def sequence(self) -> int:
        """The SEQUENCE the schedule gives the event (:func:`sequence`)."""
        return sequence(self.admin, self.schedule, self.options)

    def content(self) -> bytes:
        """The object without DTSTAMP and SEQUENCE (the two a run decides): it changes when the dose does."""
        return _serialized(self._calendar(None))

    def to_ical(self, number: int) -> bytes:
        """The object as sent: stamped with the options' stamp, with SEQUENCE ``number``."""
        return _serialized(self._calendar(number))

    def with_properties(self, *properties: tuple[str, str]) -> CalendarObject:
        """The same object with ``properties`` added to its VEVENT."""
        return replace(self, properties=(*self.properties, *properties))

    def _calendar(self, number: int | None) -> icalendar.Calendar:
        numbers = None if number is None else [number]
        frame, (event,) = _components(self.schedule, self.options, (self.admin,), numbers, standalone=False)
        for name, value in self.properties:
            event.add(name, value)
        frame.add_component(event)
        return frame


def _serialized(component: icalendar.Component) -> bytes:
    data: bytes = component.to_ical()
    return data


def new_calendar(texts: Texts, name: str | None) -> icalendar.Calendar:
    """An empty VCALENDAR with our PRODID; with a ``name``, a standalone file: METHOD and display names."""
    cal = icalendar.Calendar()
    cal.add("PRODID", f"-//il2sched//il2sched {__version__}//{texts.lang.upper()}")
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    if name is not None:
        cal.add("METHOD", "PUBLISH")
        cal.add("NAME", name)
        cal.add("X-WR-CALNAME", name)
    return cal


def opening(frame: icalendar.Calendar) -> bytes:
    """A VCALENDAR's content lines before its END line, written: its events go after them, and then
    :data:`CALENDAR_END`."""
    *lines, end = (line for line in frame.content_lines() if line)
    if end != "END:VCALENDAR":
        raise AssertionError(f"a VCALENDAR ends with END:VCALENDAR, not {end!r}")
    return b"".join(line.to_ical() + b"\r\n" for line in lines)


def calendar_head(texts: Texts, name: str, tz: str | None, instants: Sequence[dt.datetime]) -> bytes:
    """The opening of a calendar whose events are streamed after it (the ward calendar), up to its VTIMEZONE.

    ``tz`` and the naive local ``instants`` of every event give the VTIMEZONE; the caller writes the events
    (:attr:`CalendarParts.events`), then :data:`CALENDAR_END`.
    """
    cal = new_calendar(texts, name)
    if tz is not None:
        cal.add_component(build_vtimezone(tz, instants))
    return opening(cal)


def _components(
    schedule: Schedule,
    options: RenderOptions,
    admins: Sequence[Administration],
    numbers: Sequence[int] | None,
    *,
    standalone: bool,
) -> tuple[icalendar.Calendar, list[icalendar.Event]]:
    """The VCALENDAR without its events (``standalone`` adds METHOD and the names), and the events of
    ``admins`` with the SEQUENCE ``numbers`` and the options' DTSTAMP; without either (the two properties a
    run decides) when ``numbers`` is ``None``."""
    plan = schedule.plan
    cal = new_calendar(options.texts, calendar_name(schedule, options) if standalone else None)
    times: dict[int, EventTimes] = {}
    if plan.time is not None:
        times = {i: timed_event(a.date, plan.time, plan.tz, options.duration) for i, a in enumerate(admins)}
    # Events written in UTC ("Z" times: zone UTC, or a time that happens twice) need no VTIMEZONE: define
    # only the TZIDs in use.
    walls = [w for t in times.values() if not t.in_utc for w in (t.start, t.end)]
    # X-WR-TIMEZONE names the zone for apps that want one per calendar. Readers that honour it (the
    # x-wr-timezone package under recurring-ical-events) rewrite UTC times as wall times of that zone and
    # lose which of two occurrences they meant: a calendar with an event written in UTC leaves it out.
    if walls and standalone and len(walls) == 2 * len(times):
        cal.add("X-WR-TIMEZONE", plan.tz)
    if walls:
        cal.add_component(build_vtimezone(plan.tz, walls))
    events = []
    for i, admin in enumerate(admins):
        event = _event(admin, schedule, options, times.get(i))
        if numbers is not None:
            event.add("DTSTAMP", options.stamp)
            event.add("SEQUENCE", numbers[i])
        events.append(event)
    return cal, events


def _event(
    admin: Administration, schedule: Schedule, options: RenderOptions, times: EventTimes | None
) -> icalendar.Event:
    plan = schedule.plan
    event = icalendar.Event()
    # DTSTAMP and SEQUENCE are the caller's (:func:`_components`): what a run decides, not the dose.
    event.add("UID", event_uid(schedule, admin))
    if times is None:
        event.add("DTSTART", admin.date)
        event.add("DTEND", admin.date + dt.timedelta(days=1))  # exclusive end: the next day
        event.add("TRANSP", "TRANSPARENT")
    elif times.in_utc:
        event.add("DTSTART", times.start)
        event.add("DTEND", times.end)
        event.add("TRANSP", "OPAQUE")
    else:
        event.add("DTSTART", times.start, parameters={"TZID": plan.tz})
        event.add("DTEND", times.end, parameters={"TZID": plan.tz})
        event.add("TRANSP", "OPAQUE")
    text = summary(admin, options, schedule)
    event.add("SUMMARY", text)
    event.add("DESCRIPTION", description(admin, options, schedule, times.local if times else None))
    if not options.private:
        event.add("CATEGORIES", [schedule.regimen.trial_id])
    # A dose that needs a person is not confirmed: the investigator decides, or the unit's opening does.
    event.add("STATUS", "TENTATIVE" if admin.attention is not None else "CONFIRMED")
    if times is not None and times.in_utc and plan.tz != "UTC":
        event.add(TZID_PROP, plan.tz)
    for trigger in _triggers(admin, options, times):
        alarm = icalendar.Alarm()
        alarm.add("ACTION", "DISPLAY")
        alarm.add("TRIGGER", trigger)
        alarm.add("DESCRIPTION", options.texts("alarm", summary=text))
        event.add_component(alarm)
    return event


def _triggers(admin: Administration, options: RenderOptions, times: EventTimes | None) -> list[dt.timedelta]:
    """The alarms' triggers, relative to the event's start: ``--remind`` durations before it, then
    ``--remind-at`` times of the dose's day (after midnight for an all-day event); one alarm per instant, so
    ``--remind 1h`` and ``--remind-at 08:00`` for a 09:00 dose ring once."""
    out = [-before for before in options.reminders]
    for at in options.remind_at:
        if times is None:
            out.append(dt.timedelta(hours=at.hour, minutes=at.minute))
        else:
            # The elapsed time between the two instants, so a clock change between them is counted.
            out.append(local_time(admin.date, at, times.local.zone).utc - times.local.utc)
    return list(dict.fromkeys(out))
