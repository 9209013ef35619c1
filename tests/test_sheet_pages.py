"""The sheet's pages: whole cycles in order, any plan fits, Letter as short as A4, long schedules by month."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from helpers import STAMP, builtin, schedule
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profile import examples
from sheet_helpers import regimen_toml, rows_of, sheet, texts

from il2sched.core.attention import Attention
from il2sched.core.closed_days import build_closures, plan_years
from il2sched.core.regimen import parse_regimen
from il2sched.core.schedule import Closure, Plan, Policy, build_schedule
from il2sched.print.layout import PAPERS
from il2sched.print.sheet import Sheet, build_sheet
from il2sched.print.sheet_pages import LAYOUT, GridItem, GridMonth, GridRow, paginate, used_heights
from il2sched.sources.holidays import public_holidays


@pytest.mark.parametrize("paper", sorted(PAPERS))
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pages_hold_whole_cycles_in_order_and_number_themselves(paper: str, lang: str) -> None:
    model = sheet(schedule(dt.date(2026, 4, 27)), lang, paper)
    numbers = [cycle.number for page in model.pages for cycle in page.cycles]
    assert numbers == [1, 2, 3, 4]
    assert all(len(cycle.rows) == 5 for page in model.pages for cycle in page.cycles)
    total = len(model.pages)
    assert [p.label for p in model.pages] == [f"Page {n} / {total}" for n in range(1, total + 1)]
    assert model.pages[0].header and not any(p.header for p in model.pages[1:])
    assert [p.total for p in model.pages] == [False] * (total - 1) + [True]


def _grid_parts(model: Sheet) -> list[list[GridItem]]:
    return [list(p.grid) for p in model.pages if p.grid]


@settings(max_examples=examples(40), deadline=None)
@given(
    monday=st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)).map(lambda d: d - dt.timedelta(d.weekday())),
    policy=st.sampled_from(list(Policy)),
    paper=st.sampled_from(sorted(PAPERS)),
    closed=st.sets(st.integers(0, 62), max_size=12),
    delays=st.dictionaries(st.integers(1, 4), st.integers(0, 3), max_size=2),
    timed=st.booleans(),
    double_check=st.booleans(),
    weekends_open=st.booleans(),
)
def test_any_plan_fits_its_pages_and_lists_every_administration_once(
    monday: dt.date,
    policy: Policy,
    paper: str,
    closed: set[int],
    delays: dict[int, int],
    timed: bool,
    double_check: bool,
    weekends_open: bool,
) -> None:
    closures = {monday + dt.timedelta(days=d): Closure("closed", "Strike") for d in closed}
    sched = build_schedule(
        Plan(
            regimen=builtin(),
            start=monday,
            closures=closures,
            policy=policy,
            delays=delays,
            time=dt.time(8, 45) if timed else None,
            weekends_open=weekends_open,
        )
    )
    model = build_sheet(
        sched, texts("fr"), site="Ward 3", paper=paper, stamp=STAMP, double_check=double_check
    )
    room = LAYOUT.room(PAPERS[paper])
    assert max(used_heights(model.layout, model.blocks, model.pages)) <= room
    rows = [r.date_iso for r in rows_of(model)]
    assert rows == [a.date.isoformat() for a in sched.administrations]
    weeks = [w for part in _grid_parts(model) for w in part if isinstance(w, GridRow)]
    assert len(weeks) == (sched.last_date - sched.first_date).days // 7 + 1
    assert sum(len(p.closed) for p in model.pages) == len(sched.closures_met())
    assert rows == sorted(rows), "rows out of date order"
    # Each dose for the investigator has its decision block on its row, and no other row has one.
    decide = [r.date_iso for r in rows_of(model) if r.cell("decide") is not None]
    assert decide == [a.date.isoformat() for a in sched.administrations if a.attention is Attention.TO_DECIDE]


@settings(max_examples=examples(25), deadline=None)
@given(
    monday=st.dates(dt.date(2024, 1, 1), dt.date(2032, 12, 31)).map(lambda d: d - dt.timedelta(d.weekday())),
    policy=st.sampled_from(list(Policy)),
    lang=st.sampled_from(["en", "fr"]),
    timed=st.booleans(),
)
def test_letter_paper_takes_as_many_pages_as_a4_for_the_builtin_protocol(
    monday: dt.date, policy: Policy, lang: str, timed: bool
) -> None:
    base = Plan(regimen=builtin(), start=monday, policy=policy, time=dt.time(9, 0) if timed else None)
    holidays = public_holidays("FR", None, plan_years(base), lang)
    sched = build_schedule(dataclasses.replace(base, closures=build_closures(holidays, [], "closed")))
    site = "Dermatologie – hôpital de jour"
    a4 = build_sheet(sched, texts(lang), site=site, paper="a4", stamp=STAMP)
    letter = build_sheet(sched, texts(lang), site=site, paper="letter", stamp=STAMP)
    if policy is Policy.SHIFT:
        # Letter is 17.6 mm shorter, one 17.2 mm row (three lines of site boxes 2 mm apart): a cycle of
        # doses moved one after the other, each with its notice, may need one letter page more.
        assert len(a4.pages) <= len(letter.pages) <= len(a4.pages) + 1
    else:
        assert len(letter.pages) == len(a4.pages)


def test_a_long_regimen_groups_its_calendar_by_month_and_never_leaves_a_week_alone() -> None:
    cycles = "".join(
        f'[[cycle]]\nweek = {w}\ndose_iu = 3_000_000\ndays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]\n'
        for w in range(1, 80, 2)
    )
    regimen = parse_regimen(regimen_toml(cycles), "test")
    sched = build_schedule(Plan(regimen=regimen, start=dt.date(2026, 1, 5)))
    model = sheet(sched, paper="letter")
    parts = _grid_parts(model)
    assert len(parts) > 1
    weeks = [i for part in parts for i in part if isinstance(i, GridRow)]
    assert len(weeks) == 79
    months = [i.title for part in parts for i in part if isinstance(i, GridMonth)]
    assert months[:3] == ["January 2026", "February 2026", "March 2026"] and "January 2027" in months
    for part in parts:  # at least two weeks on every page, a month's heading never at a page's foot
        assert sum(isinstance(i, GridRow) for i in part) >= 2
        assert isinstance(part[-1], GridRow)
    continued = [p.grid_continued for p in model.pages if p.grid]
    assert continued == [False] + [True] * (len(parts) - 1)
    assert all("2026" in c.day or "2027" in c.day for w in weeks for c in w.cells)  # it crosses New Year
    assert [c.number for p in model.pages for c in p.cycles] == list(range(1, 41))
    assert max(used_heights(model.layout, model.blocks, model.pages)) <= LAYOUT.room(PAPERS["letter"])


def test_the_year_is_in_calendar_cells_only_when_the_schedule_crosses_new_year() -> None:
    crossing = sheet(schedule(dt.date(2026, 12, 21)), "fr")
    cells = [c for p in crossing.pages for i in p.grid if isinstance(i, GridRow) for c in i.cells]
    assert cells[0].day == "21 déc. 2026" and "1er janv. 2027" in [c.day for c in cells]
    plain = sheet(schedule(dt.date(2026, 4, 27)), "fr")
    cells = [c for p in plain.pages for i in p.grid if isinstance(i, GridRow) for c in i.cells]
    assert cells[0].day == "27 avr." and all("2026" not in c.day for c in cells)
    titles = [i.title for p in crossing.pages for i in p.grid if isinstance(i, GridMonth)]
    assert titles == ["Décembre 2026", "Janvier 2027", "Février 2027"]


def test_a_cycle_longer_than_a_page_goes_on_with_its_heading_repeated() -> None:
    model = sheet(schedule())
    cycle = model.blocks.cycles[0]
    long = dataclasses.replace(cycle, rows=cycle.rows * 12)  # 60 rows: more than three pages
    blocks = dataclasses.replace(model.blocks, cycles=(long, *model.blocks.cycles[1:]))
    pages = paginate(LAYOUT, PAPERS["a4"], blocks, "Page {n} / {total}")
    parts = [c for p in pages for c in p.cycles if c.number == 1]
    assert len(parts) >= 4 and sum(len(c.rows) for c in parts) == 60
    assert parts[0].title.text == "Cycle 1 · week 1 · 1.5 million units per day"
    assert all(p.title.text == "Cycle 1 · week 1 · 1.5 million units per day (continued)" for p in parts[1:])
    assert all(len(p.rows) >= 2 for p in parts)
    assert max(used_heights(LAYOUT, blocks, pages)) <= LAYOUT.room(PAPERS["a4"])
