"""The PDF writer and its font subsets, read back by independent parsers: fontTools, pypdf and pdfplumber."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pdfplumber
import pypdf
import pytest
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont
from hypothesis import given
from hypothesis import strategies as st
from tools import require

from il2sched.print.fonts import face, font_path, width
from il2sched.print.pdf_writer import Document, K
from il2sched.print.truetype import FontError, TrueTypeFont

STAMP = dt.datetime(2026, 1, 5, 8, tzinfo=dt.UTC)
#: Plain and composite glyphs (accents, œ, Ĳ, ½, ﬁ), dashes and quotes, Greek, a character outside the
#: Basic Multilingual Plane, and parentheses and a backslash (escaped in a PDF string).
SAMPLE = "Aé œ Ĳ ½ ﬁ – „x“ αβΩ 𐌀 (a) \\ 1,5 million d'unités"
#: Characters both faces have, for random texts.
COMMON = sorted(chr(c) for c in set(face(False).font.cmap) & set(face(True).font.cmap) if 0x20 <= c < 0x2200)


@pytest.fixture(scope="module", params=[False, True], ids=["regular", "bold"])
def fonts(request: pytest.FixtureRequest) -> tuple[bool, TTFont]:
    return request.param, TTFont(font_path(request.param))


def test_the_character_map_and_widths_are_those_fonttools_reads(fonts: tuple[bool, TTFont]) -> None:
    bold, theirs = fonts
    ours = face(bold)
    cmap = theirs.getBestCmap()
    scale = 1000 / theirs["head"].unitsPerEm
    assert ours.font.cmap == {char: theirs.getGlyphID(glyph) for char, glyph in cmap.items()}
    assert ours.widths == {chr(c): round(scale * theirs["hmtx"][g][0] + 0.001) for c, g in cmap.items()}
    assert ours.widths["東"] == ours.widths.missing == round(scale * theirs["hmtx"][".notdef"][0])
    assert ours.name == theirs["name"].getBestFullName().replace(" ", "")


def _outline(font: TTFont, glyph: str) -> tuple[object, int]:
    glyphs = font.getGlyphSet()
    pen = DecomposingRecordingPen(glyphs)
    glyphs[glyph].draw(pen)
    return pen.value, glyphs[glyph].width


def _instructions(font: TTFont, glyph: str) -> bytes:
    """The glyph's hinting program (how it is fitted to the pixels of a screen or a printer)."""
    program = getattr(font["glyf"][glyph], "program", None)
    return bytes(program.getBytecode()) if program is not None else b""


def test_a_subset_draws_each_glyph_as_the_whole_font_does(fonts: tuple[bool, TTFont]) -> None:
    bold, theirs = fonts
    font = face(bold).font
    chars = {ord(ch): font.cmap[ord(ch)] for ch in SAMPLE}
    program, renumber = font.subset(chars)
    sub = TTFont(io.BytesIO(program), checkChecksums=2)  # a wrong table checksum raises
    order = sub.getGlyphOrder()
    assert len(order) == len(renumber) == sub["maxp"].numGlyphs < 100
    assert [renumber[g] for g in sorted(renumber)] == list(range(len(renumber)))  # the font's own order
    whole = theirs.getGlyphOrder()
    for char, gid in chars.items():
        mine, original = order[renumber[gid]], whole[gid]
        assert _outline(sub, mine) == _outline(theirs, original), chr(char)
        assert _instructions(sub, mine) == _instructions(theirs, original), chr(char)
        if char <= 0xFFFF:
            assert sub.getBestCmap()[char] == mine
    for table in ("fpgm", "prep", "cvt ", "OS/2", "gasp"):  # hinting and metrics kept as they are
        assert sub.reader[table] == theirs.reader[table]
    assert sub["head"].unitsPerEm == theirs["head"].unitsPerEm
    assert sub["name"].getBestFullName() == theirs["name"].getBestFullName()


def test_a_file_that_is_not_a_truetype_font_is_refused() -> None:
    with pytest.raises(FontError, match="not a TrueType font"):
        TrueTypeFont(b"wOFF" + bytes(100))


def _document(*cells: tuple[str, bool, float, str], fill: int | None = None) -> bytes:
    pdf = Document(210, 297, {False: face(False), True: face(True)}, lang="fr", title="Fiche – P-1",
                   creator="il2sched", stamp=STAMP)  # fmt: skip
    pdf.add_page()
    if fill is not None:
        pdf.set_fill_color(fill)
        pdf.rect(10, 10, 50, 20, style="DF")
    for i, (text, bold, size, align) in enumerate(cells):
        pdf.set_font(bold, size)
        pdf.set_xy(20, 40 + 10 * i)
        pdf.cell(120, 6, text, align=align)
    return pdf.output()


def test_texts_read_back_in_order_with_their_fonts_and_the_documents_facts() -> None:
    data = _document((SAMPLE, False, 9, "L"), (SAMPLE, True, 12, "R"), ("Cœur 東京 x", False, 8, "C"))
    reader = pypdf.PdfReader(io.BytesIO(data), strict=True)  # a wrong cross-reference offset raises
    assert reader.metadata is not None and reader.metadata.title == "Fiche – P-1"
    assert reader.metadata.creator == "il2sched"
    assert reader.metadata.creation_date == STAMP
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert [float(v) for v in reader.pages[0].mediabox] == [0, 0, 595.28, 841.89]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        lines = pdf.pages[0].extract_text().splitlines()
        chars = pdf.pages[0].chars
    # A character the font lacks (東京) is left out, as fpdf2 left it out: the rest still prints. (pdfplumber
    # spells the ligature ﬁ out.)
    assert lines == [SAMPLE.replace("ﬁ", "fi")] * 2 + ["Cœur x"]
    assert {(c["fontname"], round(c["size"], 2)) for c in chars} == {
        ("MPDFAA+DejaVuSansBook", 9),
        ("MPDFAA+DejaVuSansBold", 12),
        ("MPDFAA+DejaVuSansBook", 8),
    }


@given(
    text=st.text(st.sampled_from(COMMON), min_size=1, max_size=40),
    bold=st.booleans(),
    size=st.sampled_from([7.0, 8.0, 9.5, 13.0]),
    align=st.sampled_from("LRC"),
)
def test_each_character_sits_where_the_page_models_widths_put_it(
    text: str, bold: bool, size: float, align: str
) -> None:
    data = _document((text, bold, size, align), fill=228)  # black text over a grey fill
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        chars, rects = page.chars, page.rects
    assert "".join(c["text"] for c in chars) == text
    room = 120 - width(text, size, bold)
    left = 20 + {"L": 0, "R": room, "C": room / 2}[align]
    for i, char in enumerate(chars):
        assert char["size"] == pytest.approx(size, abs=0.01)
        assert char["x0"] == pytest.approx((left + width(text[:i], size, bold)) * K, abs=0.01)
        assert char["non_stroking_color"] == (0,)  # black, whatever the fill colour
    assert len(rects) == 1 and rects[0]["non_stroking_color"] == pytest.approx(228 / 255, abs=1e-4)


def test_identical_drawing_gives_identical_bytes_and_poppler_reads_it_without_a_word() -> None:
    first = _document((SAMPLE, False, 9, "L"), fill=200)
    assert first == _document((SAMPLE, False, 9, "L"), fill=200)
    pdftotext = require("pdftotext", install="apt-get install poppler-utils")
    done = subprocess.run([pdftotext, "-", "-"], input=first, capture_output=True, check=True)
    assert done.stderr == b""
    assert SAMPLE in done.stdout.decode()
