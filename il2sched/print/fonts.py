"""The one font of every printed document, DejaVu Sans: its files, its metrics, line breaking, and the
``@font-face`` rules that embed it in HTML.

The page models break every text into lines here, with the font's own advance widths (rounded as the PDF
gives them in its /W arrays), so the PDF draws exactly these lines and the HTML prints exactly these lines in
the same embedded font: what fits on paper is decided once, and nothing needs to be shrunk or clipped.
"""

from __future__ import annotations

import base64
import functools
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from il2sched.core.messages import Phrase, keyed
from il2sched.print.truetype import TrueTypeFont

#: Millimetres per typographic point.
PT = 25.4 / 72
#: Line height as a multiple of the font size, in the PDF and in the HTML alike.
LEADING = 1.2
#: No text on a printed page is smaller than this (points): the bedside floor.
MIN_SIZE = 7.0

FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
#: The family name the HTML gives the embedded font: its own name, so no installed font can stand in for it.
FAMILY = "il2sched DejaVu Sans"

#: Characters always embedded in the HTML (the subset is the same for nearly every document, so cached):
#: ASCII, Latin-1, Latin Extended-A (œ, Œ, ł...), general punctuation (dashes, quotes, thin and narrow
#: no-break spaces), the euro sign and the few symbols our texts use.
BASE_CHARS = frozenset(
    chr(c)
    for c in (
        *range(0x20, 0x7F),
        *range(0xA0, 0x180),
        *range(0x2000, 0x2070),
        0x20AC,
        0x2190,
        0x2191,
        0x2192,
        0x2193,
        0x2212,
        0x2264,
        0x2265,
    )
)


def font_path(bold: bool = False) -> Path:
    """The path of the shipped DejaVu Sans file (regular or bold), in ``il2sched/print/fonts``."""
    return Path(__file__).with_name("fonts") / FILES[bold]


class Widths(dict[str, int]):
    """Advance widths in thousandths of an em by character; a character the font lacks has the width of
    its missing glyph."""

    def __init__(self, widths: Mapping[str, int], missing: int) -> None:
        super().__init__(widths)
        self.missing = missing

    def __missing__(self, char: str) -> int:
        return self.missing


@dataclass(frozen=True)
class Face:
    """A font as documents use it: the file, its name and its advance widths."""

    font: TrueTypeFont
    widths: Widths  # rounded half up to whole thousandths, as the PDF's /W array gives them
    name: str  # the full name without spaces, as PDF names fonts ("DejaVuSansBook")

    @classmethod
    def of(cls, font: TrueTypeFont) -> Face:
        """``font`` measured and named once."""
        scale = 1000 / font.units_per_em
        advances = font.advances
        widths = {
            chr(char): round(scale * (advances[gid] if advances[gid] != 0xFFFF else 0) + 0.001)
            for char, gid in font.cmap.items()
        }
        name = (font.name(4) or "Font").replace(" ", "")
        for family, style in ((21, 22), (16, 17), (1, 2)):  # as fontTools' getBestFullName chooses
            first, second = font.name(family), font.name(style)
            if first and second:
                name = f"{first}{second}".replace(" ", "")
                break
        return cls(font, Widths(widths, round(scale * advances[0])), name)

    def text_width(self, text: str) -> int:
        """The advance of ``text`` in thousandths of an em."""
        return sum(map(self.widths.__getitem__, text))


@functools.cache
def face(bold: bool = False) -> Face:
    """DejaVu Sans, regular or bold, read once per process: the page models measure with it and the PDF
    embeds it."""
    return Face.of(TrueTypeFont(font_path(bold).read_bytes()))


