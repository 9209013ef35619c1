"""The embedded font of our PDFs: a face's widths, the codes a document gives its characters, and the PDF
objects (PDF 32000 9.7: a Type 0 font over a TrueType CIDFont) that embed the subset of glyphs it shows.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

from il2sched.print.fonts import Face

#: The tag that marks an embedded font as a subset (PDF 32000 9.6.4); the same for every font we embed.
SUBSET_TAG = "MPDFAA"


def _literal(data: bytes) -> str:
    """``data`` (a text's codes) as the contents of a PDF literal string."""
    escaped = data.replace(b"\\", b"\\\\").replace(b")", b"\\)").replace(b"(", b"\\(").replace(b"\r", b"\\r")
    return escaped.decode("latin-1")


def stream(entries: str, data: bytes, *, compress: bool = True) -> bytes:
    """A stream object's body: its dictionary (``entries`` plus /Length) and ``data``."""
    if compress:
        data, entries = zlib.compress(data), f"/Filter /FlateDecode {entries}"
    return f"<<{entries} /Length {len(data)}>>\nstream\n".encode("latin-1") + data + b"\nendstream"


class FontUse:
    """One face in one document: each character it shows gets a two-byte code in order of first use.

    Code 32 is the space's and code 0 the missing glyph's (the numbering fpdf2 used). A character the font
    lacks has no code and is left out of the text (the page models refuse such texts before they get here).
    """

    def __init__(self, face: Face) -> None:
        self.face = face
        self.codes: dict[str, int] = {" ": 0x20} if 0x20 in face.font.cmap else {}
        self._next = 1
        self._shown: dict[str, tuple[int, str]] = {}

    def show(self, text: str) -> tuple[int, str]:
        """``text``'s advance (thousandths of an em) and its codes as a PDF literal string's contents.

        Texts recur on every page of a document (headings, labels, boxes): each is worked out once.
        """
        shown = self._shown.get(text)
        if shown is None:
            shown = self._shown[text] = (self.face.text_width(text), _literal(self.encode(text)))
        return shown

    def encode(self, text: str) -> bytes:
        """``text`` as the codes of its characters, two bytes each."""
        codes, cmap = self.codes, self.face.font.cmap
        out = bytearray()
        for ch in text:
            code = codes.get(ch)
            if code is None:
                if ord(ch) not in cmap:
                    continue
                code = codes[ch] = self._next
                self._next += 2 if self._next == 0x1F else 1  # 0x20 stays the space's
            out += code.to_bytes(2, "big")
        return bytes(out)

    def embed(self, add: Callable[[bytes], int]) -> int:
        """Add the font's objects with ``add`` (which numbers an object); return the Type 0 font's number."""
        face, font = self.face, self.face.font
        by_code = sorted((code, ord(ch)) for ch, code in self.codes.items())
        program, renumber = font.subset({char: font.cmap[char] for _, char in by_code})
        glyphs = bytearray(2 * (by_code[-1][0] + 1 if by_code else 1))  # code 0: glyph 0
        for code, char in by_code:
            glyphs[2 * code : 2 * code + 2] = renumber[font.cmap[char]].to_bytes(2, "big")
        name = f"/{SUBSET_TAG}+{face.name}"
        program_ref = add(stream(f"/Length1 {len(program)}", program))
        metrics = f"/FontName {name} {self._metrics()} /FontFile2 {program_ref} 0 R"
        descriptor = add(f"<</Type /FontDescriptor {metrics}>>".encode())
        to_gid = add(stream("", bytes(glyphs)))
        widths = _widths([(code, face.widths[chr(char)]) for code, char in by_code])
        cid_font = add(
            f"<</Type /Font /Subtype /CIDFontType2 /BaseFont {name} /FontDescriptor {descriptor} 0 R "
            "/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> "
            f"/CIDToGIDMap {to_gid} 0 R /DW {face.widths.missing} /W [{widths}]>>".encode()
        )
        to_unicode = add(stream("", _to_unicode(by_code), compress=False))
        return add(
            f"<</Type /Font /Subtype /Type0 /BaseFont {name} /Encoding /Identity-H "
            f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R>>".encode()
        )

    def _metrics(self) -> str:
        """The font descriptor's metrics (PDF 32000 9.8), from the font's head, hhea, OS/2 and post."""
        font = self.face.font
        scale = 1000 / font.units_per_em
        head, hhea, os2, post = (font.table(tag) for tag in ("head", "hhea", "OS/2", "post"))

        def signed(data: bytes, at: int) -> int:
            return int.from_bytes(data[at : at + 2], "big", signed=True)

        ascent = signed(hhea, 4)
        cap_height = signed(os2, 88) if int.from_bytes(os2[:2], "big") >= 2 else ascent
        weight = int.from_bytes(os2[4:6], "big")
        italic = int.from_bytes(post[4:8], "big", signed=True) / 65536
        flags = 4 | (1 if int.from_bytes(post[12:16], "big") else 0) | (64 if italic else 0)
        flags |= 1 << 18 if weight >= 600 else 0  # symbolic, fixed pitch, italic, force bold
        box = " ".join(f"{signed(head, at) * scale:.0f}" for at in (36, 38, 40, 42))
        return (
            f"/Ascent {round(ascent * scale)} /Descent {round(signed(hhea, 6) * scale)} "
            f"/CapHeight {round(cap_height * scale)} /Flags {flags} /FontBBox [{box}] "
            f"/ItalicAngle {int(italic)} /StemV {round(50 + int((weight / 65) ** 2))} "
            f"/MissingWidth {self.face.widths.missing}"
        )


def _widths(widths: list[tuple[int, int]]) -> str:
    """The /W array of (code, width) pairs in code order: each run of consecutive codes as one list."""
    runs: list[list[tuple[int, int]]] = []
    for code, width in widths:
        if runs and runs[-1][-1][0] == code - 1:
            runs[-1].append((code, width))
        else:
            runs.append([(code, width)])
    return " ".join(f"{run[0][0]} [{' '.join(str(w) for _, w in run)}]" for run in runs)


def _to_unicode(by_code: list[tuple[int, int]]) -> bytes:
    """The /ToUnicode CMap (what text each code stands for: search and copy), by blocks of 100."""

    def utf16(char: int) -> str:
        return chr(char).encode("utf-16-be").hex().upper()

    blocks = []
    for start in range(0, len(by_code), 100):
        block = by_code[start : start + 100]
        lines = "".join(f"<{code:04X}> <{utf16(char)}>\n" for code, char in block)
        blocks.append(f"{len(block)} beginbfchar\n{lines}endbfchar\n")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{''.join(blocks)}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    ).encode("latin-1")
