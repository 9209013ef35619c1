"""The printed tables' cells are decided once, in the page models: the PDF and HTML painters draw whatever
cells they are given and name no column, so a column declared in the model is printed by both unchanged."""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
import pytest
from helpers import STAMP, schedule

from il2sched.core.options import RenderOptions
from il2sched.core.schedule import Closure, Policy
from il2sched.core.worklist import build_worklist
from il2sched.print import html, pdf_sheet, pdf_worklist, sheet_record, worklist_rows
from il2sched.print.cells import ColumnSpec, TableRow, at_top
from il2sched.print.fonts import Lines, one_line
from il2sched.print.layout import PAPERS
from il2sched.print.sheet import build_sheet
from il2sched.print.sheet_record import Dose
from il2sched.print.worklist import build_printed_worklist
from il2sched.sources.locale import texts_for

PRINT = Path(sheet_record.__file__).parent
PAINTERS = ("pdf.py", "pdf_sheet.py", "pdf_worklist.py", "html.py")
TEMPLATES = ("sheet.html.j2", "worklist.html.j2", "_macros.j2")
#: Every key a cell can show: the declared columns', and the cells across columns.
KEYS = (
    {c.key for c in sheet_record.RECORD} | {c.key for c in worklist_rows.COLUMNS} | {"skip", "notice", "code"}
)
START = dt.date(2026, 1, 5)
NEW_YEAR = {START: Closure("holiday", "New Year (observed)")}
MM = 72 / 25.4


def test_no_painter_names_a_column() -> None:
    for name in PAINTERS:
        tree = ast.parse((PRINT / name).read_text(encoding="utf-8"))
        named = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and n.value in KEYS}
        assert not named, f"print/{name} names the columns {named}: the page model decides their cells"
        compared = [
            ast.unparse(n)
            for n in ast.walk(tree)
            if isinstance(n, ast.Compare)
            and any(isinstance(e, ast.Attribute) and e.attr == "key" for e in (n.left, *n.comparators))
        ]
        assert not compared, f"print/{name} tests a column's key: {compared}"
    for name in TEMPLATES:
        code = " ".join(
            re.findall(r"{[{%](.*?)[%}]}", (PRINT / "templates" / name).read_text(encoding="utf-8"))
        )
        named = set(re.findall(r"[\"'](\w+)[\"']", code)) & KEYS
        assert not named, f"templates/{name} names the columns {named}"
        assert not re.search(r"\.key\s*(==|!=|\bin\b)", code), f"templates/{name} tests a column's key"


@pytest.mark.parametrize("table", [sheet_record.RECORD, worklist_rows.COLUMNS])
def test_what_is_planned_comes_before_the_boxes_a_nurse_fills_in(
    table: tuple[ColumnSpec[object], ...],
) -> None:
    # A dose not to give turns the boxes into one cell, from the first box to the table's right edge.
    planned = [c.planned for c in table]
    assert planned == sorted(planned, reverse=True) and True in planned and False in planned


def _cycle_day(d: Dose, _room: float) -> tuple[Lines, ...]:
    return (one_line(f"c{d.admin.cycle}d{d.admin.cycle_day}", d.layout.font_cell, bold=True),)


class _Cells(HTMLParser):
    """The class and text of every cell of every tier of the HTML's tables."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, list[tuple[str, str]]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        look = dict(attrs).get("class") or ""
        if tag == "tr":
            self.rows.append((look, []))
        elif tag == "td" and self.rows:
            self.rows[-1][1].append((look, ""))
            self.cell = []

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self.cell is not None:
            look, _ = self.rows[-1][1][-1]
            self.rows[-1][1][-1] = (look, " ".join(self.cell))
            self.cell = None


def html_cells(data: bytes, tier: str) -> list[list[tuple[str, str]]]:
    parser = _Cells()
    parser.feed(data.decode("utf-8"))
    return [cells for look, cells in parser.rows if look.split()[:1] == [tier]]


def column_words(data: bytes, left: float, width: float) -> list[str]:
    """The words of one column (``left`` and ``width`` in millimetres), page after page."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [
            word
            for page in pdf.pages
            for word in (
                page.crop((left * MM, 0, (left + width) * MM, page.height)).extract_text() or ""
            ).split()
        ]


