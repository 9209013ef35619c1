"""The flag, shift and skip policies on real French holidays, site closures, and over many start dates."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import replace

from helpers import QUIET_START, builtin
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profile import examples

from il2sched.core.closed_days import build_closures, plan_years
from il2sched.core.schedule import (
    Administration,
    Closure,
    Plan,
    Policy,
    Schedule,
    Status,
    build_schedule,
    cycle_window,
)
from il2sched.sources.holidays import public_holidays

D = dt.date


def real(
    start: D,
    policy: Policy = Policy.FLAG,
    *,
    subdiv: str | None = None,
    closed: Iterable[tuple[D, D]] = (),
    weekends_open: bool = True,
) -> Schedule:
    """A schedule from ``start`` with France's public holidays (English names) and site closures."""
    plan = Plan(regimen=builtin(), start=start, policy=policy, weekends_open=weekends_open)
    found = public_holidays("FR", subdiv, plan_years(plan), "en")
    closures = build_closures(found, closed, "site closure")
    return build_schedule(replace(plan, closures=closures))


def dose(schedule: Schedule, cycle: int, day: int) -> Administration:
    return next(a for a in schedule.administrations if (a.cycle, a.cycle_day) == (cycle, day))


def cycle_dates(schedule: Schedule, cycle: int) -> list[D]:
    return [a.date for a in schedule.administrations if a.cycle == cycle]


# --- flag ---------------------------------------------------------------------------------------------


def test_flag_keeps_dates_and_marks_labour_day_friday_and_ascension_thursday() -> None:
    flagged = real(D(2026, 4, 27))
    plain = build_schedule(Plan(regimen=builtin(), start=D(2026, 4, 27)))
    assert [a.date for a in flagged.administrations] == [a.date for a in plain.administrations]
    friday, thursday = dose(flagged, 1, 5), dose(flagged, 2, 4)
    assert (friday.date, friday.status, friday.reason) == (
        D(2026, 5, 1),
        Status.HOLIDAY,
        Closure("holiday", "Labor Day"),
    )
    assert (thursday.date, thursday.status) == (D(2026, 5, 14), Status.HOLIDAY)
    assert thursday.reason is not None and thursday.reason.name == "Ascension Day"
    assert sum(a.status is Status.PLANNED for a in flagged.administrations) == 18
    assert flagged.total_dose_iu == 52_500_000  # flagged doses are still planned to be given


def test_flag_marks_a_site_closure_as_closed() -> None:
    flagged = real(QUIET_START, closed=[(D(2026, 1, 7), D(2026, 1, 7))])
    assert dose(flagged, 1, 3).status is Status.CLOSED
    assert dose(flagged, 1, 3).reason == Closure("closed", "site closure")


# --- shift --------------------------------------------------------------------------------------------


def test_shift_easter_monday_moves_the_whole_first_cycle_one_day_onto_saturday() -> None:
    shifted = real(D(2026, 4, 6), Policy.SHIFT)
    assert cycle_dates(shifted, 1) == [
        D(2026, 4, 7),
        D(2026, 4, 8),
        D(2026, 4, 9),
        D(2026, 4, 10),
        D(2026, 4, 11),
    ]
    assert [a.study_day for a in shifted.administrations[:5]] == [2, 3, 4, 5, 6]
    assert all(a.status is Status.SHIFTED for a in shifted.administrations[:5])
    assert [a.planned_date for a in shifted.administrations[:5]] == [
        D(2026, 4, 6) + dt.timedelta(days=i) for i in range(5)
    ]
    assert {a.reason.name for a in shifted.administrations[:5] if a.reason} == {"Easter Monday"}


def test_shift_easter_monday_without_weekends_puts_the_last_dose_outside_the_window() -> None:
    shifted = real(D(2026, 4, 6), Policy.SHIFT, weekends_open=False)
    last = dose(shifted, 1, 5)
    assert (last.date, last.status, last.planned_date) == (
        D(2026, 4, 13),
        Status.OUT_OF_WINDOW,
        D(2026, 4, 10),
    )
    assert last.study_day == 8
    assert len(shifted.administrations) == 20


def test_shift_ascension_thursday_moves_thursday_and_friday_and_whit_monday_the_next_cycle() -> None:
    shifted = real(D(2026, 5, 11), Policy.SHIFT)
    assert cycle_dates(shifted, 1) == [
        D(2026, 5, 11),
        D(2026, 5, 12),
        D(2026, 5, 13),
        D(2026, 5, 15),
        D(2026, 5, 16),
    ]
    assert [a.status for a in shifted.administrations[:5]] == [Status.PLANNED] * 3 + [Status.SHIFTED] * 2
    assert cycle_dates(shifted, 2) == [D(2026, 5, 26) + dt.timedelta(days=i) for i in range(5)]
    # Later cycles keep their own weeks.
    assert cycle_dates(shifted, 3)[0] == D(2026, 6, 15) and cycle_dates(shifted, 4)[0] == D(2026, 7, 6)


