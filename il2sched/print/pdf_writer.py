"""A small PDF writer: the few drawing operations our printed documents use, in an embedded TrueType font.

Our pages are lines of text, rectangles (outlined or filled grey) and straight rules; nothing else. This
module writes exactly that, with the operators and the rounding fpdf2 used for these documents before it
(so every character sits where it sat, at the same size, in the same glyph), in a fraction of its time:
fpdf2's import alone (fontTools' variable-font, SVG and image modules, cryptography for signatures) cost
several CSV runs, and it parsed the whole font file again for every document. Here a font is read once per
process (:mod:`.truetype`) and each document embeds the subset of glyphs it shows (:mod:`.pdf_font`).

Coordinates are millimetres from the top-left corner of the page, as in the page models.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping

from il2sched.print.fonts import Face
from il2sched.print.pdf_font import FontUse, stream

#: Points per millimetre.
K = 72 / 25.4
_BLACK = 0.0


def _grey(level: float) -> str:
    """The fill colour operator for a grey from 0 (black) to 1 (white), in as few digits as it takes."""
    return f"{f'{level:.4f}'.rstrip('0').rstrip('.')} g"


def _ascii(text: str) -> str:
    """A plain ASCII ``text`` (a language tag, our name) as a PDF literal string."""
    escaped = text.encode("ascii").replace(b"\\", b"\\\\").replace(b")", b"\\)").replace(b"(", b"\\(")
    return f"({escaped.decode('ascii')})"


def _text_string(text: str) -> str:
    """``text`` as a PDF text string: UTF-16 with its byte order mark, in hexadecimal."""
    return f"<feff{text.encode('utf-16-be').hex()}>"


class Document:
    """One PDF document being drawn: pages of text, rectangles and rules, in millimetres.

    The drawing state (font, line width, fill colour) carries from page to page. Identical calls give
    identical bytes: nothing depends on the clock or the machine but the ``stamp`` given.
    """

    def __init__(
        self,
        width: float,
        height: float,
        faces: Mapping[bool, Face],
        *,
        lang: str,
        title: str,
        creator: str,
        stamp: dt.datetime,
    ) -> None:
        self.width = width
        self.height = (height * K) / K  # as fpdf2 held it, for the same rounding of every position
        self.lang, self.title, self.creator, self.stamp = lang, title, creator, stamp
        self._fonts = {bold: FontUse(face) for bold, face in faces.items()}
        self._number = {bold: i + 1 for i, bold in enumerate(faces)}  # /F1, /F2... in the order given
        self._pages: list[list[str]] = []
        self._page_fonts: list[set[bool]] = []
        self._font: tuple[bool, float] | None = None
        self._font_on_page = False
        self._line_width = 0.2
        self._fill = _BLACK
        self.x = self.y = 0.0

    def _out(self, operation: str) -> None:
        self._pages[-1].append(operation)

    # --- state ---

    def add_page(self) -> None:
        """Start a new page; the line width and the fill colour carry over."""
        self._pages.append([])
        self._page_fonts.append(set())
        self._font_on_page = False
        self._out("2 J")  # projecting square caps: rules meet at the corners of boxes
        self._out(f"{self._line_width * K:.2f} w")
        if self._fill != _BLACK:
            self._out(_grey(self._fill))

    def set_font(self, bold: bool, size: float) -> None:
        """Draw the next texts in the bold or regular face, at ``size`` points."""
        if self._font != (bold, size):
            self._font = (bold, size)
            self._font_on_page = False

    def set_line_width(self, width: float) -> None:
        """The width of the next rules and outlines, in millimetres."""
        if width != self._line_width:
            self._line_width = width
            if self._pages:
                self._out(f"{width * K:.2f} w")

    def set_fill_color(self, grey: int) -> None:
        """The grey of the next filled rectangles, from 0 (black) to 255 (white)."""
        level = grey / 255
        if level != self._fill:
            self._fill = level
            if self._pages:
                self._out(_grey(level))

    def set_xy(self, x: float, y: float) -> None:
        """The top-left corner of the next cell."""
        self.x, self.y = x, y

    # --- drawing ---

    def cell(self, width: float, height: float, text: str, align: str = "L") -> None:
        """One line of ``text`` in the box ``width`` by ``height`` at the current position, aligned left,
        right or centre (``L``, ``R``, ``C``); never wrapped or clipped: the page model made room for it."""
        if not text:
            return
        if self._font is None:
            raise ValueError("a text drawn before any font was chosen")  # a bug in a painter
        bold, size = self._font
        use = self._fonts[bold]
        if not self._font_on_page:
            self._out(f"BT /F{self._number[bold]} {size:.2f} Tf ET")
            self._page_fonts[-1].add(bold)
            self._font_on_page = True
        units, shown = use.show(text)
        advance = units * size * 0.001 / K
        dx = width - advance if align == "R" else (width - advance) / 2 if align == "C" else 0.0
        # The baseline sits 0.3 of the size below the box's middle.
        at = f"{(self.x + dx) * K:.2f} {(self.height - self.y - 0.5 * height - 0.3 * (size / K)) * K:.2f} Td"
        if self._fill != _BLACK:  # text is black: set it in a saved state, so the fill colour stays
            self._out(f"q BT {at} 0 g ({shown}) Tj ET Q")
        else:
            self._out(f"BT {at} ({shown}) Tj ET")

    def rect(self, x: float, y: float, w: float, h: float, style: str = "D") -> None:
        """A rectangle, outlined (``D``) or filled with the fill colour and outlined (``DF``)."""
        op = "B" if style == "DF" else "S"
        self._out(f"{x * K:.2f} {(self.height - y) * K:.2f} {w * K:.2f} {-h * K:.2f} re {op}")

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        """A straight rule from (x1, y1) to (x2, y2)."""
        top = self.height
        self._out(f"{x1 * K:.2f} {(top - y1) * K:.2f} m {x2 * K:.2f} {(top - y2) * K:.2f} l S")

    # --- the file ---

    def output(self) -> bytes:
        """The whole PDF file (PDF 1.4): pages, their fonts' subsets, the document's language and title."""
        objects: list[bytes] = [b"", b""]  # 1: the page tree, 2: the catalogue, filled in at the end

        def add(body: bytes) -> int:
            objects.append(body)
            return len(objects)

        contents = [
            add(stream("", "".join(f"{op}\n" for op in ops).encode("latin-1"))) for ops in self._pages
        ]
        used = set().union(*self._page_fonts)
        font_refs = {bold: use.embed(add) for bold, use in self._fonts.items() if bold in used}
        width, height = f"{self.width * K:.2f}", f"{self.height * K:.2f}"
        kids = []
        for content, fonts in zip(contents, self._page_fonts, strict=True):
            named = " ".join(f"/F{self._number[bold]} {font_refs[bold]} 0 R" for bold in sorted(fonts))
            kids.append(add(
                f"<</Type /Page /Parent 1 0 R /Contents {content} 0 R "
                f"/Group <</Type /Group /S /Transparency /CS /DeviceRGB>> "
                f"/Resources <</Font <<{named}>> /ProcSet [/PDF /Text]>>>>".encode("latin-1")
            ))  # fmt: skip
        objects[0] = (
            f"<</Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} "
            f"/MediaBox [0 0 {width} {height}]>>"
        ).encode("latin-1")
        first = f"/OpenAction [{kids[0]} 0 R /FitH null] " if kids else ""
        objects[1] = (
            f"<</Type /Catalog /Pages 1 0 R /Lang {_ascii(self.lang)} {first}/PageLayout /OneColumn>>"
        ).encode("latin-1")
        stamp = self.stamp.astimezone(dt.UTC)
        info = add(
            f"<</Title {_text_string(self.title)} /Creator {_ascii(self.creator)} "
            f"/CreationDate (D:{stamp:%Y%m%d%H%M%S}Z)>>".encode("latin-1")
        )
        out = bytearray(b"%PDF-1.4\n%\xe9\xeb\xf1\xbf\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
        xref = len(out)
        file_id = hashlib.md5(out, usedforsecurity=False).hexdigest().upper()
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        out += (
            f"trailer\n<</Size {len(objects) + 1} /Root 2 0 R /Info {info} 0 R "
            f"/ID [<{file_id}><{file_id}>]>>\nstartxref\n{xref}\n%%EOF\n"
        ).encode("latin-1")
        return bytes(out)
