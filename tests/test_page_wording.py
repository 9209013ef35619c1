"""Wording and sizes found on the printed pages (issue 22, item 8): the dose is the largest figure of its
row; Remarks keeps 30 mm with the second check; no heading or time is cut inside a word; site boxes 2 mm
apart; the legend on every page with a calendar grid; the worklist asks "given? yes / no" with a box for why
not; a one-week grid is "week 1"; doses under a million in units.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from helpers import STAMP, run_cli_at_stamp, schedule
from sheet_helpers import cell, labels, rows_of, texts

from il2sched.core.schedule import Plan, build_schedule
from il2sched.core.worklist import build_worklist
from il2sched.print.cells import Box, Cell, Label, TableRow
from il2sched.print.fonts import Lines
from il2sched.print.sheet import Sheet, build_sheet
from il2sched.print.sheet_pages import LAYOUT
from il2sched.print.worklist import PrintedWorklist, build_printed_worklist
from il2sched.sources.regimens import load_regimen

VARIANTS = list(itertools.product(("en", "fr"), ("a4", "letter"), (False, True), (None, dt.time(9))))


def a_sheet(lang: str, paper: str, double: bool, time: dt.time | None) -> Sheet:
    sched = schedule(time=time, patient="P-1")
    return build_sheet(sched, texts(lang), site="", paper=paper, stamp=STAMP, double_check=double)


def a_worklist(lang: str, paper: str, double: bool, time: dt.time | None) -> PrintedWorklist:
    days = build_worklist([schedule(time=time, patient="P-1")], dt.date(2026, 1, 5), 2)
    return build_printed_worklist(days, texts(lang), site="", paper=paper, stamp=STAMP, double_check=double)


@pytest.mark.parametrize(("lang", "paper", "double", "time"), VARIANTS)
def test_remarks_keep_30_mm_and_no_heading_is_cut_inside_a_word(
    lang: str, paper: str, double: bool, time: dt.time | None
) -> None:
    model = a_sheet(lang, paper, double, time)
    widths = {c.key: c.width for c in model.columns}
    assert widths["remarks"] >= 30.0
    assert ("check" in widths) == double


def cut_words(lines: Lines, said: str) -> list[str]:
    """The lines of ``lines`` that are not whole words of ``said`` (a word broken over two lines)."""
    words = said.split(" ")
    return [line for line in lines.lines if not all(w in words for w in line.split(" "))]


@pytest.mark.parametrize(("lang", "paper", "double", "time"), VARIANTS)
def test_headings_and_the_worklists_time_break_between_words_only(
    lang: str, paper: str, double: bool, time: dt.time | None
) -> None:
    work = a_worklist(lang, paper, double, time)
    for col in (*a_sheet(lang, paper, double, time).columns, *work.columns):
        assert not cut_words(col.label, col.label.text.replace("\u00a0", " ")), (
            lang,
            col.key,
            col.label.lines,
        )
    for page in work.pages:
        for day in page.days:
            for row in day.rows:
                time_cell = row.cell("time")
                assert time_cell is not None
                (lines,) = time_cell.text
                assert not cut_words(lines, texts(lang).time(time)), lines.lines


def sizes(row: TableRow, *skip: str) -> list[float]:
    return [lines.size for c in row.cells() if c.key not in skip for lines in c.text if lines.lines]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_dose_is_the_largest_figure_of_its_row(lang: str) -> None:
    for row in rows_of(a_sheet(lang, "a4", False, dt.time(9))):
        dose = cell(row, "dose").text[0]
        assert dose.bold and all(dose.size > s for s in sizes(row, "dose"))
        study_day = cell(row, "study_day").text[0]
        assert not study_day.bold and study_day.size < dose.size


def boxes(found: Cell) -> list[Box]:
    return [m for m in found.marks if isinstance(m, Box)]


def test_site_boxes_are_2_mm_apart_every_way() -> None:
    row = rows_of(a_sheet("fr", "a4", True, None))[0]
    site = boxes(cell(row, "site"))
    assert len(site) == 6
    for a, b in itertools.combinations(site, 2):
        apart = max(b.x - (a.x + a.side), a.x - (b.x + b.side), b.y - (a.y + a.side), a.y - (b.y + b.side))
        assert apart >= 2.0 - 1e-9, (a, b)
        assert a.side >= 4.0
    assert LAYOUT.row_min_h >= round(3 * LAYOUT.box + 2 * LAYOUT.site_gap + 2 * LAYOUT.pad, 6)


def test_lot_and_expiry_share_a_column_each_under_its_word() -> None:
    row = rows_of(a_sheet("fr", "a4", False, None))[0]
    assert labels(cell(row, "lot")) == ["lot", "péremption"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_with_calendar_weeks_has_the_legend(lang: str) -> None:
    regimen = load_regimen("samples/regimens/daily-3-years.toml")
    sched = build_schedule(Plan(regimen=regimen, start=dt.date(2026, 1, 5), patient="P-1"))
    model = build_sheet(sched, texts(lang), site="", paper="a4", stamp=STAMP)
    grid_pages = [p for p in model.pages if p.grid]
    assert len(grid_pages) > 3  # three years of weeks
    assert all(p.legend for p in grid_pages)
    assert not any(p.legend for p in model.pages if not p.grid)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_worklist_asks_given_yes_or_no_and_why_not(lang: str) -> None:
    work = a_worklist(lang, "a4", False, None)
    keys = [c.key for c in work.columns]
    assert keys.index("reason") == keys.index("given") + 1
    row = next(r for p in work.pages for d in p.days for r in d.rows)
    given = cell(row, "given")
    assert len(boxes(given)) == 2
    assert [m.lines.text for m in given.marks if isinstance(m, Label)] == {
        "en": ["yes", "no"],
        "fr": ["oui", "non"],
    }[lang]


def test_a_one_week_grid_reads_week_1() -> None:
    for lang, word in (("en", "Calendar, week 1\n"), ("fr", "Calendrier, semaine 1\n")):
        result = run_cli_at_stamp("generate", "--start", "2026-04-27", "--lang", lang, "--regimen",
                                  "samples/regimens/bsa-daily.toml", "--bsa", "1.8")  # fmt: skip
        assert word in result.stdout and " 1 to 1" not in result.stdout and " 1 à 1" not in result.stdout
