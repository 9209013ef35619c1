"""The administration sheet as PDF: the page model (:mod:`.sheet`) drawn page by page, as paginated; the
record's cells as :mod:`.sheet_record` decided them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from il2sched.core.options import RenderOptions
from il2sched.core.schedule import Schedule
from il2sched.print.cells import HEAD_GREY
from il2sched.print.fonts import line_height
from il2sched.print.pdf import Pen, draw_document
from il2sched.print.sheet import Sheet, sheet_for
from il2sched.print.sheet_pages import CycleBlock, Field, GridMonth, Page

if TYPE_CHECKING:
    from il2sched.print.pdf_writer import Document

_CYCLE_GREY = 215
_MONTH_GREY = 236


def render(schedule: Schedule, options: RenderOptions) -> bytes:
    """The sheet as PDF bytes; identical input gives identical bytes."""
    sheet = sheet_for(schedule, options)
    return draw(sheet, schedule, options)


def draw(sheet: Sheet, schedule: Schedule, options: RenderOptions) -> bytes:
    """Draw ``sheet`` page by page, exactly as paginated by the model."""
    return draw_document(
        sheet.paper,
        sheet.pages,
        lambda pdf, page: _Page(pdf, sheet, page).draw(),
        lang=sheet.lang,
        title=f"{sheet.header.title.text} – {schedule.plan.shown_patient}",
        stamp=options.stamp,
    )


class _Page(Pen):
    def __init__(self, pdf: Document, sheet: Sheet, page: Page) -> None:
        super().__init__(pdf)
        self.sheet, self.page, self.lay = sheet, page, sheet.layout
        self.widths = [c.width for c in sheet.columns]
        self.x0 = self.lay.margin_x(sheet.paper)
        self.y = self.lay.margin_y

    def draw(self) -> None:
        self.y = self.band(self.x0, self.y, self.lay, self.sheet.band, self.page.label)
        if self.page.header:
            self.header()
        if self.page.grid:
            self.grid()
        if self.page.legend:
            lay = self.lay
            self.lines(self.x0 + lay.pad, self.y + lay.legend_pad, lay.content_width, self.sheet.legend_lines)
            self.y += self.sheet.blocks.legend_h
        if self.page.closed:
            self.closed()
        if self.page.cycles:
            self.table()
        self.footer(self.x0, self.sheet.paper, self.lay, self.sheet.generated, self.page.label)

    # --- the first page's header ---

    def header(self) -> None:
        lay, head, x0 = self.lay, self.sheet.header, self.x0
        top = self.y
        left = lay.content_width - head.label_w - lay.label_gap
        y = top + self.lines(x0, top, left, head.title) + 1.0
        y += self.lines(x0, y, left, head.subtitle) + 1.5
        for row in head.rows:
            x = x0
            for field in row.fields:
                self.field(x, y, field, row.height)
                x += field.width
            y += row.height
        box_x = x0 + left + lay.label_gap
        self.pdf.set_line_width(0.4)
        self.pdf.rect(box_x, top, head.label_w, head.label_h)
        self.pdf.set_line_width(0.2)
        self.lines(box_x + lay.field_pad, top + lay.field_pad, head.label_w, head.label)
        y = top + head.label_h
        for row in head.wide:
            x = x0
            for field in row.fields:
                self.field(x, y, field, row.height)
                x += field.width
            y += row.height
        self.y = top + head.height

    def field(self, x: float, y: float, field: Field, height: float) -> None:
        pad = self.lay.field_pad
        self.pdf.rect(x, y, field.width, height)
        self.lines(x + pad, y + pad, field.width - 2 * pad, field.label)
        self.lines(x + pad, y + pad + field.label.height, field.width - 2 * pad, field.value)

    # --- the calendar ---

    def grid(self) -> None:
        lay, s, x0 = self.lay, self.sheet, self.x0
        title = s.grid_title_continued if self.page.grid_continued else s.grid_title
        self.text(x0, self.y + 1, lay.content_width, title, size=lay.font_section, bold=True)
        self.y += lay.section_title_h
        cell_w = (lay.content_width - lay.grid_label_w) / 7
        for i, name in enumerate(s.weekdays):
            x = x0 + lay.grid_label_w + i * cell_w
            self.shade(x, self.y, cell_w, lay.grid_head_h, HEAD_GREY)
            self.text(x, self.y + 0.8, cell_w, name, size=lay.font_label, bold=True, align="C")
        self.y += lay.grid_head_h
        for item in self.page.grid:
            if isinstance(item, GridMonth):
                self.shade(x0, self.y, lay.content_width, lay.grid_month_h, _MONTH_GREY)
                self.text(
                    x0 + lay.pad, self.y + 1.0, lay.content_width, item.title, size=lay.font_text, bold=True
                )
                self.y += lay.grid_month_h
                continue
            h = lay.grid_row_h
            self.pdf.rect(x0, self.y, lay.grid_label_w, h)
            self.text(
                x0 + lay.pad, self.y + 3.4, lay.grid_label_w, item.label, size=lay.font_label, bold=True
            )
            for i, cell in enumerate(item.cells):
                x = x0 + lay.grid_label_w + i * cell_w
                if cell.dosing:
                    self.shade(x, self.y, cell_w, h)
                else:
                    self.pdf.rect(x, self.y, cell_w, h)
                self.text(x + lay.pad, self.y + 0.4, cell_w, cell.day, size=lay.font_label, bold=cell.dosing)
                if cell.symbol:
                    self.text(
                        x + cell_w - 4.6,
                        self.y + 0.2,
                        4,
                        cell.symbol,
                        size=lay.font_mark,
                        bold=True,
                        align="R",
                    )
                for j, line in enumerate(cell.lines):
                    self.text(x + lay.pad, self.y + 0.4 + (j + 1) * line_height(lay.font_label), cell_w, line,
                              size=lay.font_label)  # fmt: skip
            self.y += h

    # --- lists above the record ---

    def closed(self) -> None:
        lay = self.lay
        self.text(
            self.x0, self.y + 0.8, lay.content_width, self.sheet.closed_title, size=lay.font_cell, bold=True
        )
        self.y += lay.closed_head_h
        for line in self.page.closed:
            self.y += self.lines(self.x0 + 2, self.y, lay.content_width - 2, line) + 0.6

    # --- the record ---

    def table(self) -> None:
        lay, s, x0 = self.lay, self.sheet, self.x0
        self.text(x0, self.y + 1, lay.content_width, s.record_title, size=lay.font_section, bold=True)
        self.y += lay.section_title_h
        self.tiers(x0, self.y, self.widths, (s.head,))
        self.y += s.head.height
        for cycle in self.page.cycles:
            self.cycle(cycle)
        if self.page.total:
            self.lines(x0, self.y + 1.5, lay.content_width, s.total)
            self.y += lay.total_h

    def cycle(self, cycle: CycleBlock) -> None:
        lay = self.lay
        self.shade(self.x0, self.y, lay.content_width, cycle.head_h, _CYCLE_GREY)
        self.lines(self.x0 + lay.pad, self.y + lay.cycle_head_pad, lay.content_width, cycle.title)
        self.y += cycle.head_h
        for row in cycle.rows:
            self.tiers(self.x0, self.y, self.widths, row.tiers)
            self.y += row.height
