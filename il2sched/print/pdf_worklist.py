"""The printed worklist as PDF, drawn with the sheet's fpdf2 document setup, fonts and drawing primitives.

The boxes a nurse fills in ("given", "time given", "initials") are outlined and never filled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from il2sched.core.options import RenderOptions
from il2sched.core.worklist import WorkDay
from il2sched.print.pdf import BOX, Pen, new_document
from il2sched.print.worklist import (
    BLANK,
    DayBlock,
    PrintedWorklist,
    WorkPage,
    WorkRow,
    build_printed_worklist,
)

if TYPE_CHECKING:
    from fpdf import FPDF

_HEAD_GREY = 200
_DAY_GREY = 215


def render(days: tuple[WorkDay, ...], options: RenderOptions) -> bytes:
    """The worklist as PDF bytes; identical input gives identical bytes."""
    work = build_printed_worklist(
        days, options.texts, site=options.site, paper=options.paper, stamp=options.stamp
    )
    lay, paper = work.layout, work.paper
    pdf = new_document(
        paper, (lay.margin_x(paper), lay.margin_y), lang=work.lang, title=work.title, stamp=options.stamp
    )
    for page in work.pages:
        pdf.add_page()
        _Page(pdf, work, page).draw()
    return bytes(pdf.output())


class _Page(Pen):
    def __init__(self, pdf: FPDF, work: PrintedWorklist, page: WorkPage) -> None:
        super().__init__(pdf)
        self.work, self.page, self.lay = work, page, work.layout
        self.x0 = self.lay.margin_x(work.paper)
        self.y = self.lay.margin_y

    def draw(self) -> None:
        lay, w = self.lay, self.work
        if self.page.title:
            self.text(self.x0, self.y, lay.content_width, w.title, size=lay.font_title, bold=True)
            self.y += lay.title_h
            if w.site:
                self.text(self.x0, self.y, lay.content_width, w.site, size=9, bold=True)
                self.y += lay.site_h
            self.y += lay.gap
        for block in self.page.days:
            self.day(block)
        if self.page.total:
            self.text(self.x0, self.y + 1.5, lay.content_width, w.total, size=9, bold=True)
            self.y += lay.total_h
        self.footer()

    def day(self, block: DayBlock) -> None:
        lay, x0 = self.lay, self.x0
        self.shade(x0, self.y, lay.content_width, lay.day_head_h, _DAY_GREY)
        self.text(x0 + 1, self.y + 2, lay.content_width - 2, block.heading, size=9, bold=True)
        self.y += lay.day_head_h
        if block.none:
            self.text(x0 + 2, self.y + 1.5, lay.content_width - 2, block.none, size=lay.font_text)
            self.y += lay.none_h
        if block.rows:
            x = x0
            for col in self.work.columns:
                self.shade(x, self.y, col.width, lay.table_head_h, _HEAD_GREY)
                self.text(x + 0.6, self.y + 0.6, col.width - 1.2, col.label, size=lay.font_head, bold=True,
                          max_lines=2)  # fmt: skip
                x += col.width
            self.y += lay.table_head_h
            for row in block.rows:
                self.row(row)
                self.y += lay.row_h
        if block.total:
            self.text(x0 + 1, self.y + 1, lay.content_width, block.total, size=lay.font_text, bold=True)
            self.y += lay.day_total_h
        self.y += lay.day_gap

    def row(self, row: WorkRow) -> None:
        lay = self.lay
        x, y, h = self.x0, self.y, lay.row_h
        for col in self.work.columns:
            self.pdf.rect(x, y, col.width, h)
            if col.key in BLANK:
                if not row.given:  # a skipped dose: nothing to record, and no box to tick by mistake
                    self.text(x, y + 2.5, col.width, self.work.dash, size=lay.font_cell, align="C")
                elif col.key == "given":
                    self.box(x + (col.width - BOX) / 2, y + (h - BOX) / 2)
            elif col.key == "note":
                self.text(x + 0.6, y + 0.8, col.width - 1.2, row.note, size=lay.font_note, max_lines=2)
            else:
                bold = col.key in ("patient", "dose")
                self.text(x + 0.6, y + 2.5, col.width - 1.2, row.cell(col.key), size=lay.font_cell, bold=bold)
            x += col.width

    def footer(self) -> None:
        lay, w, x0 = self.lay, self.work, self.x0
        y = w.paper.height - lay.margin_y - lay.footer_h + 2
        half = lay.content_width / 2
        self.pdf.line(x0, y - 1, x0 + lay.content_width, y - 1)
        self.text(x0, y, half, w.generated, size=6.5)
        self.text(x0 + half, y, half, self.page.label, size=8, bold=True, align="R")