def width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` at ``size`` points, in millimetres."""
    return face(bold).text_width(text) * size / 1000 * PT


def line_height(size: float) -> float:
    """The height of one line of text at ``size`` points, in millimetres."""
    return size * PT * LEADING


@dataclass(frozen=True, slots=True)
class Lines:
    """A text already broken into the lines of its box, at its size: both renderers draw these lines."""

    lines: tuple[str, ...]
    size: float  # points
    bold: bool = False

    @property
    def height(self) -> float:
        """The height the lines take, in millimetres."""
        return len(self.lines) * line_height(self.size)

    @property
    def text(self) -> str:
        """The lines joined again with spaces."""
        return " ".join(self.lines)

    def __bool__(self) -> bool:
        return any(self.lines)


NO_LINES = Lines((), MIN_SIZE)


def _cut(word: str, room: float, size: float, bold: bool) -> list[str]:
    """A word wider than its box cut into pieces that fit (only context texts, never a patient code)."""
    pieces, piece = [], ""
    for ch in word:
        if piece and width(piece + ch, size, bold) > room:
            pieces.append(piece)
            piece = ""
        piece += ch
    return [*pieces, piece]


def wrap(text: str, room: float, size: float, bold: bool = False) -> Lines:
    """``text`` broken at spaces into lines no wider than ``room`` millimetres, at ``size`` points.

    A word wider than a whole line is cut (a typed site name, a closure's name); texts that must never be
    cut, such as a patient code, are given a box wide enough for the longest allowed value instead.
    """
    if size < MIN_SIZE:
        raise ValueError(f"text size {size} pt is under the {MIN_SIZE} pt floor")  # a bug in a layout
    if not text.strip():
        return Lines((), size, bold)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in filter(None, paragraph.split(" ")):  # never at a no-break space (U+00A0, U+202F)
            candidate = f"{line} {word}" if line else word
            if width(candidate, size, bold) <= room:
                line = candidate
                continue
            if line:
                lines.append(line)
            *whole, line = _cut(word, room, size, bold) if width(word, size, bold) > room else [word]
            lines += whole
        lines.append(line)
    return Lines(tuple(lines), size, bold)


def one_line(text: str, size: float, bold: bool = False) -> Lines:
    """``text`` on a single line, unbroken (the layout has made room for it)."""
    if size < MIN_SIZE:
        raise ValueError(f"text size {size} pt is under the {MIN_SIZE} pt floor")
    return Lines((text,), size, bold)


def drawable(text: str, what: str | Phrase) -> str:
    """``text`` if the font (regular and bold) has a glyph for each of its characters, else a
    :class:`SheetError` naming ``what`` and the first it lacks: a ward name in Chinese would otherwise print
    without those characters, and say nothing."""
    for ch in text:
        if not ch.isspace() and not all(ch in face(bold).widths for bold in (False, True)):
            from il2sched.errors import SheetError

            raise keyed(SheetError, "text.undrawable", what=what, char=ch, code=f"U+{ord(ch):04X}")
    return text


@functools.lru_cache(maxsize=8)
def _woff(bold: bool, extra: frozenset[str]) -> bytes:
    """DejaVu Sans as WOFF, cut down to :data:`BASE_CHARS` and ``extra`` (the same bytes every time)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = []  # no kerning, no ligatures: the PDF has none, so widths agree
    options.drop_tables += ["GPOS", "GSUB", "GDEF", "MATH", "kern", "FFTM"]
    options.hinting = False
    options.notdef_outline = True
    # recalcTimestamp=False: saving must not stamp the file with today's date (reproducible bytes).
    font = TTFont(str(font_path(bold)), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(ch) for ch in BASE_CHARS | extra))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_faces(text: str) -> str:
    """CSS ``@font-face`` rules embedding the regular and bold font as ``data:`` URLs.

    Each holds the usual characters and any other one ``text`` (the document's texts) uses, so the browser
    draws every character with our font, whatever fonts the printing PC has.
    """
    extra = frozenset(ch for ch in text if ch not in BASE_CHARS and ch.isprintable())
    rules = []
    for bold in (False, True):
        data = base64.b64encode(_woff(bold, extra)).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-weight: {"bold" if bold else "normal"}; '
            f'font-style: normal; src: url("data:font/woff;base64,{data}") format("woff"); }}'
        )
    return "\n".join(rules)
