"""The five fixtures of samples/regimens against dates computed here, from any start date, with the policies.

Every expected date comes from dateutil's rrule or plain date arithmetic written from the fixture's own
description (its comment), never from the engine; holidays come from the holidays package directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import holidays
import pytest
from dateutil.rrule import DAILY, rrule
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profile import examples

from il2sched.app.generate import plan_schedule
from il2sched.app.requests import GenerateRequest, ScheduleOptions
from il2sched.core.dosing import body_size
from il2sched.core.patterns import KINDS
from il2sched.core.regimen import Regimen
from il2sched.core.schedule import Closure, Plan, Policy, Schedule, Status, build_schedule
from il2sched.sources.regimens import load_regimen

FIXTURES = Path(__file__).resolve().parent.parent / "samples" / "regimens"
D = dt.date
ANY_DAY = st.dates(D(1990, 1, 1), D(2150, 12, 31))


@dataclass(frozen=True)
class Course:
    """A group of doses the shift policy moves together, with the days they may run late."""

    doses: list[tuple[D, int]]  # (date, units)
    tolerance: int
    home: bool = False  # self-injected at home: closed days do not apply

    @property
    def window(self) -> tuple[D, D]:
        return self.doses[0][0], self.doses[-1][0] + dt.timedelta(days=self.tolerance)


def days(**rule: object) -> list[D]:
    return [d.date() for d in rrule(DAILY, **rule)]  # type: ignore[arg-type]


def induction_maintenance(start: D) -> list[Course]:
    # 1,000,000 IU once daily on study days 1-5, then every 14 days from study day 15, 12 doses.
    induction = Course([(d, 1_000_000) for d in days(dtstart=start, count=5)], 2)
    later = days(dtstart=start + dt.timedelta(days=14), interval=14, count=12)
    return [induction, *(Course([(d, 1_000_000)], 3) for d in later)]


def alternate_days(start: D) -> list[Course]:
    # 3 cycles of 28 days; in each, every other day on cycle days 1, 3, 5, 7, 9, 11, 13.
    return [
        Course(
            [(d, 1_000_000) for d in days(dtstart=start + dt.timedelta(days=28 * c), interval=2, count=7)], 2
        )
        for c in range(3)
    ]


def escalation(start: D) -> list[Course]:
    # Once daily for 42 days: 1,000,000 IU on days 1-14, 2,000,000 on 15-28, 3,000,000 on 29-42.
    every_day = days(dtstart=start, count=42)
    return [
        Course([(d, 1_000_000 * (step + 1)) for d in every_day[14 * step : 14 * step + 14]], tolerance)
        for step, tolerance in zip(range(3), (0, 0, 2), strict=True)
    ]


def bsa_daily(start: D, bsa_hundredths: int = 173) -> list[Course]:
    # 1,000,000 IU per m² once daily on study days 1-5, rounded to the nearest 100,000 IU (halves up).
    exact = 10_000 * bsa_hundredths  # 1,000,000 × bsa / 100, in whole units
    dose = (exact + 50_000) // 100_000 * 100_000
    return [Course([(d, dose) for d in days(dtstart=start, count=5)], 2)]


def daily_3_years(start: D) -> list[Course]:
    # 100,000 IU once daily for 1,096 days, self-injected at home.
    return [Course([(d, 100_000) for d in days(dtstart=start, count=1096)], 7, home=True)]


EXPECTED: dict[str, Callable[[D], list[Course]]] = {
    "induction-maintenance": induction_maintenance,
    "alternate-days": alternate_days,
    "escalation": escalation,
    "bsa-daily": bsa_daily,
    "daily-3-years": daily_3_years,
}
COUNTS = {
    "induction-maintenance": 17,
    "alternate-days": 21,
    "escalation": 42,
    "bsa-daily": 5,
    "daily-3-years": 1096,
}
BODY = body_size(bsa=__import__("decimal").Decimal("1.73"))


def fixture(name: str) -> Regimen:
    return load_regimen(str(FIXTURES / f"{name}.toml"))


def plain(schedule: Schedule) -> list[tuple[D, int]]:
    return [(a.date, a.dose_iu) for a in schedule.administrations]


def flat(courses: list[Course]) -> list[tuple[D, int]]:
    return [dose for course in courses for dose in course.doses]


@pytest.mark.parametrize("name", sorted(EXPECTED))
@settings(max_examples=examples(40))
@given(start=ANY_DAY)
def test_each_fixture_gives_its_dates_and_doses_from_any_day(name: str, start: D) -> None:
    schedule = build_schedule(Plan(regimen=fixture(name), start=start, body=BODY))
    expected = EXPECTED[name](start)
    assert plain(schedule) == flat(expected)
    assert len(schedule.administrations) == COUNTS[name]
    assert [a.study_day for a in schedule.administrations] == [
        (d - start).days + 1 for d, _ in flat(expected)
    ]
    assert all(a.status is Status.PLANNED and a.protocol_date == a.date for a in schedule.administrations)
    # The cycles are the courses the fixture describes: they move together and share a window.
    assert [len(c.doses) for c in expected] == [len(a) for _, a in schedule.by_cycle()]


@pytest.mark.parametrize("name", sorted(EXPECTED))
@settings(max_examples=examples(15))
@given(start=st.dates(D(2024, 1, 1), D(2032, 12, 31)))
def test_french_holidays_are_flagged_on_exactly_their_days(name: str, start: D) -> None:
    options = ScheduleOptions(
        regimen=str(FIXTURES / f"{name}.toml"), bsa=__import__("decimal").Decimal("1.73")
    )
    schedule = plan_schedule(GenerateRequest(start, options)).schedule
    expected = flat(EXPECTED[name](start))
    french = holidays.France(years=range(start.year, expected[-1][0].year + 1))
    assert plain(schedule) == expected  # flag keeps every date
    home = {d for course in EXPECTED[name](start) if course.home for d, _ in course.doses}
    assert [a.status is Status.HOLIDAY for a in schedule.administrations] == [
        d in french and d not in home for d, _ in expected
    ]
    quiet = plan_schedule(GenerateRequest(start, ScheduleOptions(regimen=options.regimen, bsa=options.bsa,
                                                                 country=None))).schedule  # fmt: skip
    assert plain(quiet) == expected and all(a.status is Status.PLANNED for a in quiet.administrations)


CLOSED = st.sets(st.integers(0, 120), max_size=30)


def closures(start: D, offsets: set[int]) -> dict[D, Closure]:
    return {start + dt.timedelta(days=o): Closure("holiday", f"day {o}") for o in offsets}


@pytest.mark.parametrize("name", ["induction-maintenance", "alternate-days", "escalation", "bsa-daily"])
@settings(max_examples=examples(60))
@given(start=ANY_DAY.filter(lambda d: d.year < 2150), offsets=CLOSED)
def test_flag_and_skip_keep_the_dates(name: str, start: D, offsets: set[int]) -> None:
    closed = closures(start, offsets)
    expected = flat(EXPECTED[name](start))
    for policy in (Policy.FLAG, Policy.SKIP):
        schedule = build_schedule(Plan(regimen=fixture(name), start=start, body=BODY, closures=closed,
                                       policy=policy))  # fmt: skip
        assert plain(schedule) == expected
        hit = [d in closed for d, _ in expected]
        status = Status.HOLIDAY if policy is Policy.FLAG else Status.SKIPPED
        assert [a.status is status for a in schedule.administrations] == hit
        if policy is Policy.SKIP:
            assert schedule.total_dose_iu == sum(u for (d, u), h in zip(expected, hit, strict=True) if not h)


def literal(courses: list[Course], closed: dict[D, Closure], weekends_open: bool) -> list[tuple[D, Status]]:
    """The shift policy read literally, course by course, dose by dose: a dose on a closed day (at the site)
    goes to the first day after it, within its course's window, that is open (not closed, not a weekend day
    unless weekends are open) and holds no other dose; without one it stays, out of its window. Every other
    dose keeps its day. In date order."""
    taken = {d for course in courses for d, _ in course.doses}
    out: list[tuple[D, Status]] = []
    for course in courses:
        last = course.window[1]
        for day, _ in course.doses:
            if course.home or day not in closed:
                out.append((day, Status.PLANNED))
                continue
            free = (day + dt.timedelta(days=n) for n in range(1, (last - day).days + 1))
            open_days = (d for d in free if d not in taken and d not in closed)
            found = next((d for d in open_days if weekends_open or d.weekday() < 5), None)
            if found is None:
                out.append((day, Status.OUT_OF_WINDOW))
            else:
                taken.add(found)
                out.append((found, Status.SHIFTED))
    return sorted(out)


@pytest.mark.parametrize("name", sorted(EXPECTED))
@settings(max_examples=examples(60))
@given(start=ANY_DAY.filter(lambda d: d.year < 2140), offsets=CLOSED, weekends_open=st.booleans())
def test_shift_moves_only_the_doses_on_closed_days_within_their_window(
    name: str, start: D, offsets: set[int], weekends_open: bool
) -> None:
    closed = closures(start, offsets)
    plan = Plan(regimen=fixture(name), start=start, body=BODY, closures=closed, policy=Policy.SHIFT,
                weekends_open=weekends_open)  # fmt: skip
    schedule = build_schedule(plan)
    courses = EXPECTED[name](start)
    groups = [admins for _, admins in schedule.by_cycle()]
    assert len(groups) == len(courses)
    assert [(a.date, a.status) for a in schedule.administrations] == literal(courses, closed, weekends_open)
    assert len({a.date for a in schedule.administrations}) == len(schedule.administrations), "two doses a day"
    for course, admins in zip(courses, groups, strict=True):
        assert sorted((a.planned_date or a.date, a.dose_iu) for a in admins) == course.doses
        assert all(a.home is course.home for a in admins)
        for a in admins:  # a dose out of its window keeps its own day, for the investigator
            assert a.status is not Status.OUT_OF_WINDOW or (a.date in closed and a.planned_date is None)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_fixture_starts_on_any_weekday_and_the_builtin_only_on_a_monday(name: str) -> None:
    for offset in range(7):
        start = D(2026, 6, 1) + dt.timedelta(days=offset)
        assert build_schedule(Plan(regimen=fixture(name), start=start, body=BODY)).first_date == start
    assert not fixture(name).weekday_tied


def test_weekly_and_listed_days_patterns_follow_their_literal_reading() -> None:
    from il2sched.core.regimen import parse_regimen

    head = '[regimen]\nid = "w"\ntitle = "W"\ntrial_id = "T"\ndrug = "d"\nroute = "oral"\n'
    head += 'dose_unit = "international units"\n'
    weekly = parse_regimen(head + '[[phase]]\npattern = "weekly"\nweekdays = ["MO", "TH"]\nstart_day = 3\n'
                           "count = 7\ndose_iu = 500_000\n", "w.toml")  # fmt: skip
    monday = D(2026, 6, 1)
    got = [a.date for a in build_schedule(Plan(regimen=weekly, start=monday)).administrations]
    # From study day 3 (Wednesday): Thursdays and Mondays, 7 doses.
    literal = [d for d in days(dtstart=monday + dt.timedelta(days=2), count=40) if d.weekday() in (0, 3)][:7]
    assert got == literal and weekly.weekday_tied
    assert [len(c.days) for c in weekly.cycles] == [1, 2, 2, 2]  # a cycle per week
    listed = parse_regimen(head + '[[phase]]\npattern = "days"\ndays = [1, 2, 3, 10, 20]\ndose_iu = 1\n'
                           "tolerance_days = 1\n", "d.toml")  # fmt: skip
    wednesday = D(2026, 6, 3)
    got = [a.date for a in build_schedule(Plan(regimen=listed, start=wednesday)).administrations]
    assert got == [wednesday + dt.timedelta(days=n - 1) for n in (1, 2, 3, 10, 20)]
    assert [c.days for c in listed.cycles] == [(1, 2, 3), (10,), (20,)]  # runs of consecutive days


@pytest.mark.parametrize("kind", list(KINDS))
@settings(max_examples=examples(60))
@given(data=st.data(), day=ANY_DAY)
def test_every_kind_gives_the_days_rrule_gives_from_any_start(kind: str, data: st.DataObject, day: D) -> None:
    """Each registered kind, with any parameters, from any start: its cycles, its phase's end and its end
    bound against dateutil's rrule (tests/pattern_kinds.py), never against il2sched's own arithmetic."""
    from pattern_kinds import oracle, phase_toml, regimen_toml, start_for

    from il2sched.core.regimen import parse_regimen
    from il2sched.errors import RegimenError

    params = data.draw(oracle(kind).params, label="params")
    start = start_for(kind, day)
    expected, end = oracle(kind).days(params, start)
    text = regimen_toml(phase_toml(kind, params))
    if not expected:  # an end_day before the first dose
        with pytest.raises(RegimenError, match="would give no dose"):
            parse_regimen(text, "kind.toml")
        return
    regimen = parse_regimen(text, "kind.toml")
    assert regimen.weekday_tied == oracle(kind).monday
    schedule = build_schedule(Plan(regimen=regimen, start=start))
    assert [[a.date for a in admins] for _, admins in schedule.by_cycle()] == expected
    phase = regimen.phases[0]
    assert start + dt.timedelta(days=phase.end_day - 1) == end
    last = regimen.cycles[-1].days[-1]
    assert last <= phase.pattern.last_day_bound(phase.first_day)
    # A next phase starts the day after this one ends.
    following = regimen_toml(phase_toml(kind, params), phase_toml("days", {"days": [phase.end_day + 1]}))
    assert parse_regimen(following, "kind.toml").cycles[-1].days == (phase.end_day + 1,)
