"""The printed worklist as PDF, drawn with the sheet's fpdf2 document setup, fonts and drawing primitives.

The boxes a nurse fills in ("given", "time given", "initials") are outlined and never filled; a skipped
dose gets a dash in each instead, and "do not give" where its dose would be.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from il2sched.core.options import RenderOptions
from il2sched.core.worklist import WorkDay
from il2sched.print.pdf import Pen, draw_document
from il2sched.print.worklist import (
    BLANK,
    DayBlock,
    PrintedWorklist,
    WorkPage,
    WorkRow,
    worklist_for,
)

if TYPE_CHECKING:
    from fpdf import FPDF

_HEAD_GREY = 200
_DAY_GREY = 215


def render(days: tuple[WorkDay, ...], options: RenderOptions) -> bytes:
    """The worklist as PDF bytes; identical input gives identical bytes."""
    work = worklist_for(days, options)
    return draw_document(
        work.paper,
        work.layout,
        work.pages,
        lambda pdf, page: _Page(pdf, work, page).draw(),
        lang=work.lang,
        title=work.title,
        stamp=options.stamp,
    )


class _Page(Pen):
    def __init__(self, pdf: FPDF, work: PrintedWorklist, page: WorkPage) -> None:
        super().__init__(pdf)
        self.work, self.page, self.lay = work, page, work.layout
        self.x0 = self.lay.margin_x(work.paper)
        self.y = self.lay.margin_y

    def draw(self) -> None:
        lay, w = self.lay, self.work
        self.y = self.band(self.x0, self.y, lay, w.band, self.page.label)
        for block in self.page.days:
            self.day(block)
        if self.page.total:
            self.lines(self.x0, self.y + 1.5, lay.content_width, w.total)
            self.y += lay.total_h
        self.footer(self.x0, w.paper, lay, w.generated, self.page.label)

    def day(self, block: DayBlock) -> None:
        lay, x0, work = self.lay, self.x0, self.work
        self.shade(x0, self.y, lay.content_width, block.head_h, _DAY_GREY)
        self.lines(x0 + lay.day_head_pad, self.y + lay.day_head_pad, lay.content_width, block.heading)
        self.y += block.head_h
        if block.none:
            self.lines(x0 + 2, self.y + 1.5, lay.content_width - 2, block.none)
            self.y += lay.none_h
        if block.rows:
            x = x0
            for col in work.columns:
                self.shade(x, self.y, col.width, work.table_head_h, _HEAD_GREY)
                self.lines(x + lay.pad, self.y + lay.pad, col.width - 2 * lay.pad, col.label)
                x += col.width
            self.y += work.table_head_h
            for row in block.rows:
                self.row(row)
                self.y += row.height
        if block.total:
            self.lines(x0 + 1, self.y + 1, lay.content_width, block.total)
            self.y += lay.day_total_h
        self.y += lay.day_gap

    def row(self, row: WorkRow) -> None:
        lay, pad = self.lay, self.lay.pad
        x, y = self.x0, self.y
        if row.code_h:  # a code too long for a column: its own line, across the row
            self.pdf.rect(x, y, lay.content_width, row.code_h)
            self.lines(x + pad, y + pad, lay.content_width - 2 * pad, row.code)
            y += row.code_h
        h = row.cells_h
        for col in self.work.columns:
            self.pdf.rect(x, y, col.width, row.height - row.code_h if col.key == "time" else h)
            if col.key in BLANK:
                if not row.given:  # a skipped dose: nothing to record, and no box to tick by mistake
                    self.text(x, y + (h - 3.2) / 2, col.width, self.work.dash, size=lay.font_cell, align="C")
                elif col.key == "given":
                    self.box(x + (col.width - lay.box) / 2, y + (h - lay.box) / 2, lay.box)
            else:
                lines = row.cell(col.key)
                top = y + pad if col.key == "time" else y + (h - lines.height) / 2
                self.lines(x + pad, top, col.width - 2 * pad, lines)
            x += col.width
        if row.notice:  # across the row under its cells, beside its time
            top, first = y + h, self.work.columns[0].width
            self.pdf.set_line_width(0.6 if row.urgent else 0.2)
            self.pdf.rect(self.x0 + first, top, lay.content_width - first, row.height - row.code_h - h)
            self.pdf.set_line_width(0.2)
            self.lines(
                self.x0 + first + pad, top + lay.notice_pad, lay.content_width - first - 2 * pad, row.notice
            )
