"""Every calendar il2sched can produce, read by independent parsers and held to RFC 5545's byte rules.

A grid of calendars (start dates across three years; eight zones with whole, half-hour and 30-minute DST
shifts, changes at midnight and 24:00 (Cairo, Santiago), a Friday change (Jerusalem), Morocco's Ramadan hour
and its end in 2026 (Casablanca); all-day and timed, reminders, flag/shift/skip closures, delays, English and
French; and a dose on the very night each zone changes its clocks, at wall times that do not exist or happen
twice) is read by icalendar (component errors), ``ical``, vobject in a fresh process, recurring-ical-events
and Thunderbird's ical.js under node. Local and UTC times are compared with :mod:`zoneinfo` (the tzdata
package's data, as il2sched reads it), once with the zone's IANA name and once with the TZID renamed so that
each parser has to use our VTIMEZONE.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events
from helpers import dose_on, render, schedule
from hypothesis import given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream
from tools import require

from il2sched.core.schedule import Closure, Policy, Schedule
from il2sched.export.ics import event_uid

pytestmark = pytest.mark.slow  # hundreds of calendars read by four parsers

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


CASES = grid()


@pytest.fixture(scope="module")
def calendars() -> list[tuple[Case, bytes]]:
    return [(case, case.data()) for case in CASES]


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
    found = list(failures(check, items))
    assert not found, f"{len(found)} of {len(items)} calendars fail:\n" + "\n".join(found[:10])


# --- raw RFC 5545 rules, on the bytes ---


def content_lines(data: bytes) -> list[str]:
    """The unfolded content lines."""
    return data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def check_raw(case: Case, data: bytes) -> None:
    assert data.endswith(b"\r\n"), "the last line does not end with CRLF"
    assert data.count(b"\n") == data.count(b"\r\n") == data.count(b"\r"), "a line ends without CRLF"
    for number, line in enumerate(data.split(b"\r\n"), start=1):
        assert len(line) <= 75, f"line {number} is {len(line)} octets long"
        try:
            # Each physical line must decode alone: a fold inside a multi-byte character breaks this.
            line.decode("utf-8")
        except UnicodeDecodeError:
            raise AssertionError(f"line {number} splits a UTF-8 character: {line!r}") from None
    lines = content_lines(data)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    used: set[str] = set()
    defined: list[str] = []
    event: list[str] | None = None
    depth = 0
    count = 0
    for line in lines:
        name = re.split(r"[;:]", line, maxsplit=1)[0]
        used.update(re.findall(r";TZID=([^;:]+)", line.split(":", 1)[0]))
        if line.startswith("TZID:"):
            defined.append(line[5:])
        if line == "BEGIN:VEVENT":
            event, depth = [], 0
        elif event is not None and line.startswith("BEGIN:"):
            depth += 1
        elif event is not None and line.startswith("END:") and depth:
            depth -= 1
        elif line == "END:VEVENT" and event is not None:
            names = [re.split(r"[;:]", p, maxsplit=1)[0] for p in event]
            for required in ("UID", "DTSTAMP", "DTSTART", "DTEND"):
                assert names.count(required) == 1, f"a VEVENT has {names.count(required)} {required}"
            count += 1
            event = None
        elif event is not None and depth == 0:
            event.append(line)
        assert re.fullmatch(r"[A-Z][A-Z0-9-]*", name), f"bad property name in {line!r}"
    assert count == len(case.schedule.given)
    assert used <= set(defined), f"TZID {used - set(defined)} used but not defined"
    assert len(defined) == len(set(defined)) and set(defined) == used, f"VTIMEZONEs {defined} for {used}"


def test_raw_bytes_follow_rfc5545_crlf_folding_and_required_properties(
    calendars: list[tuple[Case, bytes]],
) -> None:
    assert_all(check_raw, calendars)


# --- icalendar: parse errors, decoded times ---


def check_icalendar(case: Case, data: bytes) -> None:
    sched = case.schedule
    for source in (data, renamed(data, sched.plan.tz)):
        cal = icalendar.Calendar.from_ical(source)
        errors = [(c.name, c.errors) for c in cal.walk() if c.errors]
        assert not errors, f"icalendar errors {errors}"
        evs = list(cal.walk("VEVENT"))
        assert [str(e["UID"]) for e in evs] == [event_uid(sched, a) for a in sched.given]
        starts = [e.decoded("DTSTART") for e in evs]
        ends = [e.decoded("DTEND") for e in evs]
        assert [utc(s) for s in starts] == [utc(s) for s in expected_starts(sched)]
        assert [utc(e) for e in ends] == expected_ends(case), "DTEND is not the duration after DTSTART"


def test_icalendar_reads_every_component_without_errors_and_the_right_instants(
    calendars: list[tuple[Case, bytes]],
) -> None:
    assert_all(check_icalendar, calendars)


# --- recurring-ical-events: occurrences in local and UTC time ---


def check_occurrences(case: Case, data: bytes) -> None:
    sched = case.schedule
    expected = expected_starts(sched)
    first, last = sched.first_date - dt.timedelta(days=2), sched.last_date + dt.timedelta(days=2)
    for source in (data, renamed(data, sched.plan.tz)):
        occurrences = recurring_ical_events.of(icalendar.Calendar.from_ical(source)).between(first, last)
        starts = sorted((o["DTSTART"].dt for o in occurrences), key=lambda d: str(utc(d)))
        assert len(starts) == len(expected), f"{len(starts)} occurrences for {len(expected)} doses"
        for got, want in zip(starts, expected, strict=True):
            if isinstance(want, dt.datetime):
                assert isinstance(got, dt.datetime)
                # The wall time the nurse sees (an event written in UTC is shown in her zone) and the instant.
                seen = got.astimezone(want.tzinfo) if got.utcoffset() == dt.timedelta(0) else got
                assert seen.replace(tzinfo=None) == want.replace(tzinfo=None), f"{got} is not {want}"
                assert got.astimezone(dt.UTC) == want.astimezone(dt.UTC), f"{got} is not {want}"
            else:
                assert got == want


def test_recurring_ical_events_gives_each_dose_at_its_local_and_utc_time(
    calendars: list[tuple[Case, bytes]],
) -> None:
    assert_all(check_occurrences, calendars)


# --- ical (allenporter/ical): a strict, pydantic-based reader ---


def check_ical(case: Case, data: bytes) -> None:
    sched = case.schedule
    for source in (data, renamed(data, sched.plan.tz)):
        cal = IcsCalendarStream.calendar_from_ics(source.decode("utf-8"))
        assert [e.uid for e in cal.events] == [event_uid(sched, a) for a in sched.given]
        got = [utc(e.dtstart) for e in cal.events]
        assert got == [utc(s) for s in expected_starts(sched)], "ical reads other start times"
        assert [utc(e.dtend) for e in cal.events] == expected_ends(case), "ical reads other end times"
        alarms = [len(e.alarm) for e in cal.events]
        assert alarms == [len(case.options.get("reminders", ()))] * len(alarms)


def test_ical_package_parses_every_calendar_to_the_same_events(calendars: list[tuple[Case, bytes]]) -> None:
    assert_all(check_ical, calendars)


# --- vobject, in a fresh interpreter ---

VOBJECT_SCRIPT = """
import datetime as dt, json, sys, vobject
out = {}
for path in sys.argv[1:]:
    with open(path, encoding="utf-8", newline="") as handle:
        cal = vobject.readOne(handle.read(), validate=True)
    rows = []
    for event in cal.vevent_list:
        start, end = event.dtstart.value, event.dtend.value
        timed = isinstance(start, dt.datetime)
        utc = lambda t: t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows.append([event.uid.value, utc(start) if timed else start.isoformat(),
                     utc(end) if timed else end.isoformat()])
    out[path] = rows
