"""The grid of calendars the validity suites read, and what each event must mean (zoneinfo's instants).

Shared by tests/test_ics_validity.py (in-process readers and the bytes) and tests/test_ics_readers.py
(readers in other processes: vobject, Thunderbird's ical.js under node).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from helpers import dose_on, render, schedule

from il2sched.core.schedule import Closure, Policy, Schedule

ZONES = ("Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Africa/Cairo",
         "Asia/Jerusalem", "America/Santiago", "Africa/Casablanca")  # fmt: skip
#: Years whose clock changes get a dose on the night itself (Tehran changed its clocks until 2022).
EDGE_YEARS = {**dict.fromkeys(ZONES, 2026), "Asia/Tehran": 2021}
TIMES = (None, dt.time(9), dt.time(2, 30), dt.time(23, 50), dt.time(0, 5))
# Names with 2-, 3- and 4-byte UTF-8 characters, so that folding meets every kind of character.
NAMES = ("Fête du Travail – «pont»", "Schließtag 閉院日", "Closure 🏥 audit; a,b\\c")
RENAMED = "X-il2sched-test-zone"


@dataclass(frozen=True)
class Case:
    """One calendar to check: the schedule and the export options it was rendered with."""

    name: str
    schedule: Schedule
    lang: str = "en"
    options: dict[str, Any] = field(default_factory=dict)

    def data(self) -> bytes:
        return render("ics", self.schedule, lang=self.lang, **self.options)


def _variant(i: int, start: dt.date) -> dict[str, Any]:
    """Closures, policy and delays for the ``i``-th calendar of the grid."""
    name = NAMES[i % len(NAMES)]
    week3 = start + dt.timedelta(weeks=2)
    thursday, friday = week3 + dt.timedelta(days=3), week3 + dt.timedelta(days=4)
    variants: list[dict[str, Any]] = [
        {},
        {"closures": {start + dt.timedelta(days=2): Closure("holiday", name),
                      start + dt.timedelta(days=3): Closure("closed", name)}, "policy": Policy.FLAG},
        {"closures": {thursday: Closure("closed", name), friday: Closure("closed", name)},
         "policy": Policy.SHIFT},
        {"closures": {start + dt.timedelta(days=1): Closure("holiday", name)}, "policy": Policy.SKIP},
        {"closures": {friday: Closure("closed", name)}, "policy": Policy.SHIFT, "weekends_open": False},
        {"delays": {2: 1, 4: 2}},
        {"delays": {3: 1}, "closures": {week3: Closure("holiday", name)}, "policy": Policy.SHIFT},
    ]  # fmt: skip
    return variants[i % len(variants)]


def grid() -> list[Case]:
    """The calendars every check runs on."""
    cases: list[Case] = []
    starts = [dt.date(2025, 1, 6) + dt.timedelta(weeks=5 * k + k % 3) for k in range(32)]
    for z, zone in enumerate(ZONES):
        for i, start in enumerate(starts):
            k = i + z
            clock = TIMES[k % len(TIMES)]
            options: dict[str, Any] = {}
            if k % 2:
                options["reminders"] = (dt.timedelta(minutes=30), dt.timedelta(days=1))
            if k % 3 == 1:
                options["duration"] = dt.timedelta(minutes=45)
            sched = schedule(start, time=clock, tz=zone, patient=f"P-{k:03d}", **_variant(k, start))
            cases.append(
                Case(f"{zone} {start} {clock} v{k % 7}", sched, "fr" if k % 4 == 3 else "en", options)
            )
    # A dose on the night each zone changes its clocks (moved there by closed days on a weekend), at wall
    # times that are skipped or repeated, just after a forward change (where an onset an hour late shows)
    # and just before a change (an event that ends inside it).
    for zone, year in EDGE_YEARS.items():
        for wall, kind, clock in edge_times(zone, year):
            day = wall.date()
            for minutes in (15, 45):
                sched = dose_on(day, clock, tz=zone)
                options = {"reminders": (dt.timedelta(hours=1),), "duration": dt.timedelta(minutes=minutes)}
                cases.append(Case(f"{zone} {kind} {day} {clock} +{minutes}m", sched, options=options))
    return cases


def changes(zone: str, year: int) -> list[tuple[dt.datetime, dt.timedelta, dt.timedelta]]:
    """(UTC instant, offset before, offset after) of every change of ``zone`` in ``year``, found by this
    test's own hour-by-hour scan of zoneinfo (not by il2sched's code)."""
    tz = zoneinfo.ZoneInfo(zone)
    out = []
    moment = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    while moment.year == year:
        before = moment.astimezone(tz).utcoffset()
        after = (moment + dt.timedelta(hours=1)).astimezone(tz).utcoffset()
        if before != after:
            instant = moment
            while instant.astimezone(tz).utcoffset() == before:
                instant += dt.timedelta(minutes=1)
            assert before is not None and after is not None
            out.append((instant, before, after))
        moment += dt.timedelta(hours=1)
    return out


def edge_times(zone: str, year: int) -> Iterator[tuple[dt.datetime, str, dt.time]]:
    """(local wall time of the change, kind, a dose time) for the wall times around each change."""
    for instant, before, after in changes(zone, year):
        old_wall = (instant + before).replace(tzinfo=None)  # the change, read on the clock before it
        new_wall = (instant + after).replace(tzinfo=None)  # and on the clock after it
        if after > before:  # forward: the wall times from old_wall to new_wall do not exist
            walls = [
                (old_wall + dt.timedelta(minutes=15), "gap"),
                (old_wall + (after - before) / 2, "gap"),
                (new_wall + dt.timedelta(minutes=15), "after"),
                (old_wall - dt.timedelta(minutes=10), "before"),
            ]
        else:  # back: the wall times from new_wall to old_wall happen twice
            walls = [(new_wall + dt.timedelta(minutes=15), "fold"), (new_wall + (before - after) / 2, "fold"),
                     (new_wall - dt.timedelta(minutes=10), "before")]  # fmt: skip
        for wall, kind in walls:
            yield wall, kind, wall.time()


@functools.cache
def cases() -> tuple[Case, ...]:
    """The grid, built once and only when a test reads it (not when the quick suite collects this file)."""
    return tuple(grid())


@functools.cache
def rendered() -> tuple[tuple[Case, bytes], ...]:
    """Every case and its calendar, rendered once for all the test modules that read them."""
    return tuple((case, case.data()) for case in cases())


def expected_starts(sched: Schedule) -> list[dt.date | dt.datetime]:
    """What each event's DTSTART must mean: the date, or the wall time with the offset RFC 5545 gives it.

    A wall time that happens twice is its first occurrence and one that never happens takes the offset from
    before the gap (RFC 5545 3.3.5); zoneinfo's fold=0 is exactly that. The result is that instant as a wall
    time that exists (what every reader must show).
    """
    zone = zoneinfo.ZoneInfo(sched.plan.tz)
    return [
        a.date
        if a.time is None
        else dt.datetime.combine(a.date, a.time, zone).astimezone(dt.UTC).astimezone(zone)
        for a in sched.given
    ]


def duration_of(case: Case) -> dt.timedelta:
    """How long each timed event lasts: its elapsed time, whatever the clocks do meanwhile."""
    duration: dt.timedelta = case.options.get("duration", dt.timedelta(minutes=15))
    return duration


def expected_ends(case: Case) -> list[dt.date | dt.datetime]:
    """What each event's DTEND must mean: the next day, or the instant ``duration`` after the start."""
    return [
        start + (dt.timedelta(days=1) if not isinstance(start, dt.datetime) else duration_of(case))
        for start in (utc(s) for s in expected_starts(case.schedule))
    ]


def utc(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    return value.astimezone(dt.UTC) if isinstance(value, dt.datetime) else value


def renamed(data: bytes, zone: str) -> bytes:
    """The calendar with its TZID renamed, so that a parser cannot look the zone up and must read ours.

    The new name is unique to the calendar: icalendar caches zones by TZID across calendars.
    """
    name, new = zone.encode(), f"{RENAMED}-{hashlib.sha256(data).hexdigest()[:16]}".encode()
    return data.replace(b"TZID:" + name + b"\r\n", b"TZID:" + new + b"\r\n").replace(
        b"TZID=" + name + b":", b"TZID=" + new + b":"
    )


def failures(check: Any, items: list[tuple[Case, bytes]]) -> Iterator[str]:
    for case, data in items:
        try:
            check(case, data)
        except AssertionError as exc:
            yield f"{case.name}: {exc}"


def assert_all(check: Any, items: list[tuple[Case, bytes]]) -> None:
    assert_none_failed(list(failures(check, items)), len(items))


def assert_none_failed(found: list[str], read: int) -> None:
    """No calendar failed: else how many of the ``read`` did, and the first ten, each with its case."""
    assert not found, f"{len(found)} of {read} calendars fail:\n" + "\n".join(found[:10])