def test_shift_victory_day_friday_goes_to_saturday_or_out_of_window_without_weekends() -> None:
    assert dose(real(D(2026, 5, 4), Policy.SHIFT), 1, 5).date == D(2026, 5, 9)
    strict = dose(real(D(2026, 5, 4), Policy.SHIFT, weekends_open=False), 1, 5)
    assert (strict.date, strict.status) == (D(2026, 5, 11), Status.OUT_OF_WINDOW)


def test_a_dose_already_on_a_weekend_day_is_not_moved_by_no_weekends() -> None:
    # --no-weekends only restricts where a *moved* dose may go.
    weekend = Plan(regimen=builtin(), start=QUIET_START, weekends_open=False, policy=Policy.SHIFT)
    assert all(a.status is Status.PLANNED for a in build_schedule(weekend).administrations)


def test_cross_year_schedule_meets_new_years_day_of_the_next_year() -> None:
    flagged = real(D(2026, 11, 2))
    new_year = dose(flagged, 4, 5)
    assert (new_year.date, new_year.status) == (D(2027, 1, 1), Status.HOLIDAY)
    assert new_year.reason is not None and new_year.reason.name == "New Year's Day"
    assert dose(real(D(2026, 11, 2), Policy.SHIFT), 4, 5).date == D(2027, 1, 2)


def test_alsace_moselle_good_friday_and_saint_stephen() -> None:
    national = real(D(2026, 3, 30))
    assert dose(national, 1, 5).status is Status.PLANNED  # Good Friday is no holiday in the rest of France
    for subdiv in ("57", "6AE", "67", "68"):
        regional = real(D(2026, 3, 30), subdiv=subdiv)
        good_friday = dose(regional, 1, 5)
        assert (good_friday.date, good_friday.status) == (D(2026, 4, 3), Status.HOLIDAY), subdiv
        assert good_friday.reason is not None and good_friday.reason.name == "Good Friday"
    # Christmas (Friday) then Saint Stephen's Day (Saturday): the Friday dose goes to Sunday...
    moselle = real(D(2026, 12, 21), Policy.SHIFT, subdiv="57")
    assert dose(moselle, 1, 5).date == D(2026, 12, 27)
    # ...or, without weekends, finds no open day within the window.
    strict = real(D(2026, 12, 21), Policy.SHIFT, subdiv="57", weekends_open=False)
    assert (dose(strict, 1, 5).date, dose(strict, 1, 5).status) == (D(2026, 12, 28), Status.OUT_OF_WINDOW)
    assert dose(real(D(2026, 12, 21), Policy.SHIFT), 1, 5).date == D(2026, 12, 26)  # national: Saturday


def test_a_closure_covering_a_whole_cycle_puts_every_dose_out_of_window_and_says_so() -> None:
    summer = [(D(2026, 8, 3), D(2026, 8, 21))]
    shifted = real(D(2026, 7, 27), Policy.SHIFT, closed=summer)
    cycle2 = [a for a in shifted.administrations if a.cycle == 2]
    assert [a.status for a in cycle2] == [Status.OUT_OF_WINDOW] * 5
    assert [a.date for a in cycle2] == [D(2026, 8, 22) + dt.timedelta(days=i) for i in range(5)]
    assert all(a.reason == Closure("closed", "site closure") for a in cycle2)
    assert len(shifted.given) == 20
    skipped = real(D(2026, 7, 27), Policy.SKIP, closed=summer)
    assert len(skipped.given) == 15 and skipped.total_dose_iu == 52_500_000 - 5 * 3_000_000
    # The Assumption (15 Aug) inside the range keeps its holiday name.
    assert dict(skipped.closures_met())[D(2026, 8, 15)] == Closure("holiday", "Assumption Day")


def test_a_dose_pushed_out_of_its_window_never_lands_in_another_cycles_window() -> None:
    closed = {QUIET_START + dt.timedelta(days=i): Closure("closed", "works") for i in range(16)}
    plan = Plan(regimen=builtin(), start=QUIET_START, closures=closed, policy=Policy.SHIFT)
    schedule = build_schedule(plan)
    cycle1 = [a.date for a in schedule.administrations if a.cycle == 1]
    assert cycle1 == [D(2026, 1, 26) + dt.timedelta(days=i) for i in range(5)]  # after cycle 2's window
    assert cycle_dates(schedule, 2) == [D(2026, 1, 21) + dt.timedelta(days=i) for i in range(5)]
    assert len({a.date for a in schedule.administrations}) == 20


# --- skip ---------------------------------------------------------------------------------------------


