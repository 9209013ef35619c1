"""Regenerated calendars move events: same UIDs, and a higher SEQUENCE where the date or time changed."""

from __future__ import annotations

import datetime as dt

import icalendar
from helpers import render, schedule

from il2sched.export.ics import previous_events


def sequences(data: bytes) -> dict[str, int]:
    return {str(e["UID"]): int(e["SEQUENCE"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def starts(data: bytes) -> dict[str, object]:
    return {str(e["UID"]): e.decoded("DTSTART") for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def test_an_unchanged_plan_has_sequence_zero_everywhere() -> None:
    assert set(sequences(render("ics", schedule())).values()) == {0}


def test_a_delay_raises_the_sequence_of_moved_events_only_and_keeps_uids() -> None:
    before = render("ics", schedule(time=dt.time(9)))
    after = render("ics", schedule(time=dt.time(9), delays={3: 1}), previous=previous_events(before))
    assert set(sequences(before)) == set(sequences(after))
    moved = {uid for uid, when in starts(after).items() if starts(before)[uid] != when}
    assert len(moved) == 10  # cycles 3 and 4
    for uid, seq in sequences(after).items():
        assert (seq > sequences(before)[uid]) == (uid in moved)


def test_moving_back_still_raises_the_sequence() -> None:
    first = render("ics", schedule(), previous={})
    delayed = render("ics", schedule(delays={2: 2}), previous=previous_events(first))
    back = render("ics", schedule(), previous=previous_events(delayed))
    for uid, seq in sequences(back).items():
        assert seq >= sequences(delayed)[uid]
        if starts(back)[uid] != starts(delayed)[uid]:
            assert seq > sequences(delayed)[uid]


def test_a_time_change_raises_the_sequence_of_every_event() -> None:
    nine = render("ics", schedule(time=dt.time(9)))
    ten = render("ics", schedule(time=dt.time(10)), previous=previous_events(nine))
    assert set(sequences(ten).values()) == {1}


def test_without_a_previous_calendar_the_sequence_grows_with_the_delay() -> None:
    one = sequences(render("ics", schedule(delays={3: 1})))
    two = sequences(render("ics", schedule(delays={3: 2})))
    assert all(two[uid] >= one[uid] for uid in one)
    assert sum(two.values()) > sum(one.values()) > 0


def test_regenerating_from_itself_is_byte_identical() -> None:
    first = render("ics", schedule(delays={2: 1}))
    again = render("ics", schedule(delays={2: 1}), previous=previous_events(first))
    assert again == first
