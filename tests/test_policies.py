"""The flag, shift and skip policies on real French holidays, site closures, and over many start dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from helpers import QUIET_START, builtin
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profile import examples

from il2sched.core.attention import Attention
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
    weekends_open: bool = False,
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


def week(monday: D) -> list[D]:
    return [monday + dt.timedelta(days=i) for i in range(5)]


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
    # A public holiday: the unit's opening is not known, so the dose is given only if it is open.
    assert friday.attention is thursday.attention is Attention.CHECK
    assert sum(a.status is Status.PLANNED for a in flagged.administrations) == 18
    assert flagged.total_dose_iu == 52_500_000  # flagged doses are still planned to be given


def test_flag_marks_a_site_closure_as_closed_for_the_investigator_to_decide() -> None:
    flagged = real(QUIET_START, closed=[(D(2026, 1, 7), D(2026, 1, 7))])
    assert dose(flagged, 1, 3).status is Status.CLOSED
    assert dose(flagged, 1, 3).reason == Closure("closed", "site closure")
    assert dose(flagged, 1, 3).attention is Attention.TO_DECIDE and not dose(flagged, 1, 3).givable


def test_a_holiday_inside_a_site_closure_is_a_closed_day_named_by_the_holiday() -> None:
    # The unit is known to be closed that day: the investigator decides, it is no mere check.
    flagged = real(D(2026, 5, 11), closed=[(D(2026, 5, 11), D(2026, 5, 15))])
    ascension = dose(flagged, 1, 4)
    assert ascension.reason == Closure("closed", "Ascension Day")
    assert ascension.status is Status.CLOSED and ascension.attention is Attention.TO_DECIDE


# --- shift: only the dose on a closed day moves, and only onto an open day of its window --------------


def test_shift_easter_monday_is_for_the_investigator_when_weekends_are_closed() -> None:
    # Tuesday to Friday hold their own doses and the weekend is closed: no open day is left in the window.
    shifted = real(D(2026, 4, 6), Policy.SHIFT)
    monday = dose(shifted, 1, 1)
    assert (monday.date, monday.status, monday.planned_date) == (D(2026, 4, 6), Status.OUT_OF_WINDOW, None)
    assert monday.attention is Attention.TO_DECIDE and monday.proposed == D(2026, 4, 13)
    assert monday.study_day == 1
    # Nothing cascades: the other doses keep their days.
    assert cycle_dates(shifted, 1) == week(D(2026, 4, 6))
    assert [a.status for a in shifted.administrations[1:5]] == [Status.PLANNED] * 4


def test_shift_easter_monday_goes_to_saturday_when_the_unit_opens_at_weekends() -> None:
    shifted = real(D(2026, 4, 6), Policy.SHIFT, weekends_open=True)
    monday = dose(shifted, 1, 1)
    assert (monday.date, monday.status, monday.planned_date) == (
        D(2026, 4, 11),
        Status.SHIFTED,
        D(2026, 4, 6),
    )
    assert monday.study_day == 6 and monday.reason is not None and monday.reason.name == "Easter Monday"
    # Rows are in date order: the moved day 1 comes after day 5.
    assert [a.cycle_day for a in shifted.administrations[:5]] == [2, 3, 4, 5, 1]


def test_shift_ascension_and_whit_monday_each_move_one_dose_or_none() -> None:
    strict = real(D(2026, 5, 11), Policy.SHIFT)
    assert cycle_dates(strict, 1) == week(D(2026, 5, 11))
    thursday, whit_monday = dose(strict, 1, 4), dose(strict, 2, 1)
    assert (thursday.status, thursday.proposed) == (Status.OUT_OF_WINDOW, D(2026, 5, 18))
    assert (whit_monday.date, whit_monday.status) == (D(2026, 5, 25), Status.OUT_OF_WINDOW)
    assert whit_monday.proposed == D(2026, 6, 1)
    opened = real(D(2026, 5, 11), Policy.SHIFT, weekends_open=True)
    assert dose(opened, 1, 4).date == D(2026, 5, 16) and dose(opened, 2, 1).date == D(2026, 5, 30)
    assert [a.status for a in opened.administrations if a.status is not Status.PLANNED] == [
        Status.SHIFTED
    ] * 2
    # Later cycles keep their own weeks.
    assert cycle_dates(opened, 3)[0] == D(2026, 6, 15) and cycle_dates(opened, 4)[0] == D(2026, 7, 6)


def test_shift_victory_day_friday_goes_to_saturday_or_to_the_investigator() -> None:
    assert dose(real(D(2026, 5, 4), Policy.SHIFT, weekends_open=True), 1, 5).date == D(2026, 5, 9)
    strict = dose(real(D(2026, 5, 4), Policy.SHIFT), 1, 5)
    assert (strict.date, strict.status, strict.proposed) == (
        D(2026, 5, 8),
        Status.OUT_OF_WINDOW,
        D(2026, 5, 11),
    )


def test_a_dose_already_on_a_weekend_day_is_not_moved_when_weekends_are_closed() -> None:
    # Closed weekends only restrict where a *moved* dose may go.
    weekend = Plan(regimen=builtin(), start=QUIET_START, policy=Policy.SHIFT)
    assert all(a.status is Status.PLANNED for a in build_schedule(weekend).administrations)


def test_cross_year_schedule_meets_new_years_day_of_the_next_year() -> None:
    flagged = real(D(2026, 11, 2))
    new_year = dose(flagged, 4, 5)
    assert (new_year.date, new_year.status) == (D(2027, 1, 1), Status.HOLIDAY)
    assert new_year.reason is not None and new_year.reason.name == "New Year's Day"
    assert dose(real(D(2026, 11, 2), Policy.SHIFT, weekends_open=True), 4, 5).date == D(2027, 1, 2)
    assert dose(real(D(2026, 11, 2), Policy.SHIFT), 4, 5).proposed == D(2027, 1, 4)


def test_alsace_moselle_good_friday_and_saint_stephen() -> None:
    national = real(D(2026, 3, 30))
    assert dose(national, 1, 5).status is Status.PLANNED  # Good Friday is no holiday in the rest of France
    for subdiv in ("57", "6AE", "67", "68"):
        regional = real(D(2026, 3, 30), subdiv=subdiv)
        good_friday = dose(regional, 1, 5)
        assert (good_friday.date, good_friday.status) == (D(2026, 4, 3), Status.HOLIDAY), subdiv
        assert good_friday.reason is not None and good_friday.reason.name == "Good Friday"
    # Christmas (Friday) then Saint Stephen's Day (Saturday): the Friday dose goes to Sunday...
    moselle = real(D(2026, 12, 21), Policy.SHIFT, subdiv="57", weekends_open=True)
    assert dose(moselle, 1, 5).date == D(2026, 12, 27)
    # ...or, with weekends closed, finds no open day within the window and stays for the investigator.
    strict = dose(real(D(2026, 12, 21), Policy.SHIFT, subdiv="57"), 1, 5)
    assert (strict.date, strict.status, strict.proposed) == (
        D(2026, 12, 25),
        Status.OUT_OF_WINDOW,
        D(2026, 12, 28),
    )
    national = real(D(2026, 12, 21), Policy.SHIFT, weekends_open=True)
    assert dose(national, 1, 5).date == D(2026, 12, 26)  # Saturday


def test_a_closure_covering_a_whole_cycle_leaves_every_dose_to_the_investigator_on_its_day() -> None:
    summer = [(D(2026, 8, 3), D(2026, 8, 21))]
    shifted = real(D(2026, 7, 27), Policy.SHIFT, closed=summer)
    cycle2 = [a for a in shifted.administrations if a.cycle == 2]
    assert [a.status for a in cycle2] == [Status.OUT_OF_WINDOW] * 5
    assert [a.date for a in cycle2] == week(D(2026, 8, 10))  # kept on their planned days
    # The days the window would have needed, one per dose, all before the next cycle (31 Aug).
    assert [a.proposed for a in cycle2] == week(D(2026, 8, 24))
    assert all(a.reason == Closure("closed", "site closure") for a in cycle2)
    assert len(shifted.given) == 20 and shifted.to_decide == 5
    skipped = real(D(2026, 7, 27), Policy.SKIP, closed=summer)
    assert len(skipped.given) == 15 and skipped.total_dose_iu == 52_500_000 - 5 * 3_000_000
    # The Assumption (15 Aug) inside the range keeps its holiday's name, as a day the unit is closed.
    assert dict(skipped.closures_met())[D(2026, 8, 15)] == Closure("closed", "Assumption Day")


def test_a_dose_out_of_its_window_is_proposed_no_day_at_or_after_the_next_cycle() -> None:
    closed = {QUIET_START + dt.timedelta(days=i): Closure("closed", "works") for i in range(16)}
    plan = Plan(regimen=builtin(), start=QUIET_START, closures=closed, policy=Policy.SHIFT)
    schedule = build_schedule(plan)
    cycle1 = [a for a in schedule.administrations if a.cycle == 1]
    assert [a.date for a in cycle1] == week(QUIET_START)  # kept on their planned days
    # Closed until cycle 2 begins (19 Jan): no day to propose, the limit is said instead.
    assert {(a.proposed, a.limit) for a in cycle1} == {(None, D(2026, 1, 19))}
    cycle2 = [a for a in schedule.administrations if a.cycle == 2]
    assert [a.date for a in cycle2] == week(D(2026, 1, 19))
    assert [a.status for a in cycle2] == [Status.OUT_OF_WINDOW] * 2 + [Status.PLANNED] * 3
    assert [a.proposed for a in cycle2[:2]] == [D(2026, 1, 26), D(2026, 1, 27)]
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
    # On a closed day only a dose kept there for the investigator.
    assert not [a for a in admins if a.date in plan.closures and a.status is not Status.OUT_OF_WINDOW]
    assert len({a.date for a in admins}) == 20, "two doses on one day"
    assert [a.date for a in admins] == sorted(a.date for a in admins), "rows out of date order"
    cycles = plan.regimen.cycles
    for cycle in cycles:
        mine = [a for a in admins if a.cycle == cycle.number]
        assert sorted(a.cycle_day for a in mine) == [1, 2, 3, 4, 5]
        first, last = cycle_window(plan, cycle)
        following = cycle_window(plan, cycles[cycle.number])[0] if cycle.number < len(cycles) else None
        closed_in_window = sum(1 for a in mine if a.protocol_date in plan.closures)
        assert sum(a.status is Status.SHIFTED for a in mine) <= closed_in_window, "a cascade"
        for a in mine:
            planned = a.planned_date or a.date
            assert planned == a.protocol_date and first <= planned <= last
            assert a.study_day == (a.date - start).days + 1
            if a.status is Status.SHIFTED:
                assert planned in plan.closures and planned < a.date <= last and a.reason is not None
                assert weekends_open or a.date.weekday() < 5, "moved onto a closed weekend"
            elif a.status is Status.OUT_OF_WINDOW:
                assert a.date in plan.closures and a.planned_date is None and a.attention is not None
                if a.proposed is not None:  # an open day after the window, before the next cycle
                    assert last < a.proposed and (following is None or a.proposed < following)
                    assert a.proposed not in plan.closures and (weekends_open or a.proposed.weekday() < 5)
            else:
                assert a.status is Status.PLANNED and a.date not in plan.closures and a.planned_date is None
        # A moved dose never lands in another cycle's window.
        for other in cycles:
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
    schedule = real(start, Policy.SHIFT, subdiv="57", weekends_open=True)
    assert not [a for a in schedule.administrations if a.date in schedule.plan.closures]
    assert len(schedule.given) == 20
    # French holidays never close two days running within a week, so weekends leave room in every window.
    assert not [a for a in schedule.administrations if a.status is Status.OUT_OF_WINDOW]