print(json.dumps(out))
"""


def _as_text(value: dt.date | dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if isinstance(value, dt.datetime) else value.isoformat()


def _read_all(
    command: list[str], calendars: list[tuple[Case, bytes]], folder: Path, both: bool, env: dict[str, str]
) -> list[tuple[Case, bytes, list[list[Any]]]]:
    """Run a reader program over every calendar (and its renamed twin when ``both``); its rows per file."""
    files: list[tuple[Case, bytes, Path]] = []
    for number, (case, data) in enumerate(calendars):
        versions = (
            [data, renamed(data, case.schedule.plan.tz)] if both else [renamed(data, case.schedule.plan.tz)]
        )
        for version, source in enumerate(versions):
            path = folder / f"{number}-{version}.ics"
            path.write_bytes(source)
            files.append((case, source, path))
    result = subprocess.run(
        [*command, *(str(p) for _, _, p in files)], capture_output=True, text=True, check=False, env=env
    )
    assert result.returncode == 0, result.stderr[-2000:]
    read = json.loads(result.stdout)
    return [(case, source, read[str(path)]) for case, source, path in files]


def _check_rows(case: Case, rows: list[list[Any]], reader: str) -> None:
    sched = case.schedule
    assert [r[0] for r in rows] == [event_uid(sched, a) for a in sched.given], f"{reader}: other UIDs"
    assert [r[1] for r in rows] == [_as_text(utc(s)) for s in expected_starts(sched)], (
        f"{reader}: other starts"
    )
    assert [r[2] for r in rows] == [_as_text(e) for e in expected_ends(case)], f"{reader}: other ends"


def test_vobject_in_a_fresh_process_reads_every_event(
    calendars: list[tuple[Case, bytes]], tmp_path: Path
) -> None:
    env = {**os.environ, "PYTHONTZPATH": ""}  # the tzdata package's zones, as il2sched's
    read = _read_all([sys.executable, "-c", VOBJECT_SCRIPT], calendars, tmp_path, True, env)
    found = []
    for case, _, rows in read:
        try:
            _check_rows(case, rows, "vobject")
        except AssertionError as exc:
            found.append(f"{case.name}: {exc}")
    assert not found, f"{len(found)} of {len(read)} calendars fail:\n" + "\n".join(found[:10])


NODE = Path(__file__).resolve().parent / "node"


def test_thunderbirds_ical_js_places_every_event_with_our_vtimezone(
    calendars: list[tuple[Case, bytes]], tmp_path: Path
) -> None:
    """ical.js (Thunderbird's parser), under node, with each zone renamed: it must use our VTIMEZONE."""
    node = require("node", "nodejs", install="apt-get install nodejs")
    if not (NODE / "node_modules" / "ical.js").is_dir():
        message = f"{NODE / 'node_modules' / 'ical.js'} is missing: run 'npm ci' in tests/node"
        if os.environ.get("IL2SCHED_REQUIRE_TOOLS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    read = _read_all([node, str(NODE / "read_ics.mjs")], calendars, tmp_path, False, dict(os.environ))
    found = []
    for case, _, rows in read:
        try:
            _check_rows(case, rows, "ical.js")
            reminders = len(case.options.get("reminders", ()))
            assert [r[3] for r in rows] == [reminders] * len(rows), "ical.js: other alarms"
        except AssertionError as exc:
            found.append(f"{case.name}: {exc}")
    assert not found, f"{len(found)} of {len(read)} calendars fail:\n" + "\n".join(found[:10])


# --- any start date: a property over the cheap parsers ---


@settings(max_examples=40, deadline=None)
@given(
    start=st.integers(0, 52 * 40).map(lambda w: dt.date(2000, 1, 3) + dt.timedelta(weeks=w)),
    zone=st.sampled_from(ZONES),
    clock=st.sampled_from(TIMES),
    variant=st.integers(0, 6),
)
def test_any_start_date_gives_a_valid_calendar(
    start: dt.date, zone: str, clock: dt.time | None, variant: int
) -> None:
    sched = schedule(start, time=clock, tz=zone, **_variant(variant, start))
    case = Case("hypothesis", sched, options={"reminders": (dt.timedelta(hours=2),)})
    data = case.data()
    check_raw(case, data)
    check_icalendar(case, data)
    check_ical(case, data)


def test_the_grid_covers_what_it_claims() -> None:
    timed = [c for c in CASES if c.schedule.plan.time is not None]
    assert {c.schedule.plan.tz for c in timed} == {*ZONES, "Asia/Tehran"}
    # A dose at a time that does not exist and at one that happens twice, in every zone that changes.
    edges = {(c.schedule.plan.tz, c.name.split()[1]) for c in CASES if len(c.name.split()) > 4}
    for zone in {*ZONES, "Asia/Tehran"} - {"Asia/Kolkata"}:
        assert {(zone, "gap"), (zone, "fold"), (zone, "after"), (zone, "before")} <= edges, zone
    assert any(c.schedule.plan.time is None for c in CASES)
    assert {str(c.schedule.plan.policy) for c in CASES} == {"flag", "shift", "skip"}
    assert any(c.schedule.plan.delays for c in CASES) and any(c.options.get("reminders") for c in CASES)
    assert {c.lang for c in CASES} == {"en", "fr"}
    statuses = {str(a.status) for c in CASES for a in c.schedule.administrations}
    assert statuses >= {"planned", "holiday", "closed", "shifted", "skipped", "out_of_window"}
    assert len(CASES) >= 300


# --- the bugs this suite found, pinned ---


def _dst_sunday_line(zone: str, sunday: dt.date, clock: dt.time, prop: str) -> str:
    closures = {sunday - dt.timedelta(days=d): Closure("closed", "Works") for d in (1, 2)}
    sched = schedule(
        sunday - dt.timedelta(days=6), time=clock, tz=zone, closures=closures, policy=Policy.SHIFT
    )
    lines = content_lines(render("ics", sched))
    return next(line for line in lines if line.startswith(f"{prop};") and sunday.strftime("%Y%m%d") in line)


def test_a_dose_in_the_hour_the_clocks_skip_is_written_at_the_wall_time_that_exists() -> None:
    # 02:30 does not exist in New York on 8 March 2026; RFC 5545 reads it as 03:30, vobject as 01:30.
    assert _dst_sunday_line("America/New_York", dt.date(2026, 3, 8), dt.time(2, 30), "DTSTART") == (
        "DTSTART;TZID=America/New_York:20260308T033000"
    )


def test_an_event_starting_in_a_half_hour_gap_ends_after_it_starts() -> None:
    # Lord Howe Island skips 02:00-02:30 on 4 October 2026: 02:15 is 02:45, and 02:15 + 15 minutes on the
    # wall clock (02:30) would come before it.
    sunday, zone = dt.date(2026, 10, 4), "Australia/Lord_Howe"
    assert _dst_sunday_line(zone, sunday, dt.time(2, 15), "DTSTART").endswith(":20261004T024500")
    assert _dst_sunday_line(zone, sunday, dt.time(2, 15), "DTEND").endswith(":20261004T030000")


def test_observances_without_a_rule_list_their_onset_for_the_ical_library() -> None:
    data = render("ics", schedule(time=dt.time(9), tz="Asia/Kolkata"))
    assert "RDATE:19700101T000000" in content_lines(data)
    cal = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    assert cal.events[0].dtstart.utcoffset() == dt.timedelta(hours=5, minutes=30)
