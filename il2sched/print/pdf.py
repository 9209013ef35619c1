"""What our PDFs share: the fpdf2 document (pure Python) in the DejaVu Sans font we ship, and the pen.

The font is embedded (subset), so accents, "œ" and dashes print the same on every machine. Tick boxes are
drawn as empty rectangles rather than a box character: no font can turn them into filled squares.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from il2sched.print.layout import Paper

if TYPE_CHECKING:
    from fpdf import FPDF

FONT = "DejaVu"
_LINE = 0.2  # ordinary rule, millimetres
BOX = 2.6  # tick box side, millimetres
_SHADE = 228  # grey of shaded cells: light enough to write on, visible in black and white
PT = 25.4 / 72  # millimetres per point


def font_path(name: str) -> Path:
    """The path of a font file shipped in ``il2sched/fonts``."""
    return Path(str(resources.files("il2sched.print") / "fonts" / name))


def new_document(
    paper: Paper, margins: tuple[float, float], *, lang: str, title: str, stamp: dt.datetime
) -> FPDF:
    """An empty portrait document on ``paper`` (millimetres) with our fonts and reproducible metadata."""
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format=(paper.width, paper.height))
    pdf.set_auto_page_break(False)
    pdf.set_margins(*margins)
    pdf.add_font(FONT, "", str(font_path("DejaVuSans.ttf")))
    pdf.add_font(FONT, "B", str(font_path("DejaVuSans-Bold.ttf")))
    # The creation date (and so the file /ID, a hash of content and date) comes from the stamp: reproducible.
    pdf.set_creation_date(stamp)
    pdf.set_lang(lang)
    pdf.set_title(title)
    pdf.set_creator("il2sched")
    pdf.set_line_width(_LINE)
    pdf.c_margin = 0  # padding is in the layout's own offsets
    return pdf


class Pen:
    """Drawing primitives shared by our printed documents: wrapped and shrunk text, tick boxes, shading."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf

    def lines_of(self, text: str, width: float, size: float, bold: bool) -> list[str]:
        self.pdf.set_font(FONT, "B" if bold else "", size)
        if self.pdf.get_string_width(text) <= width:
            return [text]  # most texts fit on one line: skip fpdf2's (slow) line breaking
        out = self.pdf.multi_cell(width, size * PT, text, dry_run=True, output="LINES")
        assert isinstance(out, list)  # output="LINES" returns the lines alone
        return out

    def widest_word(self, text: str) -> float:
        """The width of the longest word at the current font: wider than its box, it would be cut in two."""
        return max((self.pdf.get_string_width(word) for word in text.split()), default=0.0)

    def text(
        self,
        x: float,
        y: float,
        width: float,
        text: str,
        *,
        size: float,
        bold: bool = False,
        max_lines: int = 1,
        align: str = "L",
    ) -> float:
        """Write ``text`` wrapped to ``width``, shrunk until it fits in ``max_lines``; return its height."""
        lines = self.lines_of(text, width, size, bold)
        # Shrink rather than overflow the box or break a word in two.
        while (len(lines) > max_lines or self.widest_word(text) > width) and size > 4:
            size -= 0.25
            lines = self.lines_of(text, width, size, bold)
        step = size * PT * 1.2
        for i, line in enumerate(lines):
            self.pdf.set_xy(x, y + i * step)
            self.pdf.cell(width, step, line, align=align)
        return len(lines) * step

    def box(self, x: float, y: float) -> None:
        self.pdf.rect(x, y, BOX, BOX, style="D")

    def shade(self, x: float, y: float, w: float, h: float, grey: int = _SHADE) -> None:
        self.pdf.set_fill_color(grey)
        self.pdf.rect(x, y, w, h, style="DF")
