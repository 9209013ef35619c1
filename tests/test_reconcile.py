"""The reconciliation of the scripted ward record (tests/reconcile_scenario.py): every dose's state, every
deviation with the rule it breaks, adherence per cycle and overall, in English and French, and as of a past
day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import reconcile_scenario as scenario

from il2sched.core.reconcile import DoseState, Reconciliation, Rule, percent, reconcile
from il2sched.core.reconcile_words import adherence_text, deviation_line, state_text, window_rule
from il2sched.core.record import DoseRef, NotGivenReason
from il2sched.sources.locale import texts_for

S = DoseState


@pytest.fixture(scope="module")
def result() -> Reconciliation:
    return reconcile(scenario.schedule(), scenario.records(), scenario.AS_OF)


def test_every_dose_state(result: Reconciliation) -> None:
    states = {(d.ref.cycle, d.ref.day): d.state for d in result.doses}
    expected = {(1, d): S.AS_PLANNED for d in range(1, 6)}
    expected |= {(2, d): S.AS_PLANNED for d in (1, 2, 3, 5)} | {(2, 4): S.MOVED}
    expected |= {(3, d): S.AS_PLANNED for d in (1, 3, 4, 5)} | {(3, 2): S.NOT_GIVEN}
    expected |= {(4, 1): S.OUTSIDE_WINDOW, (4, 2): S.OTHER_AMOUNT} | {(4, d): S.OVERDUE for d in (3, 4, 5)}
    assert states == expected
    assert [d.admin.date for d in result.doses] == sorted(d.admin.date for d in result.doses)


def test_the_correction_is_in_force_and_the_replaced_record_kept(result: Reconciliation) -> None:
    (dose,) = [d for d in result.doses if d.ref == DoseRef(1, 3)]
    assert dose.record is not None and dose.record.entry == 6 and dose.record.lot == "L100"
    assert [r.entry for r in dose.history] == [3]
    assert dose.history[0].lot == "L10"


def test_the_holiday_dose_given_on_its_day_is_as_planned(result: Reconciliation) -> None:
    (dose,) = [d for d in result.doses if d.ref == DoseRef(1, 5)]
    assert dose.attention is not None and dose.attention.value == "check"
    assert dose.state is S.AS_PLANNED and dose.deviations == ()


def test_deviations_and_rules(result: Reconciliation) -> None:
    rules = [(str(v.dose), v.rule) for v in result.deviations]
    assert rules == [
        ("4:1", Rule.WINDOW), ("4:2", Rule.AMOUNT),
        ("4:3", Rule.RECORDED), ("4:4", Rule.RECORDED), ("4:5", Rule.RECORDED),
    ]  # fmt: skip
    en = texts_for("en", use_cache=False)
    assert [deviation_line(v, en) for v in result.deviations[:3]] == [
        "Cycle 4, day 1: given 2026-07-02, outside its window: cycle 4's window is 2026-06-22 to 2026-06-28 "
        "(days 1 to 5 of week 9, 2 days' tolerance)",
        "Cycle 4, day 2: given 1.5 million units in place of 3 million units: cycle 4's dose is 3 million "
        "units (3,000,000 international units)",
        "Cycle 4, day 3: nothing recorded and its window ended 2026-06-28: cycle 4's window is 2026-06-22 to "
        "2026-06-28 (days 1 to 5 of week 9, 2 days' tolerance)",
    ]
    fr = texts_for("fr", use_cache=False)
    assert deviation_line(result.deviations[0], fr) == (
        "Cycle 4, jour 1\u202f: administrée le 2026-07-02, hors de sa fenêtre\u202f: la fenêtre du cycle 4 "
        "va du 2026-06-22 au 2026-06-28 (jours 1 à 5 de la semaine 9, 2 jours de tolérance)"
    )


def test_not_given_says_why(result: Reconciliation) -> None:
    (dose,) = [d for d in result.doses if d.ref == DoseRef(3, 2)]
    assert dose.reason is NotGivenReason.REFUSED and dose.deviations == () and dose.given_iu == 0
    assert state_text(dose, texts_for("en", use_cache=False)) == "not given: refused by the patient"
    assert (
        state_text(dose, texts_for("fr", use_cache=False)) == "non administrée\u202f: refusée par le patient"
    )


def test_adherence(result: Reconciliation) -> None:
    per_cycle = [
        (c.to_date.doses_given, c.to_date.doses_planned, c.to_date.units_given, c.to_date.units_planned)
        for c in result.cycles
    ]
    assert per_cycle == [
        (5, 5, 7_500_000, 7_500_000),
        (5, 5, 15_000_000, 15_000_000),
        (4, 5, 12_000_000, 15_000_000),
        (2, 5, 4_500_000, 15_000_000),
    ]
    overall = result.to_date
    assert (overall.doses_given, overall.doses_planned) == (16, 20)
    assert (overall.units_given, overall.units_planned) == (39_000_000, 52_500_000)
    assert overall.doses_percent == Decimal(80)
    assert overall.units_percent == Decimal("74.2")  # 74.28...: cut, never rounded up
    assert result.course == result.to_date  # every dose is settled or overdue on 2 July
    assert [str(c.to_date.units_percent) for c in result.cycles] == ["100", "100", "80", "30"]
    assert adherence_text(overall, texts_for("en", use_cache=False)) == (
        "16 of 20 doses (80%); 39 million units of 52.5 million units (74.2%)"
    )
    assert adherence_text(overall, texts_for("fr", use_cache=False)) == (
        "16 doses sur 20 (80\u202f%)\u202f; 39 millions d'unités sur 52,5 millions d'unités (74,2\u202f%)"
    )


def test_as_of_a_past_day_counts_what_had_happened_then() -> None:
    result = reconcile(scenario.schedule(), scenario.records(), dt.date(2026, 6, 24))
    states = {str(d.ref): d.state for d in result.doses if d.ref.cycle == 4}
    # Day 1 was given on 2 July: not yet on 24 June, when its window had not passed yet.
    assert states == {"4:1": S.DUE, "4:2": S.OTHER_AMOUNT, "4:3": S.DUE, "4:4": S.DUE, "4:5": S.DUE}
    assert [r.entry for r in result.not_counted] == [18]
    assert (result.to_date.doses_given, result.to_date.doses_planned) == (15, 16)
    assert (result.course.doses_given, result.course.doses_planned) == (15, 20)


def test_a_record_given_after_today_is_not_counted() -> None:
    result = reconcile(scenario.schedule(), scenario.records(), dt.date(2026, 6, 30))
    (dose,) = [d for d in result.doses if d.ref == DoseRef(4, 1)]
    assert dose.state is S.OVERDUE and [r.entry for r in result.not_counted] == [18]
    # A dose not given, recorded before its day (the physician held it ahead): counted once recorded.
    early = reconcile(scenario.schedule(), scenario.records(), dt.date(2026, 6, 1))
    (held,) = [d for d in early.doses if d.ref == DoseRef(3, 2)]
    assert held.state is S.DUE and 13 in [r.entry for r in early.not_counted]


def test_the_window_rule_names_a_delay() -> None:
    from il2sched.core.reconcile import windows
    from il2sched.core.schedule import build_schedule

    plan = scenario.schedule().plan
    delayed = build_schedule(type(plan)(**{**_fields(plan), "delays": {4: 1}}))
    window = windows(delayed)[4]
    assert window_rule(window, texts_for("en", use_cache=False)) == (
        "cycle 4's window is 2026-06-29 to 2026-07-05 (days 1 to 5 of week 10, 2 days' tolerance, "
        "postponed 1 week)"
    )


def _fields(plan: object) -> dict[str, object]:
    return {name: getattr(plan, name) for name in plan.__dataclass_fields__}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [(1, 3, "33.3"), (2, 3, "66.6"), (19, 20, "95"), (1999, 2000, "99.9"), (20, 20, "100"), (0, 5, "0")],
)
def test_percent_is_cut_to_a_tenth_without_trailing_zeros(part: int, whole: int, shown: str) -> None:
    assert str(percent(part, whole)) == shown
    assert percent(1, 0) is None
