"""The printed worklist as PDF, drawn with the sheet's document setup, fonts and drawing primitives.

The table's cells are drawn as the page model decided them (:mod:`.worklist_rows`): boxes outlined, never
filled; a dash instead of a box for a dose not to give.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from il2sched.core.options import RenderOptions
from il2sched.core.worklist import WorkDay
from il2sched.print.pdf import Pen, draw_document
from il2sched.print.worklist import DayBlock, PrintedWorklist, WorkPage, worklist_for

if TYPE_CHECKING:
    from il2sched.print.pdf_writer import Document

_DAY_GREY = 215


def render(days: tuple[WorkDay, ...], options: RenderOptions) -> bytes:
    """The worklist as PDF bytes; identical input gives identical bytes."""
    work = worklist_for(days, options)
    return draw_document(
        work.paper,
        work.pages,
        lambda pdf, page: _Page(pdf, work, page).draw(),
        lang=work.lang,
        title=work.title,
        stamp=options.stamp,
    )


class _Page(Pen):
    def __init__(self, pdf: Document, work: PrintedWorklist, page: WorkPage) -> None:
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
            widths = [c.width for c in work.columns]
            self.tiers(x0, self.y, widths, (work.head,))
            self.y += work.head.height
            for row in block.rows:
                self.tiers(x0, self.y, widths, row.tiers)
                self.y += row.height
        if block.total:
            self.lines(x0 + 1, self.y + 1, lay.content_width, block.total)
            self.y += lay.day_total_h
        self.y += lay.day_gap
