"""The engine against the protocol: 20 doses on Monday-Friday of weeks 1, 3, 6 and 9, for any Monday."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import QUIET_START, builtin, schedule
from hypothesis import given
from hypothesis import strategies as st

from il2sched.core.schedule import Plan, Status, build_schedule, check_patient_code, mondays_around
from il2sched.errors import ScheduleError

EXPECTED_STUDY_DAYS = [1, 2, 3, 4, 5, 15, 16, 17, 18, 19, 36, 37, 38, 39, 40, 57, 58, 59, 60, 61]

mondays = st.dates(dt.date(1990, 1, 1), dt.date(2150, 12, 31)).map(
    lambda d: d - dt.timedelta(days=d.weekday())
)


@given(mondays)
def test_every_monday_start_gives_the_protocol(start: dt.date) -> None:
    sched = schedule(start)
    admins = sched.administrations
    assert len(admins) == 20
    assert [a.study_day for a in admins] == EXPECTED_STUDY_DAYS
    assert all(a.date == start + dt.timedelta(days=a.study_day - 1) for a in admins)
    assert all(a.date.weekday() < 5 for a in admins)
    assert [a.cycle for a in admins] == [c for c in (1, 2, 3, 4) for _ in range(5)]
    assert [a.cycle_day for a in admins] == [1, 2, 3, 4, 5] * 4
    assert [(a.date - start).days // 7 + 1 for a in admins] == [w for w in (1, 3, 6, 9) for _ in range(5)]
    assert sched.total_dose_iu == 52_500_000
    assert [a.dose_iu for a in admins] == [1_500_000] * 5 + [3_000_000] * 15
    assert all(a.status is Status.PLANNED and a.route == "subcutaneous" for a in admins)
    assert all(a.drug == "aldesleukin" for a in admins)
    assert sched.last_date == start + dt.timedelta(weeks=9, days=-1)


@given(mondays.map(lambda d: d + dt.timedelta(days=1)), st.integers(0, 5))
def test_a_start_that_is_not_a_monday_is_refused_naming_the_mondays(tuesday: dt.date, extra: int) -> None:
    day = tuesday + dt.timedelta(days=extra)
    before, after = mondays_around(day)
    with pytest.raises(ScheduleError) as err:
        schedule(day)
    message = str(err.value)
    assert day.strftime("%A") in message
    assert before.isoformat() in message and after.isoformat() in message
    assert before.weekday() == after.weekday() == 0 and before < day < after
    assert (after - before).days == 7


def test_the_model_is_immutable_and_repeatable() -> None:
    first, second = schedule(), schedule()
    assert first == second
    assert isinstance(first.administrations, tuple)
    with pytest.raises(AttributeError):
        first.administrations[0].dose_iu = 1  # type: ignore[misc]


def test_time_is_carried_on_every_administration() -> None:
    sched = schedule(time=dt.time(9, 30))
    assert {a.time for a in sched.administrations} == {dt.time(9, 30)}


@pytest.mark.parametrize("code", ["P-0001", "a.b_c-9", "X" * 32])
def test_pseudonymous_codes_are_accepted(code: str) -> None:
    assert check_patient_code(code) == code


@pytest.mark.parametrize(
    "code", ["", "Jean Dupont", "X" * 33, "../x", "a/b", "é", "con", "NUL", "com1", ".", "..", "a\nb"]
)
def test_unsafe_or_identifying_codes_are_refused(code: str) -> None:
    with pytest.raises(ScheduleError, match="patient code"):
        check_patient_code(code)


def test_delays_postpone_a_cycle_and_every_later_one() -> None:
    sched = build_schedule(Plan(regimen=builtin(), start=QUIET_START, delays={2: 1, 4: 2}))
    weeks = [(a.date - QUIET_START).days // 7 + 1 for a in sched.administrations]
    assert weeks == [w for w in (1, 4, 7, 12) for _ in range(5)]
    assert all(a.study_day == (a.date - QUIET_START).days + 1 for a in sched.administrations)


def test_a_delay_for_a_cycle_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ScheduleError, match="cycle must be 1 to 4"):
        build_schedule(Plan(regimen=builtin(), start=QUIET_START, delays={5: 1}))


@given(mondays)
def test_dates_match_an_independent_rrule_oracle(start: dt.date) -> None:
    from dateutil.rrule import FR, MO, TH, TU, WE, WEEKLY, rrule

    # The protocol read literally: Monday to Friday, every week, keeping weeks 1, 3, 6 and 9.
    weekdays = rrule(
        WEEKLY, dtstart=start, until=start + dt.timedelta(weeks=9), byweekday=(MO, TU, WE, TH, FR)
    )
    expected = [d.date() for d in weekdays if (d.date() - start).days // 7 + 1 in (1, 3, 6, 9)]
    assert [a.date for a in schedule(start).administrations] == expected
