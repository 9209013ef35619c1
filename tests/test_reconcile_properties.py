"""Properties of the reconciliation over any start, delays, closed days and sequence of records (corrections
included): every planned dose in exactly one state; the units given are the sum of the counted records'; a
deviation exactly when a dose is given outside its window or at another amount, or its window passed with no
record; no record of what happened after the day judged is counted. The windows are
computed here from the protocol's words (weeks 1, 3, 6, 9, Monday to Friday, 2 days' tolerance), not by the
engine."""

from __future__ import annotations

import datetime as dt

from helpers import builtin
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profile import examples

from il2sched.core.reconcile import DoseState, Rule, reconcile
from il2sched.core.record import DoseRecord, DoseRef, NotGivenReason, Outcome, YearMonth, in_force
from il2sched.core.schedule import Closure, Plan, Policy, build_schedule

WEEKS = (1, 3, 6, 9)
REGIMEN = builtin()


def oracle_window(start: dt.date, cycle: int, delays: dict[int, int]) -> tuple[dt.date, dt.date]:
    """Monday of the cycle's protocol week, postponed by its and earlier cycles' delays, to the Sunday."""
    weeks = WEEKS[cycle - 1] - 1 + sum(w for c, w in delays.items() if c <= cycle)
    first = start + dt.timedelta(weeks=weeks)
    return first, first + dt.timedelta(days=6)


@st.composite
def ward(draw: st.DrawFn) -> tuple[Plan, list[DoseRecord], dt.date]:
    start = dt.date(2026, 1, 5) + dt.timedelta(weeks=draw(st.integers(0, 200)))
    delays = draw(st.dictionaries(st.integers(1, 4), st.integers(0, 2), max_size=2))
    closed = draw(st.sets(st.integers(0, 80), max_size=4))
    policy = draw(st.sampled_from(list(Policy)))
    closures = {start + dt.timedelta(days=d): Closure("closed", "Works") for d in closed}
    plan = Plan(REGIMEN, start, "P-1", delays=delays, closures=closures, policy=policy)
    refs = [DoseRef(c.number, day) for c in REGIMEN.cycles for day in range(1, len(c.days) + 1)]
    records: list[DoseRecord] = []
    for _ in range(draw(st.integers(0, 30))):
        entry = len(records) + 1
        replaces = None
        if records and draw(st.booleans()) and draw(st.booleans()):
            chosen = draw(st.sampled_from(records))
            if not any(r.replaces == chosen.entry for r in records):
                replaces = chosen.entry
        ref = (
            next(r.dose for r in records if r.entry == replaces) if replaces else draw(st.sampled_from(refs))
        )
        day = start + dt.timedelta(days=draw(st.integers(0, 100)))
        recorded = dt.datetime.combine(day, dt.time(12), dt.UTC) + dt.timedelta(days=draw(st.integers(0, 3)))
        if draw(st.integers(0, 3)) == 0:
            reason = draw(st.sampled_from(list(NotGivenReason)))
            record = DoseRecord(
                entry, "P-1", ref, Outcome.NOT_GIVEN, "AB", recorded, reason=reason, replaces=replaces
            )
        else:
            amount = draw(st.sampled_from([None, 1_500_000, 3_000_000, 750_000]))
            at = dt.datetime.combine(day, dt.time(9))
            record = DoseRecord(entry, "P-1", ref, Outcome.GIVEN, "AB", recorded, at, amount, "L1",
                                YearMonth(2030, 1), replaces=replaces)  # fmt: skip
        records.append(record)
    today = start + dt.timedelta(days=draw(st.integers(-5, 110)))
    return plan, records, today


@settings(max_examples=examples(300))
@given(ward())
def test_reconciliation_invariants(case: tuple[Plan, list[DoseRecord], dt.date]) -> None:
    plan, records, today = case
    schedule = build_schedule(plan)
    result = reconcile(schedule, records, today)
    planned_on = {DoseRef(a.cycle, a.cycle_day): a.date for a in schedule.administrations}
    planned = {DoseRef(a.cycle, a.cycle_day): a for a in schedule.given}
    # Every planned dose once, in exactly one state; nothing else.
    assert sorted(d.ref for d in result.doses) == sorted(planned)
    assert all(isinstance(d.state, DoseState) for d in result.doses)
    # What counts: given by the day judged; not given, recorded or planned by then; the last of each chain.
    counted = [
        r for r in records
        if (r.given_at.date() <= today if r.given_at
            else r.recorded_at.date() <= today or planned_on[r.dose] <= today)
    ]  # fmt: skip
    force = in_force(counted)
    assert sorted(r.entry for r in result.not_counted) == sorted(r.entry for r in records if r not in counted)
    units = 0
    for dose in result.doses:
        record = force.get(dose.ref)
        admin = planned[dose.ref]
        first, last = oracle_window(plan.start, dose.ref.cycle, dict(plan.delays))
        assert (dose.window.first, dose.window.last) == (first, last)
        assert dose.record is record
        rules = {v.rule for v in dose.deviations}
        if record is None:
            assert dose.state is (DoseState.OVERDUE if today > last else DoseState.DUE)
            assert rules == ({Rule.RECORDED} if today > last else set())
        elif not record.given:
            assert dose.state is DoseState.NOT_GIVEN and rules == set()
        else:
            assert record.given_at is not None
            day = record.given_at.date()
            amount = admin.dose_iu if record.amount_iu is None else record.amount_iu
            outside, other = not first <= day <= last, amount != admin.dose_iu
            assert rules == {r for r, broken in ((Rule.WINDOW, outside), (Rule.AMOUNT, other)) if broken}
            assert dose.state.given and (dose.state is DoseState.OUTSIDE_WINDOW) == outside
            if not outside and not other:
                assert dose.state is (DoseState.AS_PLANNED if day == admin.date else DoseState.MOVED)
            assert day <= today
            units += amount
        assert [r.entry for r in dose.history] == sorted(
            r.entry for r in counted if r.dose == dose.ref and r is not record
        )
    assert result.course.units_given == units == sum(d.given_iu for d in result.doses)
    assert result.course.doses_planned == len(planned)
    assert result.course.units_planned == schedule.total_dose_iu
    assert result.to_date.doses_planned == sum(1 for d in result.doses if d.state is not DoseState.DUE)
    assert {v.dose for v in result.unplanned} == {ref for ref in force if ref not in planned}
