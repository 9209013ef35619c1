"""What our PDFs share: the document (:mod:`.pdf_writer`) in the DejaVu Sans font we ship, and the pen.

The font is embedded (subset), so accents, "œ" and dashes print the same on every machine. Texts arrive
already broken into lines by the page models (:class:`~il2sched.print.fonts.Lines`): the pen draws them as
they are, never smaller than :data:`~il2sched.print.fonts.MIN_SIZE`. Tick boxes are drawn as empty
rectangles rather than a box character: no font can turn them into filled squares.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from typing import TypeVar

from il2sched.print.cells import Box, Cell, Tier
from il2sched.print.fonts import MIN_SIZE, Lines, face, line_height, one_line
from il2sched.print.layout import Band, PageLayout, Paper
from il2sched.print.pdf_writer import Document

_LINE = 0.2  # ordinary rule, millimetres
BOX_LINE = 0.3  # tick boxes are drawn a little heavier, to be found at a glance
P = TypeVar("P")  # a page of a page model
_SHADE = 228  # grey of shaded cells: light enough to write on, visible in black and white


def new_document(paper: Paper, *, lang: str, title: str, stamp: dt.datetime) -> Document:
    """An empty portrait document on ``paper`` (millimetres) with our fonts and reproducible metadata."""
    # The creation date (and so the file /ID, a hash of the content) comes from the stamp: reproducible.
    faces = {False: face(False), True: face(True)}
    pdf = Document(paper.width, paper.height, faces, lang=lang, title=title, creator="il2sched", stamp=stamp)
    pdf.set_line_width(_LINE)
    return pdf


def draw_document(
    paper: Paper,
    pages: Sequence[P],
    draw_page: Callable[[Document, P], None],
    *,
    lang: str,
    title: str,
    stamp: dt.datetime,
) -> bytes:
    """A whole PDF, a page per item of ``pages`` drawn by ``draw_page``: identical input, identical bytes."""
    pdf = new_document(paper, lang=lang, title=title, stamp=stamp)
    for page in pages:
        pdf.add_page()
        draw_page(pdf, page)
    return pdf.output()


class Pen:
    """Drawing primitives shared by our printed documents: lines of text, tick boxes, shading, the band."""

    def __init__(self, pdf: Document) -> None:
        self.pdf = pdf

    def lines(self, x: float, y: float, width: float, lines: Lines, *, align: str = "L") -> float:
        """Draw ``lines`` from ``y`` down, as broken by the page model; return their height."""
        if lines.size < MIN_SIZE:
            raise ValueError(f"text size {lines.size} pt is under the {MIN_SIZE} pt floor")
        self.pdf.set_font(lines.bold, lines.size)
        step = line_height(lines.size)
        for i, line in enumerate(lines.lines):
            self.pdf.set_xy(x, y + i * step)
            self.pdf.cell(width, step, line, align=align)
        return lines.height

    def text(
        self,
        x: float,
        y: float,
        width: float,
        text: str,
        *,
        size: float,
        bold: bool = False,
        align: str = "L",
    ) -> float:
        """Draw a one-line ``text`` (a short label the layout has room for)."""
        return self.lines(x, y, width, one_line(text, size, bold), align=align)

    def box(self, x: float, y: float, side: float) -> None:
        """An empty tick box of ``side`` millimetres."""
        self.pdf.set_line_width(BOX_LINE)
        self.pdf.rect(x, y, side, side, style="D")
        self.pdf.set_line_width(_LINE)

    def shade(self, x: float, y: float, w: float, h: float, grey: int = _SHADE) -> None:
        self.pdf.set_fill_color(grey)
        self.pdf.rect(x, y, w, h, style="DF")

    def tiers(self, x0: float, y: float, widths: Sequence[float], tiers: Sequence[Tier]) -> None:
        """Draw a table's ``tiers`` from ``y`` down: each cell over its columns (``widths``) and tiers."""
        lefts = list(itertools.accumulate(widths, initial=x0))
        for i, tier in enumerate(tiers):
            for cell in tier.cells:
                width = sum(widths[cell.col : cell.col + cell.span])
                self.cell(lefts[cell.col], y, width, sum(t.height for t in tiers[i : i + cell.down]), cell)
            y += tier.height

    def cell(self, x: float, y: float, w: float, h: float, cell: Cell) -> None:
        """One cell as the page model decided it: its frame or shade, its text, then its boxes and labels."""
        if cell.shade is not None:
            self.shade(x, y, w, h, cell.shade)
        elif cell.frame is not None:
            self.pdf.set_line_width(cell.frame)
            self.pdf.rect(x, y, w, h)
            self.pdf.set_line_width(_LINE)
        else:
            self.pdf.rect(x, y, w, h)
        top = y + cell.text_y
        for lines in cell.text:
            top += self.lines(x + cell.text_x, top, w - 2 * cell.text_x, lines, align=cell.align)
        for mark in cell.marks:
            if isinstance(mark, Box):
                self.box(x + mark.x, y + mark.y, mark.side)
            else:
                left = cell.text_x if mark.x is None else mark.x
                self.lines(x + left, y + mark.y, mark.width, mark.lines, align=mark.align)

    def band(self, x0: float, y: float, layout: PageLayout, band: Band, page_label: str) -> float:
        """The running header on top of a page; return the ``y`` below it (gap included)."""
        lay, w = layout, layout.content_width
        self.pdf.set_line_width(0.4)
        self.pdf.rect(x0, y, w, band.height)
        self.pdf.set_line_width(_LINE)
        x, top = x0 + lay.band_pad, y + lay.band_pad
        if band.label:
            self.lines(x, top + band.label_dy, w, band.label)
        self.lines(x + band.lead_x, top, w, band.lead)
        page = one_line(page_label, lay.font_page, bold=True)
        right = x0 + w - lay.band_pad - band.page_w
        self.lines(right, top + band.label_dy, band.page_w, page, align="R")
        yy = top + band.lead.height
        for detail in band.details:
            yy += self.lines(x0 + lay.band_pad, yy, w - 2 * lay.band_pad, detail)
        return y + band.used(lay)

    def footer(self, x0: float, paper: Paper, layout: PageLayout, generated: Lines, page_label: str) -> None:
        """The foot of a page: a rule, the generation date and regimen version, and "Page n / N"."""
        lay = layout
        y = paper.height - lay.margin_y - lay.footer_h
        half = lay.content_width / 2
        self.pdf.line(x0, y + 1, x0 + lay.content_width, y + 1)
        self.lines(x0, y + 2, lay.content_width * 0.75, generated)
        self.text(x0 + half, y + 2, half, page_label, size=lay.font_page, bold=True, align="R")
