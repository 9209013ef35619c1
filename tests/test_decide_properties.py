"""Issue 22's properties, over start dates, policies, closures and every regimen fixture (the built-in one,
``samples/regimens/``, and an escalation with a home step): a dose that needs a person is never a plain row,
nothing cascades, steps keep their order, home doses ignore closed days, printed rows are in date order.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import STAMP, builtin
from hypothesis import given, settings
from hypothesis import strategies as st
from sheet_helpers import rows_of, sheet

from il2sched.core.attention import Attention
from il2sched.core.dosing import body_size
from il2sched.core.regimen import Regimen, parse_regimen
from il2sched.core.schedule import Closure, Plan, Policy, Schedule, Status, build_schedule, cycle_window
from il2sched.core.worklist import build_worklist
from il2sched.print.worklist import build_printed_worklist
from il2sched.sources.locale import texts_for
from il2sched.sources.regimens import load_regimen

D = dt.date
FIXTURES = Path(__file__).resolve().parent.parent / "samples" / "regimens"
BODY = body_size(bsa=Decimal("1.73"))


def _home_step() -> Regimen:
    """The escalation fixture with its second step self-injected at home: a regimen of both settings."""
    text = (FIXTURES / "escalation.toml").read_text(encoding="utf-8")
    text = text.replace('name = "step 2"\n', 'name = "step 2"\nsetting = "home"\n')
    return parse_regimen(text, "escalation-home.toml")


REGIMENS = {
    "nct01840046": builtin,
    **{path.stem: (lambda path=path: load_regimen(str(path))) for path in sorted(FIXTURES.glob("*.toml"))},
    "escalation-home": _home_step,
}
#: Printing a three-year sheet in every example would take long: it is printed in its own test.
PRINTED = sorted(set(REGIMENS) - {"daily-3-years"})


def schedule_of(
    name: str, start: D, offsets: set[int], kind: str, policy: Policy, weekends: bool
) -> Schedule:
    regimen = REGIMENS[name]()
    if regimen.weekday_tied:
        start -= dt.timedelta(days=start.weekday())
    closures = {start + dt.timedelta(days=o): Closure(kind, f"closure {o}") for o in offsets}
    plan = Plan(
        regimen=regimen, start=start, closures=closures, policy=policy, weekends_open=weekends, body=BODY
    )
    return build_schedule(plan)


CASES = {
    "start": st.dates(D(2024, 1, 1), D(2031, 12, 31)),
    # Scattered closed days and one run of them (a closure range), as offsets from the start.
    "offsets": st.builds(
        lambda scattered, first, length: scattered | set(range(first, first + length)),
        st.sets(st.integers(0, 70), max_size=15),
        st.integers(0, 65),
        st.integers(0, 14),
    ),
    "kind": st.sampled_from(["holiday", "closed"]),
    "policy": st.sampled_from(list(Policy)),
    "weekends": st.booleans(),
}


@pytest.mark.parametrize("name", sorted(REGIMENS))
@settings(max_examples=40, deadline=None)
@given(**CASES)
def test_a_dose_that_needs_a_person_is_never_a_plain_dose_and_steps_keep_their_order(
    name: str, start: D, offsets: set[int], kind: str, policy: Policy, weekends: bool
) -> None:
    schedule = schedule_of(name, start, offsets, kind, policy, weekends)
    plan, admins = schedule.plan, schedule.administrations
    closed = plan.closures
    assert [a.date for a in admins] == sorted(a.date for a in admins), "out of date order"
    for a in admins:
        if a.home:  # closed days do not apply at home
            assert (a.status, a.date, a.attention) == (Status.PLANNED, a.protocol_date, None)
        elif a.date in closed and a.given:  # an on-site dose on a closed day needs a person
            assert a.attention in (Attention.TO_DECIDE, Attention.CHECK), a
        if policy is Policy.FLAG and not a.home and closed.get(a.date, Closure("", "")).kind == "closed":
            assert a.status is Status.CLOSED and a.attention is Attention.TO_DECIDE  # never a plain row
    # No dose of an earlier phase (or cycle) is dated on or after the first dose of a later one.
    firsts = {c.number: cycle_window(plan, c)[0] for c in plan.regimen.cycles}
    for a in admins:
        later = [firsts[n] for n in firsts if n > a.cycle]
        assert not later or a.date < min(later), a
    # A daily on-site course never cascades: it moves at most as many doses as it has closed days.
    for cycle, mine in schedule.by_cycle():
        if cycle.home or len(cycle.days) < 2 or cycle.days[-1] - cycle.days[0] != len(cycle.days) - 1:
            continue
        first, last = cycle_window(plan, cycle)
        shut = sum(1 for n in range((last - first).days + 1) if first + dt.timedelta(days=n) in closed)
        assert sum(a.status is Status.SHIFTED for a in mine) <= shut


@pytest.mark.parametrize("name", PRINTED)
@settings(max_examples=8, deadline=None)
@given(**CASES)
def test_printed_records_and_worklists_are_in_date_order(
    name: str, start: D, offsets: set[int], kind: str, policy: Policy, weekends: bool
) -> None:
    schedule = schedule_of(name, start, offsets, kind, policy, weekends)
    rows = [r.date_iso for r in rows_of(sheet(schedule))]
    assert rows == sorted(rows) and len(rows) == len(schedule.administrations)
    decided = [r.date_iso for r in rows_of(sheet(schedule)) if r.cell("decide") is not None]
    assert decided == [
        a.date.isoformat() for a in schedule.administrations if a.attention is Attention.TO_DECIDE
    ]
    days = build_worklist(
        [schedule], schedule.first_date, (schedule.last_date - schedule.first_date).days + 1
    )
    work = build_printed_worklist(days, texts_for("en"), site="", paper="a4", stamp=STAMP)
    blocks = [b for page in work.pages for b in page.days]
    assert [b.date_iso for b in blocks] == sorted(b.date_iso for b in blocks)
    listed = [b.date_iso for b in blocks for _ in b.rows]
    assert listed == [a.date.isoformat() for a in schedule.administrations]


def test_the_three_year_home_course_ignores_every_closed_day_and_prints_in_date_order() -> None:
    regimen = load_regimen(str(FIXTURES / "daily-3-years.toml"))
    start = D(2026, 4, 27)
    closures = {start + dt.timedelta(days=n): Closure("holiday", "H") for n in range(0, 1096, 9)}
    for policy in Policy:
        schedule = build_schedule(Plan(regimen=regimen, start=start, closures=closures, policy=policy))
        assert all(a.home and a.status is Status.PLANNED for a in schedule.administrations)
        assert [a.date for a in schedule.administrations] == [
            start + dt.timedelta(days=n) for n in range(1096)
        ]
    rows = [r.date_iso for r in rows_of(sheet(schedule))]
    assert rows == sorted(rows) and len(set(rows)) == len(rows) == 1096
