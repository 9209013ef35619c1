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
import re

import icalendar
import pytest
import recurring_ical_events
from helpers import render, schedule
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profile import examples
from ical.calendar_stream import IcsCalendarStream
from validity_grid import (
    TIMES,
    ZONES,
    Case,
    _variant,
    assert_all,
    assert_none_failed,
    cases,
    expected_ends,
    expected_starts,
    renamed,
    rendered,
    utc,
)

from il2sched.core.schedule import Closure, Policy
from il2sched.export.ics import event_uid

pytestmark = pytest.mark.slow  # hundreds of calendars read by three parsers, and the bytes checked


@pytest.fixture(scope="module")
def calendars() -> list[tuple[Case, bytes]]:
    return list(rendered())


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


# --- icalendar and recurring-ical-events, on one parse of each calendar ---


def versions(case: Case, data: bytes) -> tuple[bytes, bytes]:
    """The calendar as written, and with its zone renamed (a reader must then use our VTIMEZONE)."""
    return data, renamed(data, case.schedule.plan.tz)


def check_parsed(case: Case, cal: icalendar.Calendar) -> None:
    """icalendar: no component error, our UIDs, and each event's instants."""
    sched = case.schedule
    errors = [(c.name, c.errors) for c in cal.walk() if c.errors]
    assert not errors, f"icalendar errors {errors}"
    evs = list(cal.walk("VEVENT"))
    assert [str(e["UID"]) for e in evs] == [event_uid(sched, a) for a in sched.given]
    starts = [e.decoded("DTSTART") for e in evs]
    ends = [e.decoded("DTEND") for e in evs]
    assert [utc(s) for s in starts] == [utc(s) for s in expected_starts(sched)]
    assert [utc(e) for e in ends] == expected_ends(case), "DTEND is not the duration after DTSTART"


def check_icalendar(case: Case, data: bytes) -> None:
    for source in versions(case, data):
        check_parsed(case, icalendar.Calendar.from_ical(source))


def check_occurrences(case: Case, cal: icalendar.Calendar) -> None:
    """recurring-ical-events: one occurrence per dose, at its wall time in the zone and at its instant."""
    sched = case.schedule
    expected = expected_starts(sched)
    first, last = sched.first_date - dt.timedelta(days=2), sched.last_date + dt.timedelta(days=2)
    occurrences = recurring_ical_events.of(cal).between(first, last)
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


@pytest.fixture(scope="module")
def parsed_findings(calendars: list[tuple[Case, bytes]]) -> dict[str, list[str]]:
    """What icalendar and recurring-ical-events found wrong in each calendar and its renamed twin, from one
    parse of each (parsing is most of both readers' time; the parsed calendars are not kept)."""
    checks = {"icalendar": check_parsed, "recurring-ical-events": check_occurrences}
    found: dict[str, list[str]] = {name: [] for name in checks}
    for case, data in calendars:
        for source in versions(case, data):
            cal = icalendar.Calendar.from_ical(source)
            for name, check in checks.items():
                try:
                    check(case, cal)
                except AssertionError as exc:
                    found[name].append(f"{case.name}: {exc}")
    return found


def test_icalendar_reads_every_component_without_errors_and_the_right_instants(
    parsed_findings: dict[str, list[str]], calendars: list[tuple[Case, bytes]]
) -> None:
    assert_none_failed(parsed_findings["icalendar"], 2 * len(calendars))


def test_recurring_ical_events_gives_each_dose_at_its_local_and_utc_time(
    parsed_findings: dict[str, list[str]], calendars: list[tuple[Case, bytes]]
) -> None:
    assert_none_failed(parsed_findings["recurring-ical-events"], 2 * len(calendars))


# --- ical (allenporter/ical): a strict, pydantic-based reader ---


def check_ical(case: Case, data: bytes) -> None:
    sched = case.schedule
    for source in versions(case, data):
        cal = IcsCalendarStream.calendar_from_ics(source.decode("utf-8"))
        assert [e.uid for e in cal.events] == [event_uid(sched, a) for a in sched.given]
        got = [utc(e.dtstart) for e in cal.events]
        assert got == [utc(s) for s in expected_starts(sched)], "ical reads other start times"
        assert [utc(e.dtend) for e in cal.events] == expected_ends(case), "ical reads other end times"
        alarms = [len(e.alarm) for e in cal.events]
        assert alarms == [len(case.options.get("reminders", ()))] * len(alarms)


def test_ical_package_parses_every_calendar_to_the_same_events(calendars: list[tuple[Case, bytes]]) -> None:
    assert_all(check_ical, calendars)


# --- any start date: a property over the cheap parsers ---


@settings(max_examples=examples(40), deadline=None)
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
    grid = cases()
    timed = [c for c in grid if c.schedule.plan.time is not None]
    assert {c.schedule.plan.tz for c in timed} == {*ZONES, "Asia/Tehran"}
    # A dose at a time that does not exist and at one that happens twice, in every zone that changes.
    edges = {(c.schedule.plan.tz, c.name.split()[1]) for c in grid if len(c.name.split()) > 4}
    for zone in {*ZONES, "Asia/Tehran"} - {"Asia/Kolkata"}:
        assert {(zone, "gap"), (zone, "fold"), (zone, "after"), (zone, "before")} <= edges, zone
    assert any(c.schedule.plan.time is None for c in grid)
    assert {str(c.schedule.plan.policy) for c in grid} == {"flag", "shift", "skip"}
    assert any(c.schedule.plan.delays for c in grid) and any(c.options.get("reminders") for c in grid)
    assert {c.lang for c in grid} == {"en", "fr"}
    statuses = {str(a.status) for c in grid for a in c.schedule.administrations}
    assert statuses >= {"planned", "holiday", "closed", "shifted", "skipped", "out_of_window"}
    assert len(grid) >= 300


# --- the bugs this suite found, pinned ---


def _dst_sunday_line(zone: str, sunday: dt.date, clock: dt.time, prop: str) -> str:
    closures = {sunday - dt.timedelta(days=d): Closure("closed", "Works") for d in (1, 2)}
    sched = schedule(
        sunday - dt.timedelta(days=6),
        time=clock,
        tz=zone,
        closures=closures,
        policy=Policy.SHIFT,
        weekends_open=True,  # Friday's dose moves to the Sunday
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