def test_skip_drops_the_doses_on_holidays_from_the_totals() -> None:
    skipped = real(D(2026, 4, 27), Policy.SKIP)
    assert [(a.cycle, a.cycle_day) for a in skipped.administrations if not a.given] == [(1, 5), (2, 4)]
    assert len(skipped.given) == 18 and skipped.total_dose_iu == 48_000_000
    assert len(skipped.administrations) == 20  # kept, with their reason


# --- properties over many start dates and closure sets ---------------------------------------------------

MONDAYS = st.integers(0, 52 * 15).map(lambda w: D(2024, 1, 1) + dt.timedelta(weeks=w))
# Scattered closed days plus one run of them (a site closure range), as day offsets from the start.
OFFSETS = st.builds(
    lambda scattered, first, length: scattered | set(range(first, first + length)),
    st.sets(st.integers(-3, 75), max_size=20),
    st.integers(-3, 70),
    st.integers(0, 21),
)
KINDS = st.sampled_from(["holiday", "closed"])


def random_plan(start: D, offsets: set[int], kind: str, policy: Policy, weekends_open: bool) -> Plan:
    closures = {start + dt.timedelta(days=o): Closure(kind, f"closure {o}") for o in offsets}
    return Plan(regimen=builtin(), start=start, closures=closures, policy=policy, weekends_open=weekends_open)


@settings(max_examples=examples(300), deadline=None)
@given(start=MONDAYS, offsets=OFFSETS, kind=KINDS, weekends_open=st.booleans())
def test_shift_properties(start: D, offsets: set[int], kind: str, weekends_open: bool) -> None:
    plan = random_plan(start, offsets, kind, Policy.SHIFT, weekends_open)
    schedule = build_schedule(plan)
    admins = schedule.administrations
    assert len(admins) == 20 and len(schedule.given) == 20
    assert not [a for a in admins if a.date in plan.closures], "a dose on a closed day"
    assert len({a.date for a in admins}) == 20, "two doses on one day"
    for cycle in plan.regimen.cycles:
        mine = [a for a in admins if a.cycle == cycle.number]
        assert [a.cycle_day for a in mine] == [1, 2, 3, 4, 5]
        assert all(x.date < y.date for x, y in itertools.pairwise(mine)), "order broken"
        first, last = cycle_window(plan, cycle)
        for a in mine:
            assert a.date >= (a.planned_date or a.date) >= first
            assert a.study_day == (a.date - start).days + 1
            assert (a.date > last) == (a.status is Status.OUT_OF_WINDOW), "window exceeded silently"
            if a.status is Status.SHIFTED:
                assert a.planned_date is not None and a.planned_date < a.date and a.reason is not None
            if a.planned_date is not None and not weekends_open:
                assert a.date.weekday() < 5, "moved onto a weekend"
            if a.planned_date is None:
                assert a.status is Status.PLANNED
        # An out-of-window dose never lands in another cycle's window.
        for other in plan.regimen.cycles:
            if other.number != cycle.number:
                o_first, o_last = cycle_window(plan, other)
                assert not [a for a in mine if o_first <= a.date <= o_last]


@settings(max_examples=examples(200), deadline=None)
@given(start=MONDAYS, offsets=OFFSETS, kind=KINDS)
def test_skip_and_flag_properties(start: D, offsets: set[int], kind: str) -> None:
    plain = build_schedule(Plan(regimen=builtin(), start=start))
    skipped = build_schedule(random_plan(start, offsets, kind, Policy.SKIP, True))
    flagged = build_schedule(random_plan(start, offsets, kind, Policy.FLAG, True))
    closed = set(skipped.plan.closures)
    skipped_count = sum(a.status is Status.SKIPPED for a in skipped.administrations)
    assert len(skipped.given) + skipped_count == 20
    assert {a.date for a in skipped.administrations if not a.given} == {
        a.date for a in plain.administrations if a.date in closed
    }
    assert skipped.total_dose_iu == sum(a.dose_iu for a in plain.administrations if a.date not in closed)
    assert [a.date for a in flagged.administrations] == [a.date for a in plain.administrations]
    assert [a.date for a in skipped.administrations] == [a.date for a in plain.administrations]
    flag_status = Status.HOLIDAY if kind == "holiday" else Status.CLOSED
    for a in flagged.administrations:
        assert a.status is (flag_status if a.date in closed else Status.PLANNED)


@settings(max_examples=examples(60), deadline=None)
@given(start=st.integers(0, 52 * 6).map(lambda w: D(2025, 1, 6) + dt.timedelta(weeks=w)))
def test_shift_on_real_french_holidays_never_lands_on_one(start: D) -> None:
    schedule = real(start, Policy.SHIFT, subdiv="57")
    assert not [a for a in schedule.administrations if a.date in schedule.plan.closures]
    assert len(schedule.given) == 20
    # French holidays never close two days running within a week, so weekends leave room in every window.
    assert not [a for a in schedule.administrations if a.status is Status.OUT_OF_WINDOW]
