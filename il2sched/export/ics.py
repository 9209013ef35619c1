"""iCalendar export (RFC 5545): one VEVENT per administration that is to be given.

UIDs are derived from trial, regimen, patient, cycle and day, so importing a regenerated file updates the
events instead of duplicating them. DTSTAMP is the stamp passed in, so identical inputs give identical bytes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

import icalendar

from il2sched import __version__
from il2sched.core.closed_days import note
from il2sched.core.options import RenderOptions
from il2sched.core.schedule import Administration, Schedule, Status
from il2sched.core.summary import position
from il2sched.core.texts import Texts
from il2sched.export.vtimezone import build_vtimezone
from il2sched.sources.zones import load_zone

_UID_NAMESPACE = uuid.UUID("6f1c7c2e-3a5b-5d2e-9a41-2c0b1e8f4d10")


def event_uid(schedule: Schedule, admin: Administration) -> str:
    """The stable UID of an administration's event."""
    regimen = schedule.regimen
    name = f"{regimen.trial_id}/{regimen.id}/{admin.patient}/{admin.cycle}/{admin.cycle_day}"
    return f"{uuid.uuid5(_UID_NAMESPACE, name)}@il2sched"


def when_key(admin: Administration, schedule: Schedule, options: RenderOptions) -> str:
    """DTSTART and DTEND as written, in the normalized form :func:`previous_events` reads back."""
    plan = schedule.plan
    if plan.time is None:
        end = admin.date + dt.timedelta(days=1)
        return f"{admin.date:%Y%m%d}|{end:%Y%m%d}"
    start, end_time = event_times(admin.date, plan.time, plan.tz, options.duration)
    if plan.tz == "UTC":  # icalendar writes TZID=UTC as "Z" times
        return f"{start:%Y%m%dT%H%M%S}Z|{end_time:%Y%m%dT%H%M%S}Z"
    return f"{plan.tz}:{start:%Y%m%dT%H%M%S}|{plan.tz}:{end_time:%Y%m%dT%H%M%S}"


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
            elif prop == "SEQUENCE" and value.isdigit():
                seq = int(value)
            elif prop == "DTSTART":
                start = when
            elif prop == "DTEND":
                end = when
    return found


def summary(admin: Administration, options: RenderOptions, schedule: Schedule) -> str:
    """The event title: drug, dose, cycle and day, and the status when it is not plainly planned."""
    texts = options.texts
    values = {
        "drug": schedule.regimen.drug,
        "dose": texts.dose(admin.dose_iu),
        "position": position(schedule.regimen, admin.cycle, admin.cycle_day, texts),
    }
    if admin.status is Status.PLANNED:
        return texts("summary", **values)
    return texts("summary_status", status=texts.status(admin.status), **values)


def description(admin: Administration, options: RenderOptions, schedule: Schedule) -> str:
    """The event body: trial, patient, cycle/day, study day, dose in words, route, and any note."""
    texts, regimen = options.texts, schedule.regimen
    text = texts(
        "description",
        trial=regimen.trial_id,
        local=f" ({regimen.local_code})" if regimen.local_code else "",
        title=regimen.title,
        patient=admin.patient,
        cycle=admin.cycle,
        day=admin.cycle_day,
        study_day=admin.study_day,
        dose=texts.dose(admin.dose_iu),
        dose_words=texts.dose_words(admin.dose_iu),
        drug=regimen.drug,
        brand=f" ({regimen.brand})" if regimen.brand else "",
        route=texts.route(admin.route),
    )
    remark = note(admin, texts, regimen.window_days(admin.cycle))
    return text + texts("description_note", note=remark) if remark else text


def calendar_name(schedule: Schedule, options: RenderOptions) -> str:
    """The calendar's display name."""
    regimen = schedule.regimen
    return options.texts(
        "calendar_name", drug=regimen.drug, patient=schedule.plan.patient, trial=regimen.trial_id
    )


def event_times(
    day: dt.date, time: dt.time, tz: str, duration: dt.timedelta
) -> tuple[dt.datetime, dt.datetime]:
    """The naive local DTSTART and DTEND written for a dose at ``time`` on ``day`` in zone ``tz``.

    Normally ``time`` and the wall clock plus ``duration``. But a dose shifted onto the night the clocks go
    forward can fall in the skipped hour, and readers disagree on such a time: RFC 5545 (icalendar, ical)
    takes the offset from before the gap, vobject the one after. So a time that does not exist is written as
    the instant RFC 5545 gives it (02:30 on the New York spring-forward night is written 03:30), and an end
    that would come before its start (02:15 + 15 minutes = 02:30 on Lord Howe Island's October change
    night) is the real elapsed ``duration`` later instead.
    """
    start = dt.datetime.combine(day, time)
    if tz == "UTC":
        return start, start + duration
    zone = load_zone(tz)
    start_utc = start.replace(tzinfo=zone).astimezone(dt.UTC)
    end = _existing(start + duration, zone)
    if end.replace(tzinfo=zone).astimezone(dt.UTC) <= start_utc:
        end = _existing((start_utc + duration).astimezone(zone).replace(tzinfo=None), zone)
    return _existing(start, zone), end