def test_a_column_declared_in_the_sheet_model_is_printed_by_both_painters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    added = ColumnSpec("cycle_day", 12.0, "sheet.col.cycle", _cycle_day, at_top, planned=True)
    record = list(sheet_record.RECORD)
    at = sum(c.planned for c in record)
    record.insert(at, added)  # planned, so a dose not to give keeps it
    monkeypatch.setattr(sheet_record, "RECORD", tuple(record))
    sched = schedule(START, closures=NEW_YEAR, policy=Policy.SKIP)
    texts = texts_for("en", use_cache=False)
    model = build_sheet(sched, texts, site="", paper="a4", stamp=STAMP)
    assert model.columns[at].key == "cycle_day"
    expected = [f"c{a.cycle}d{a.cycle_day}" for a in sched.administrations]
    options = RenderOptions(texts=texts, stamp=STAMP)

    rows = html_cells(html.render_sheet(sched, options), "row")
    assert [cells[at] for cells in rows] == [("cycle_day", word) for word in expected]
    assert [look for look, _ in rows[0]][-1] == "skip"  # the skipped dose: one cell where the boxes would be

    left = model.layout.margin_x(PAPERS["a4"]) + sum(c.width for c in model.columns[:at])
    words = column_words(pdf_sheet.render(sched, options), left, added.width)
    assert [w for w in words if re.fullmatch(r"c\dd\d", w)] == expected
    assert words.count("Cycle") == len(model.pages) - 1  # its heading, on each page of the record


def test_a_column_declared_in_the_worklist_model_is_printed_by_both_painters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    added = ColumnSpec("lot", 16.0, "sheet.col.lot", place=worklist_rows.to_fill)  # a batch number, by hand
    monkeypatch.setattr(worklist_rows, "COLUMNS", (*worklist_rows.COLUMNS, added))
    days = build_worklist(
        [
            schedule(START, patient="P-1", closures=NEW_YEAR, policy=Policy.SKIP),
            schedule(START, patient="P-2"),
        ],
        START,
        2,
    )
    texts = texts_for("en", use_cache=False)
    work = build_printed_worklist(days, texts, site="", paper="a4", stamp=STAMP)
    assert work.columns[-1].key == "lot" and sum(c.width for c in work.columns) == pytest.approx(186.0)
    options = RenderOptions(texts=texts, stamp=STAMP)

    rows = html_cells(html.render_worklist(days, options), "cells")
    assert [cells[-1] for cells in rows] == [("blank lot", "–"), *[("blank lot", "")] * 3]

    left = work.layout.margin_x(PAPERS["a4"]) + work.layout.content_width - added.width
    words = column_words(pdf_worklist.render(days, options), left, added.width)
    # Its heading over each day's table; a dash in it for the dose not to give, on the first day only.
    assert [w for w in words if w in ("Lot", "–")] == ["Lot", "–", "Lot"]


def _centred_looks(rows: list[TableRow]) -> set[str]:
    return {c.style for r in rows for c in r.cells() if c.align == "C" and c.text}


def test_what_the_pdf_centres_the_stylesheet_centres_too() -> None:
    sched = schedule(START, closures=NEW_YEAR, policy=Policy.SKIP)
    texts = texts_for("fr", use_cache=False)
    options = RenderOptions(texts=texts, stamp=STAMP)
    model = build_sheet(sched, texts, site="", paper="a4", stamp=STAMP)
    days = build_worklist([sched], START, 2)
    work = build_printed_worklist(days, texts, site="", paper="a4", stamp=STAMP)
    documents = [
        (html.render_sheet(sched, options), [r for p in model.pages for c in p.cycles for r in c.rows]),
        (html.render_worklist(days, options), [r for p in work.pages for d in p.days for r in d.rows]),
    ]
    for data, rows in documents:
        looks = _centred_looks(rows)
        assert looks
        css = data.decode().split("<style>")[1].split("</style>")[0]
        for look in looks:
            rule = rf"td\.({'|'.join(look.split())})\b[^{{]*{{[^}}]*text-align: center"
            assert re.search(rule, css), f"the stylesheet does not centre the cells of {look!r}"
