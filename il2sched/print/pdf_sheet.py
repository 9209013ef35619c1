"""The administration sheet as PDF: the page model (:mod:`.sheet`) drawn page by page, as paginated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from il2sched.core.options import RenderOptions
from il2sched.core.schedule import Schedule
from il2sched.print.pdf import Pen, new_document
from il2sched.print.sheet import Sheet, build_sheet
from il2sched.print.sheet_pages import CycleBlock, Page, Row

if TYPE_CHECKING:
    from fpdf import FPDF


def render(schedule: Schedule, options: RenderOptions) -> bytes:
    """The sheet as PDF bytes; identical input gives identical bytes."""
    sheet = build_sheet(schedule, options.texts, site=options.site, paper=options.paper, stamp=options.stamp)
    return draw(sheet, schedule, options)


def draw(sheet: Sheet, schedule: Schedule, options: RenderOptions) -> bytes:
    """Draw ``sheet`` page by page, exactly as paginated by the model."""
    paper, layout = sheet.paper, sheet.layout
    pdf = new_document(
        paper,
        (layout.margin_x(paper), layout.margin_y),
        lang=sheet.lang,
        title=f"{sheet.title} – {schedule.plan.patient}",
        stamp=options.stamp,
    )
    for page in sheet.pages:
        pdf.add_page()
        _Page(pdf, sheet, page).draw()
    return bytes(pdf.output())


class _Page(Pen):
    def __init__(self, pdf: FPDF, sheet: Sheet, page: Page) -> None:
        super().__init__(pdf)
        self.sheet, self.page, self.lay = sheet, page, sheet.layout
        self.x0 = self.lay.margin_x(sheet.paper)
        self.y = self.lay.margin_y

    # --- blocks ---

    def draw(self) -> None:
        if self.page.header:
            self.header()
        if self.page.grid:
            self.grid()
        if self.page.legend:
            self.legend()
        if self.page.closed:
            self.closed()
        if self.page.cycles:
            self.table()
        self.footer()

    def header(self) -> None:
        lay, s, x0 = self.lay, self.sheet, self.x0
        w = lay.content_width
        self.text(x0, self.y, w, s.title, size=lay.font_title, bold=True)
        self.text(x0, self.y + 6.2, w, s.subtitle, size=lay.font_text, max_lines=2)
        self.y += lay.title_h
        for row in s.fields:
            x = x0
            for field in row:
                self.field(x, field.width, lay.field_h, field.label, field.value, 2)
                x += field.width
            self.y += lay.field_h
        self.field(x0, w, lay.summary_h, s.summary.label, s.summary.value, 3)
        self.y += lay.summary_h + lay.gap

    def field(self, x: float, w: float, h: float, label: str, value: str, lines: int) -> None:
        lay = self.lay
        self.pdf.rect(x, self.y, w, h)
        self.text(x + 1, self.y + 0.6, w - 2, label, size=lay.font_small)
        self.text(x + 1, self.y + 3.4, w - 2, value, size=lay.font_text, bold=True, max_lines=lines)

    def grid(self) -> None:
        lay, s, x0 = self.lay, self.sheet, self.x0
        self.text(x0, self.y + 1, lay.content_width, s.grid_title, size=9, bold=True)
        self.y += lay.grid_title_h
        cell_w = (lay.content_width - lay.grid_label_w) / 7
        for i, name in enumerate(s.weekdays):
            x = x0 + lay.grid_label_w + i * cell_w
            self.shade(x, self.y, cell_w, lay.grid_head_h, 200)
            self.text(x, self.y + 1, cell_w, name, size=lay.font_small, bold=True, align="C")
        self.y += lay.grid_head_h
        h = lay.grid_row_h
        for row in self.page.grid:
            self.pdf.rect(x0, self.y, lay.grid_label_w, h)
            self.text(x0 + 1, self.y + 3, lay.grid_label_w - 2, row.label, size=7, bold=True)
            for i, cell in enumerate(row.cells):
                x = x0 + lay.grid_label_w + i * cell_w
                if cell.dosing:
                    self.shade(x, self.y, cell_w, h)
                else:
                    self.pdf.rect(x, self.y, cell_w, h)
                self.text(x + 0.8, self.y + 0.5, cell_w - 5, cell.day, size=7, bold=cell.dosing)
                if cell.symbol:
                    self.text(x + cell_w - 4.5, self.y + 0.3, 4, cell.symbol, size=10, bold=True, align="R")
                for j, line in enumerate(cell.lines[:2]):
                    self.text(x + 0.8, self.y + 3.6 + j * 2.6, cell_w - 1.6, line, size=6.2)
            self.y += h

    def legend(self) -> None:
        lay, s = self.lay, self.sheet
        self.text(self.x0, self.y + 1.5, lay.content_width, s.legend_line, size=7, max_lines=2)
        self.y += lay.legend_h

    def closed(self) -> None:
        lay = self.lay
        self.text(self.x0, self.y + 0.5, lay.content_width, self.sheet.closed_title, size=7.5, bold=True)
        self.y += lay.closed_head_h
        for line in self.page.closed:
            self.text(self.x0 + 2, self.y, lay.content_width - 2, line, size=7)
            self.y += lay.closed_line_h

    def table(self) -> None:
        lay, s, x0 = self.lay, self.sheet, self.x0
        self.text(x0, self.y + 1, lay.content_width, s.record_title, size=9, bold=True)
        self.y += lay.table_title_h
        x = x0
        for col in s.columns:
            self.shade(x, self.y, col.width, lay.table_head_h, 200)
            self.text(x + 0.6, self.y + 0.8, col.width - 1.2, col.label, size=6.2, bold=True, max_lines=3)
            x += col.width
        self.y += lay.table_head_h
        for cycle in self.page.cycles:
            self.cycle(cycle)
        if self.page.total:
            self.text(x0, self.y + 1.5, lay.content_width, s.total, size=8, bold=True)
            self.y += lay.total_h

    def cycle(self, cycle: CycleBlock) -> None:
        lay = self.lay
        self.shade(self.x0, self.y, lay.content_width, lay.cycle_head_h, 215)
        self.text(self.x0 + 1, self.y + 1.3, lay.content_width - 2, cycle.title, size=8, bold=True)
        self.y += lay.cycle_head_h
        for row in cycle.rows:
            self.row(row)
            self.y += lay.row_h

    def row(self, row: Row) -> None:
        lay, s = self.lay, self.sheet
        x, y, h = self.x0, self.y, lay.row_h
        size = lay.font_cell
        for col in s.columns:
            self.pdf.rect(x, y, col.width, h)
            w = col.width
            if col.key == "date":
                for i, line in enumerate(row.date_lines):
                    self.text(
                        x + 0.8, y + 0.4 + i * 3.1, w - 1.6, line, size=size if i == 0 else 7, bold=i == 0
                    )
            elif col.key in ("cycle", "day", "study_day"):
                value = {"cycle": row.cycle, "day": row.day, "study_day": row.study_day}[col.key]
                self.text(x, y + 3.8, w, value, size=9, bold=True, align="C")
            elif col.key == "dose":
                for i, line in enumerate(row.dose_lines):
                    self.text(x + 0.8, y + 1.5 + i * 3.3, w - 1.6, line, size=size, bold=True)
            elif col.key == "given":
                for i, choice in enumerate(s.given_choices):
                    self.box(x + 1.2, y + 1.6 + i * 4.4)
                    self.text(x + 4.6, y + 1.6 + i * 4.4, w - 5, choice, size=size)
            elif col.key == "time":
                self.text(x, y + 5.5, w, s.time_sep, size=9, bold=True, align="C")
            elif col.key == "site":
                places, sides = s.site_choices
                for i, place in enumerate(places):
                    self.box(x + 0.8, y + 0.6 + i * 3.1)
                    self.text(x + 4.1, y + 0.6 + i * 3.1, 11.3, place, size=6.2)
                for i, side in enumerate(sides):
                    self.box(x + 15.8, y + 0.6 + i * 3.1)
                    self.text(x + 19.1, y + 0.6 + i * 3.1, w - 19.6, side, size=6.2)
            elif col.key == "remarks" and row.remark:
                self.text(x + 0.6, y + 0.5, w - 1.2, row.remark, size=6, bold=True, max_lines=3)
            x += w

    def footer(self) -> None:
        lay, s, x0 = self.lay, self.sheet, self.x0
        y = self.sheet.paper.height - lay.margin_y - lay.footer_h
        half = lay.content_width / 2
        for i, label in enumerate((s.prescriber, s.verified)):
            x = x0 + i * half
            self.text(x, y + 1, half - 4, label, size=7)
            self.pdf.line(x, y + 10, x + half - 6, y + 10)
        self.text(x0, y + 12.5, half, s.generated, size=6.5)
        self.text(x0 + half, y + 12.5, half, self.page.label, size=8, bold=True, align="R")
