"""What was given against what was planned: each planned dose in exactly one state, the rules broken, and
adherence per cycle and overall.

:func:`reconcile` takes a patient's schedule (the plan, as the engine computes it from the stored regimen and
options), the ward record's records of that patient and the day to judge on, and returns a
:class:`Reconciliation`. Each dose the plan gives ends in exactly one :class:`DoseState`:

- *given as planned*: given on its planned day (the day the engine gives it, after a delay or a shift);
- *given, moved within its window*: given on another day of its cycle's window;
- *given outside its window*: a deviation, citing the cycle's window (:class:`Window`);
- *given at another amount*: a deviation, citing the planned dose (a dose both outside its window and at
  another amount is *outside its window*, and its deviations name both rules);
- *not given*: a record says so, with its reason (no deviation here: the reason is the record's);
- *due*: no record yet, and its window has not passed;
- *overdue*: no record, and its window has passed: a deviation.

A dose that needs a person (:mod:`.attention`: *to decide*, *check*) is judged like any other: given on its
planned day it is *given as planned* (the record is the decision: the unit opened, the investigator chose to
give it), given on the day the schedule proposed after its window it is *given outside its window*, and with
no record it is *due*, then *overdue* once its window has passed, like any dose nobody recorded.

A recorded move re-plans nothing: the following doses keep their plan. Only records in force count (as
:func:`~il2sched.core.record.in_force` defines them); the ones they replaced stay in each dose's ``history``
for the report's trail. A record of what happened after ``today`` is not counted (a report *as of* a past
day judges the doses given by then, whenever they were transcribed): a dose given after ``today``, or a dose
not given whose planned day is after ``today`` and whose record was made after it. Records of a dose the
plan does not give (a dose the skip policy leaves out) are reported apart, as ``unplanned``.

Pure and linear in the doses and records: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum

from il2sched.core.attention import Attention
from il2sched.core.record import DoseRecord, DoseRef, NotGivenReason
from il2sched.core.schedule import Administration, Schedule, cycle_window


class DoseState(StrEnum):
    """What became of a planned dose (its value is the machine columns' word)."""

    AS_PLANNED = "given_as_planned"
    MOVED = "given_moved"
    OUTSIDE_WINDOW = "given_outside_window"
    OTHER_AMOUNT = "given_other_amount"
    NOT_GIVEN = "not_given"
    DUE = "due"
    OVERDUE = "overdue"

    @property
    def given(self) -> bool:
        """True for the states of a dose recorded as given."""
        return self in _GIVEN


_GIVEN = frozenset({DoseState.AS_PLANNED, DoseState.MOVED, DoseState.OUTSIDE_WINDOW, DoseState.OTHER_AMOUNT})


class Rule(StrEnum):
    """The protocol's rule a deviation breaks."""

    WINDOW = "window"  # a dose is given within its cycle's window
    AMOUNT = "amount"  # a dose is given at the planned amount
    RECORDED = "recorded"  # a dose is given (or its not giving recorded) before its window ends
    PLANNED = "planned"  # only the doses the plan gives are given


@dataclass(frozen=True, slots=True)
class Window:
    """A cycle's window: the first and last day a dose of it may be given, and where that comes from."""

    cycle: int
    first: dt.date
    last: dt.date
    week: int | None  # the protocol week its doses fall in (after delays), for a cycle of one week
    first_day: int  # its first and last doses: weekdays 1-7 of ``week``, else study days (after delays)
    last_day: int
    tolerance_days: int  # the days after its last planned dose a moved dose may still take
    delay_weeks: int  # how far it is postponed (its own delay and every earlier cycle's)

    def holds(self, day: dt.date) -> bool:
        """True when ``day`` is within the window."""
        return self.first <= day <= self.last


@dataclass(frozen=True, slots=True)
class Deviation:
    """A rule broken by a dose: which rule, and the facts that show it."""

    rule: Rule
    dose: DoseRef
    window: Window | None  # None for a record of a dose the plan does not give
    planned_iu: int
    given_iu: int | None = None  # given at another amount: how much
    given_on: dt.date | None = None  # given outside its window: when


@dataclass(frozen=True, slots=True)
class ReconciledDose:
    """A planned dose, what became of it, and why it is a deviation when it is one."""

    admin: Administration
    state: DoseState
    window: Window
    record: DoseRecord | None  # the record in force (None: nothing recorded, or not counted yet)
    history: tuple[DoseRecord, ...] = ()  # the records it replaced, oldest first
    deviations: tuple[Deviation, ...] = ()

    @property
    def ref(self) -> DoseRef:
        """The dose as the ward record names it (``CYCLE:DAY``)."""
        return DoseRef(self.admin.cycle, self.admin.cycle_day)

    @property
    def given_iu(self) -> int:
        """The units given (the planned amount when the record says none), 0 when not given."""
        if self.record is None or not self.state.given:
            return 0
        return self.admin.dose_iu if self.record.amount_iu is None else self.record.amount_iu

    @property
    def given_on(self) -> dt.date | None:
        """The day it was given, if it was."""
        return self.record.given_at.date() if self.record and self.record.given_at else None

    @property
    def reason(self) -> NotGivenReason | None:
        """Why it was not given, when a record says it was not."""
        return self.record.reason if self.state is DoseState.NOT_GIVEN and self.record else None

    @property
    def attention(self) -> Attention | None:
        """What the plan said it needed from a person before anyone gave it."""
        return self.admin.attention


@dataclass(frozen=True, slots=True)
class Adherence:
    """Doses and units given over planned, as exact integers; percentages cut to a tenth, never rounded up
    (99.96 % is 99.9 %: 100 % means every dose)."""

    doses_given: int
    doses_planned: int
    units_given: int
    units_planned: int

    @property
    def doses_percent(self) -> Decimal | None:
        """Doses given over planned, in percent (None when none was planned)."""
        return percent(self.doses_given, self.doses_planned)

    @property
    def units_percent(self) -> Decimal | None:
        """Units given over planned, in percent (None when none was planned)."""
        return percent(self.units_given, self.units_planned)


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` over ``whole`` in percent, cut (not rounded) to a tenth, without trailing zeros."""
    if whole == 0:
        return None
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


@dataclass(frozen=True, slots=True)
class CycleResult:
    """A cycle's doses and its adherence: to date (the doses settled or overdue) and over the whole cycle."""

    window: Window
    doses: tuple[ReconciledDose, ...]
    to_date: Adherence
    course: Adherence


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """A patient's plan judged against the ward record on ``today``."""

    schedule: Schedule
    today: dt.date
    cycles: tuple[CycleResult, ...]
    to_date: Adherence  # over the doses given, not given or overdue: those that should be settled by now
    course: Adherence  # over every planned dose
    unplanned: tuple[Deviation, ...] = ()  # records of doses the plan does not give
    not_counted: tuple[DoseRecord, ...] = ()  # of what happened after today

    @property
    def patient(self) -> str:
        """The patient's code."""
        return self.schedule.plan.shown_patient

    @property
    def doses(self) -> tuple[ReconciledDose, ...]:
        """Every planned dose, in the plan's order."""
        return tuple(d for c in self.cycles for d in c.doses)

    @property
    def deviations(self) -> tuple[Deviation, ...]:
        """Every rule broken, dose by dose in the plan's order, then the unplanned records."""
        return (*(v for d in self.doses for v in d.deviations), *self.unplanned)

    def count(self, state: DoseState) -> int:
        """How many planned doses are in ``state``."""
        return sum(1 for d in self.doses if d.state is state)


def windows(schedule: Schedule) -> dict[int, Window]:
    """Each cycle's window, by cycle number, as the regimen's rule gives it (after delays)."""
    plan, found = schedule.plan, {}
    delay = 0
    for cycle in schedule.regimen.cycles:
        delay += plan.delays.get(cycle.number, 0)
        first, last = cycle_window(plan, cycle)
        shifted = [day + 7 * delay for day in cycle.days]
        weeks = {(day - 1) // 7 + 1 for day in shifted}
        week = weeks.pop() if len(weeks) == 1 else None
        ends = ((shifted[0] - 1) % 7 + 1, (shifted[-1] - 1) % 7 + 1) if week else (shifted[0], shifted[-1])
        found[cycle.number] = Window(
            cycle.number, first, last, week, *ends, cycle.window_end - cycle.days[-1], delay
        )
    return found


def reconcile(schedule: Schedule, records: Iterable[DoseRecord], today: dt.date) -> Reconciliation:
    """Judge ``schedule``'s doses against ``records`` (a patient's, corrections included) on ``today``.

    A given dose's day is its local wall time's date (the record's ``given_at``). One pass over the doses and
    one over the records (sorted once): a ward of thousands costs a few milliseconds a patient at most.
    """
    refs = {DoseRef(a.cycle, a.cycle_day): a for a in schedule.administrations}
    counted: list[DoseRecord] = []
    later: list[DoseRecord] = []
    for r in sorted(records, key=lambda r: r.entry):
        if r.given_at is not None:
            future = r.given_at.date() > today
        else:
            planned = refs.get(r.dose)
            future = r.recorded_at.date() > today and (planned is None or planned.date > today)
        (later if future else counted).append(r)
    replaced = {r.replaces for r in counted if r.replaces is not None}
    force: dict[DoseRef, DoseRecord] = {}
    history: dict[DoseRef, list[DoseRecord]] = {}
    for r in counted:
        if r.entry in replaced:
            history.setdefault(r.dose, []).append(r)
        else:
            # The store keeps one record in force a dose; otherwise the last wins, the earlier is history.
            earlier = force.get(r.dose)
            if earlier is not None:
                history.setdefault(r.dose, []).append(earlier)
                history[r.dose].sort(key=lambda h: h.entry)
            force[r.dose] = r
    cycle_windows = windows(schedule)
    results = []
    planned_refs = set()
    for cycle, admins in schedule.by_cycle():
        window = cycle_windows[cycle.number]
        doses = []
        for a in admins:
            if not a.given:
                continue
            ref = DoseRef(a.cycle, a.cycle_day)
            planned_refs.add(ref)
            doses.append(_judge(a, ref, window, force.get(ref), tuple(history.get(ref, ())), today))
        settled, course = _adherence(doses)
        results.append(CycleResult(window, tuple(doses), settled, course))
    unplanned = tuple(
        Deviation(Rule.PLANNED, r.dose, cycle_windows.get(r.dose.cycle), 0, r.amount_iu, _day(r))
        for ref, r in sorted(force.items())
        if ref not in planned_refs
    )
    settled, course = _total(results)
    return Reconciliation(schedule, today, tuple(results), settled, course, unplanned, tuple(later))


def _day(record: DoseRecord) -> dt.date | None:
    return record.given_at.date() if record.given_at else None


def _judge(
    admin: Administration,
    ref: DoseRef,
    window: Window,
    record: DoseRecord | None,
    history: tuple[DoseRecord, ...],
    today: dt.date,
) -> ReconciledDose:
    """One planned dose's state and deviations."""
    if record is None:
        if today > window.last:
            late = Deviation(Rule.RECORDED, ref, window, admin.dose_iu)
            return ReconciledDose(admin, DoseState.OVERDUE, window, None, history, (late,))
        return ReconciledDose(admin, DoseState.DUE, window, None, history)
    if not record.given:
        return ReconciledDose(admin, DoseState.NOT_GIVEN, window, record, history)
    day = _day(record) or admin.date
    amount = admin.dose_iu if record.amount_iu is None else record.amount_iu
    deviations = []
    if not window.holds(day):
        deviations.append(Deviation(Rule.WINDOW, ref, window, admin.dose_iu, given_on=day))
    if amount != admin.dose_iu:
        deviations.append(Deviation(Rule.AMOUNT, ref, window, admin.dose_iu, given_iu=amount))
    if not window.holds(day):
        state = DoseState.OUTSIDE_WINDOW
    elif amount != admin.dose_iu:
        state = DoseState.OTHER_AMOUNT
    else:
        state = DoseState.AS_PLANNED if day == admin.date else DoseState.MOVED
    return ReconciledDose(admin, state, window, record, history, tuple(deviations))


def _adherence(doses: Iterable[ReconciledDose]) -> tuple[Adherence, Adherence]:
    """Given over planned: over the doses that should be settled by now (not those due), and over all."""
    given = planned = units = planned_units = 0  # every dose
    due = due_units = 0  # those still due
    for d in doses:
        planned += 1
        planned_units += d.admin.dose_iu
        if d.state is DoseState.DUE:
            due += 1
            due_units += d.admin.dose_iu
        elif d.state.given:
            given += 1
            units += d.given_iu
    settled = Adherence(given, planned - due, units, planned_units - due_units)
    return settled, Adherence(given, planned, units, planned_units)


def _total(cycles: Iterable[CycleResult]) -> tuple[Adherence, Adherence]:
    """The cycles' adherences added up."""
    parts = [(c.to_date, c.course) for c in cycles]
    return _sum(p[0] for p in parts), _sum(p[1] for p in parts)


def _sum(values: Iterable[Adherence]) -> Adherence:
    total = Adherence(0, 0, 0, 0)
    for v in values:
        total = Adherence(
            total.doses_given + v.doses_given, total.doses_planned + v.doses_planned,
            total.units_given + v.units_given, total.units_planned + v.units_planned,
        )  # fmt: skip
    return total
