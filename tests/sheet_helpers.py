"""Builders shared by the sheet tests: texts, a sheet of a schedule, a regimen file's text."""

from __future__ import annotations

from helpers import STAMP

from il2sched.core.schedule import Schedule
from il2sched.core.texts import Texts
from il2sched.print.cells import Cell, Label, TableRow
from il2sched.print.sheet import Sheet, build_sheet
from il2sched.print.sheet_pages import Row
from il2sched.sources.locale import texts_for


def texts(lang: str) -> Texts:
    return texts_for(lang, use_cache=False)


def sheet(sched: Schedule, lang: str = "en", paper: str = "a4", site: str = "Ward 3") -> Sheet:
    return build_sheet(sched, texts(lang), site=site, paper=paper, stamp=STAMP)


def regimen_toml(cycles: str, **head: str) -> str:
    fields = {
        "id": "custom",
        "title": "A custom protocol",
        "trial_id": "NCT00000000",
        "drug": "aldesleukin",
        "route": "subcutaneous",
        "dose_unit": "international units",
        **head,
    }
    lines = ["[regimen]", *(f'{k} = "{v}"' for k, v in fields.items())]
    return "\n".join(lines) + "\n" + cycles


def rows_of(model: Sheet) -> list[Row]:
    """Every record row of the sheet, page after page."""
    return [r for p in model.pages for c in p.cycles for r in c.rows]


def cell(row: TableRow, key: str) -> Cell:
    """The cell of ``row`` that shows ``key`` (a column's key, or "skip", "notice", "code")."""
    found = row.cell(key)
    assert found is not None, f"no {key!r} cell in {row}"
    return found


def labels(found: Cell) -> list[str]:
    """The words printed beside (or over) a cell's tick boxes."""
    return [m.lines.text for m in found.marks if isinstance(m, Label)]