def _existing(local: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """``local``, or the wall time of the same RFC 5545 instant when ``local`` falls in a DST gap."""
    # fold=0 both ways: a naive time in a calendar always means its first occurrence.
    instant = local.replace(tzinfo=zone, fold=0).astimezone(dt.UTC)
    return instant.astimezone(zone).replace(tzinfo=None, fold=0)


def render(schedule: Schedule, options: RenderOptions) -> bytes:
    """The schedule as an iCalendar file (CRLF lines, folded at 75 octets by icalendar)."""
    data: bytes = build_calendar(schedule, options, schedule.given).to_ical()
    return data


def object_calendar(schedule: Schedule, admin: Administration, options: RenderOptions) -> Any:
    """One administration as a CalDAV calendar object: a VCALENDAR with its VEVENT and the VTIMEZONE it uses.

    No METHOD and no calendar name: RFC 4791 forbids METHOD in the objects of a calendar collection.
    """
    return build_calendar(schedule, options, (admin,), standalone=False)


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


def calendar_head(texts: Texts, name: str, tz: str | None, instants: Sequence[dt.datetime]) -> bytes:
    """The start of a calendar whose events are streamed after it (the ward calendar), up to its VTIMEZONE.

    ``tz`` and the naive local ``instants`` of every event give the VTIMEZONE; the caller ends the file.
    """
    cal = new_calendar(texts, name)
    if tz is not None:
        cal.add_component(build_vtimezone(tz, instants))
    head: bytes = cal.to_ical().removesuffix(b"END:VCALENDAR\r\n")
    return head


def build_calendar(
    schedule: Schedule, options: RenderOptions, admins: Sequence[Administration], *, standalone: bool = True
) -> Any:
    """An ``icalendar.Calendar`` with the events of ``admins``; ``standalone`` adds METHOD and the names."""
    plan = schedule.plan
    cal = new_calendar(options.texts, calendar_name(schedule, options) if standalone else None)
    evs = [_event(admin, schedule, options) for admin in admins]
    # icalendar writes TZID=UTC as a "Z" time, which needs no VTIMEZONE: define only the TZIDs in use.
    if plan.time is not None and evs and not evs[0]["DTSTART"].params.is_utc():
        times = [event_times(a.date, plan.time, plan.tz, options.duration) for a in admins]
        if standalone:
            cal.add("X-WR-TIMEZONE", plan.tz)
        cal.add_component(build_vtimezone(plan.tz, [t for pair in times for t in pair]))
    for event in evs:
        cal.add_component(event)
    return cal


def _event(admin: Administration, schedule: Schedule, options: RenderOptions) -> icalendar.Event:
    plan = schedule.plan
    event = icalendar.Event()
    event.add("UID", event_uid(schedule, admin))
    event.add("DTSTAMP", options.stamp)
    if plan.time is None:
        event.add("DTSTART", admin.date)
        event.add("DTEND", admin.date + dt.timedelta(days=1))  # exclusive end: the next day
        event.add("TRANSP", "TRANSPARENT")
    else:
        start, end = event_times(admin.date, plan.time, plan.tz, options.duration)
        event.add("DTSTART", start, parameters={"TZID": plan.tz})
        event.add("DTEND", end, parameters={"TZID": plan.tz})
        event.add("TRANSP", "OPAQUE")
    event.add("SEQUENCE", sequence(admin, schedule, options))
    text = summary(admin, options, schedule)
    event.add("SUMMARY", text)
    event.add("DESCRIPTION", description(admin, options, schedule))
    event.add("CATEGORIES", [schedule.regimen.trial_id])
    event.add("STATUS", "TENTATIVE" if admin.status is Status.OUT_OF_WINDOW else "CONFIRMED")
    for before in options.reminders:
        alarm = icalendar.Alarm()
        alarm.add("ACTION", "DISPLAY")
        alarm.add("TRIGGER", -before)
        alarm.add("DESCRIPTION", options.texts("alarm", summary=text))
        event.add_component(alarm)
    return event
