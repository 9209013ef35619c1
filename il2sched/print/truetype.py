"""TrueType fonts read straight from their tables, and cut down to the glyphs a document uses.

A printed sheet needs three things from its font: the advance width of each character (to break lines and
to place text), and, when the PDF embeds it, the outlines of the few dozen glyphs the document shows. Both
are read here from the font file's bytes with :mod:`struct`: the table directory, the character map, the
horizontal metrics and the raw glyph records. Nothing is decoded that is not used, so opening a font costs
about a millisecond, where building fontTools' objects for every table cost a tenth of a second a run.

The subset (:meth:`TrueTypeFont.subset`) copies each kept glyph's record byte for byte (outline and hinting
instructions), renumbering only the components of composite glyphs, and keeps the tables that shape the
glyphs on screen and paper (``cvt``, ``fpgm``, ``prep``, ``gasp``, ``OS/2``) as they are: the glyphs print
exactly as the whole font would print them.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Iterable, Mapping

#: Glyphs every subset keeps, as fontTools' "recommended glyphs" do: .notdef, .null, CR and space.
_RECOMMENDED = range(4)
#: Tables copied unchanged into a subset when the font has them.
_COPIED = ("OS/2", "cvt ", "fpgm", "gasp", "prep")
# Composite glyph flags (OpenType 'glyf' table).
_ARGS_ARE_WORDS, _HAS_SCALE, _MORE, _HAS_XY_SCALE, _HAS_2X2 = 0x1, 0x8, 0x20, 0x40, 0x80


class FontError(ValueError):
    """The font file is not a TrueType font this module can read (a bug in the shipped package data)."""


def _u16(data: bytes, offset: int) -> int:
    return int.from_bytes(data[offset : offset + 2], "big")


def _u32(data: bytes, offset: int) -> int:
    return int.from_bytes(data[offset : offset + 4], "big")


def _big_endian(typecode: str, data: bytes) -> array[int]:
    """``data`` read as big-endian unsigned integers (``H``: 16 bits, ``I``: 32 bits)."""
    values = array(typecode, data)
    if sys.byteorder == "little":
        values.byteswap()
    return values


def _checksum(data: bytes) -> int:
    """The OpenType table checksum: the sum of its big-endian 32-bit words, zero-padded, modulo 2**32."""
    return sum(_big_endian("I", data + b"\0" * (-len(data) % 4))) & 0xFFFFFFFF


class TrueTypeFont:
    """One TrueType font file: its tables located, its character map and advance widths read once."""

    def __init__(self, data: bytes) -> None:
        if data[:4] not in (b"\0\1\0\0", b"true"):
            raise FontError("not a TrueType font file")
        self.data = data
        self.tables: dict[str, tuple[int, int]] = {}
        for i in range(_u16(data, 4)):
            entry = 12 + 16 * i
            tag = data[entry : entry + 4].decode("latin-1")
            self.tables[tag] = (_u32(data, entry + 8), _u32(data, entry + 12))
        head, hhea, maxp = self.table("head"), self.table("hhea"), self.table("maxp")
        self.units_per_em = _u16(head, 18)
        self.long_offsets = _u16(head, 50) == 1
        self.num_glyphs = _u16(maxp, 4)
        self.num_hmetrics = _u16(hhea, 34)
        #: Advance width of every glyph, in font units.
        self.advances = self._advances()
        #: The glyph of each character (Unicode code point), as fontTools' ``getBestCmap`` chooses it.
        self.cmap = self._cmap()
        offsets = self.table("loca")
        if self.long_offsets:
            self._loca = _big_endian("I", offsets)
        else:
            self._loca = array("I", (2 * o for o in _big_endian("H", offsets)))
        self._glyf = self.tables["glyf"][0]

    def table(self, tag: str) -> bytes:
        """The bytes of table ``tag``."""
        try:
            offset, length = self.tables[tag]
        except KeyError:
            raise FontError(f"the font has no {tag!r} table") from None
        return self.data[offset : offset + length]

    def _advances(self) -> list[int]:
        metrics = _big_endian("H", self.table("hmtx")[: 4 * self.num_hmetrics])
        advances = list(metrics[0::2])
        # Glyphs after the last full metric share its advance.
        return advances + [advances[-1]] * (self.num_glyphs - self.num_hmetrics)

    def _cmap(self) -> dict[int, int]:
        cmap = self.table("cmap")
        subtables = {}
        for i in range(_u16(cmap, 2)):
            entry = 4 + 8 * i
            subtables[(_u16(cmap, entry), _u16(cmap, entry + 2))] = _u32(cmap, entry + 4)
        # fontTools' getBestCmap order: full Unicode first, then the Basic Multilingual Plane.
        for key in ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0)):
            if key in subtables:
                offset = subtables[key]
                kind = _u16(cmap, offset)
                if kind == 12:
                    return self._cmap_12(cmap, offset)
                if kind == 4:
                    return self._cmap_4(cmap, offset)
        raise FontError("the font has no Unicode character map of format 4 or 12")

    @staticmethod
    def _cmap_12(cmap: bytes, offset: int) -> dict[int, int]:
        groups = _big_endian("I", cmap[offset + 16 : offset + 16 + 12 * _u32(cmap, offset + 12)])
        chars: dict[int, int] = {}
        for first, last, glyph in zip(groups[0::3], groups[1::3], groups[2::3], strict=True):
            chars.update(zip(range(first, last + 1), range(glyph, glyph + last - first + 1), strict=True))
        return chars

    @staticmethod
    def _cmap_4(cmap: bytes, offset: int) -> dict[int, int]:
        count = _u16(cmap, offset + 6) // 2
        arrays = offset + 14
        ends = _big_endian("H", cmap[arrays : arrays + 2 * count])
        starts = _big_endian("H", cmap[arrays + 2 + 2 * count : arrays + 2 + 4 * count])
        deltas = _big_endian("H", cmap[arrays + 2 + 4 * count : arrays + 2 + 6 * count])
        range_at = arrays + 2 + 6 * count
        chars: dict[int, int] = {}
        for i in range(count):
            range_offset = _u16(cmap, range_at + 2 * i)
            for char in range(starts[i], ends[i] + 1):
                if char == 0xFFFF:
                    continue
                if range_offset == 0:
                    glyph = (char + deltas[i]) & 0xFFFF
                else:
                    index = _u16(cmap, range_at + 2 * i + range_offset + 2 * (char - starts[i]))
                    glyph = (index + deltas[i]) & 0xFFFF if index else 0
                if glyph:
                    chars[char] = glyph
        return chars

    def glyph(self, gid: int) -> bytes:
        """The raw 'glyf' record of glyph ``gid`` (empty for a glyph without outline, such as a space)."""
        return self.data[self._glyf + self._loca[gid] : self._glyf + self._loca[gid + 1]]

    @staticmethod
    def components(record: bytes) -> list[tuple[int, int]]:
        """(offset of the glyph index in ``record``, glyph index) of each part of a composite glyph."""
        if len(record) < 10 or _u16(record, 0) < 0x8000:  # numberOfContours >= 0: a simple glyph
            return []
        parts, at, flags = [], 10, _MORE
        while flags & _MORE:
            flags = _u16(record, at)
            parts.append((at + 2, _u16(record, at + 2)))
            at += 4 + (4 if flags & _ARGS_ARE_WORDS else 2)
            at += 2 if flags & _HAS_SCALE else 4 if flags & _HAS_XY_SCALE else 8 if flags & _HAS_2X2 else 0
        return parts

    def subset(self, chars: Mapping[int, int]) -> tuple[bytes, dict[int, int]]:
        """A font of the glyphs of ``chars`` (code point to glyph), and each old glyph's number in it.

        Kept: the recommended glyphs, those of ``chars``, and every part of a composite one, in their order in
        this font (as fontTools' subsetter keeps them).
        """
        keep, todo = set(_RECOMMENDED), [*chars.values()]
        while todo:
            gid = todo.pop()
            if gid not in keep:
                keep.add(gid)
                todo += [part for _, part in self.components(self.glyph(gid))]
        order = sorted(keep)
        renumber = {old: new for new, old in enumerate(order)}
        glyf, loca = bytearray(), [0]
        for old in order:
            record = bytearray(self.glyph(old))
            for at, part in self.components(bytes(record)):
                record[at : at + 2] = renumber[part].to_bytes(2, "big")
            glyf += record + b"\0" * (-len(record) % 4)
            loca.append(len(glyf))
        long_offsets = len(glyf) > 0x1FFFC
        head = bytearray(self.table("head"))
        head[8:12] = bytes(4)  # checkSumAdjustment, set once the whole file is known
        head[50:52] = (1 if long_offsets else 0).to_bytes(2, "big")
        hhea, maxp = bytearray(self.table("hhea")), bytearray(self.table("maxp"))
        hhea[34:36] = len(order).to_bytes(2, "big")
        maxp[4:6] = len(order).to_bytes(2, "big")
        tables = {tag: self.table(tag) for tag in _COPIED if tag in self.tables}
        tables |= {
            "cmap": _cmap_table({char: renumber[gid] for char, gid in chars.items()}),
            "glyf": bytes(glyf),
            "head": bytes(head),
            "hhea": bytes(hhea),
            "hmtx": b"".join(self._metric(old) for old in order),
            "loca": _loca(loca, long_offsets),
            "maxp": bytes(maxp),
            "name": _name_table(self.table("name")),
            "post": b"\0\3\0\0" + self.table("post")[4:32],  # version 3: no glyph names
        }
        return _sfnt(tables), renumber

    def _metric(self, gid: int) -> bytes:
        """Glyph ``gid``'s advance width and left side bearing, as one full 'hmtx' entry."""
        hmtx = self.tables["hmtx"][0]
        if gid < self.num_hmetrics:
            return self.data[hmtx + 4 * gid : hmtx + 4 * gid + 4]
        at = hmtx + 4 * self.num_hmetrics + 2 * (gid - self.num_hmetrics)
        return self.advances[gid].to_bytes(2, "big") + self.data[at : at + 2]

    def name(self, name_id: int) -> str | None:
        """Name ``name_id`` of the font in English (Windows platform), if the font has it."""
        return _names(self.table("name")).get(name_id)


def _loca(offsets: list[int], long_offsets: bool) -> bytes:
    """The 'loca' table: each glyph's offset in 'glyf', in bytes (long) or in 16-bit words (short)."""
    if long_offsets:
        return struct.pack(f">{len(offsets)}I", *offsets)
    return struct.pack(f">{len(offsets)}H", *(offset // 2 for offset in offsets))


def _names(table: bytes) -> dict[int, str]:
    storage = _u16(table, 4)
    names = {}
    for i in range(_u16(table, 2)):
        platform, encoding, language, name_id, length, offset = struct.unpack_from(">6H", table, 6 + 12 * i)
        if (platform, encoding, language) == (3, 1, 0x409):
            names[name_id] = table[storage + offset : storage + offset + length].decode("utf-16-be")
    return names


def _name_table(table: bytes) -> bytes:
    """The 'name' table cut to the font's identity (IDs 0 to 6: copyright, family, style, full name,
    version, PostScript name) in English, as fontTools' subsetter keeps it."""
    storage, records, strings = _u16(table, 4), [], b""
    for i in range(_u16(table, 2)):
        platform, encoding, language, name_id, length, offset = struct.unpack_from(">6H", table, 6 + 12 * i)
        if name_id <= 6 and (platform, encoding, language) == (3, 1, 0x409):
            records.append(struct.pack(">6H", platform, encoding, language, name_id, length, len(strings)))
            strings += table[storage + offset : storage + offset + length]
    return struct.pack(">3H", 0, len(records), 6 + 12 * len(records)) + b"".join(records) + strings


def _cmap_table(chars: Mapping[int, int]) -> bytes:
    """A 'cmap' with one format 4 subtable (Windows, Unicode BMP): a segment per character."""
    bmp = sorted((char, gid) for char, gid in chars.items() if char < 0xFFFF)
    segments = [*bmp, (0xFFFF, 1)]  # the closing segment maps 0xFFFF to glyph 0: its delta is 1
    count = len(segments)
    power = 1 << (count.bit_length() - 1)
    codes = [char for char, _ in segments]
    deltas = [(gid - char) & 0xFFFF for char, gid in segments]
    body = struct.pack(f">4H{count}HH{count}H{count}H{count}H", 2 * count, 2 * power,
                       power.bit_length() - 1, 2 * (count - power), *codes, 0, *codes, *deltas,
                       *([0] * count))  # fmt: skip
    subtable = struct.pack(">3H", 4, 6 + len(body), 0) + body
    return struct.pack(">4HI", 0, 1, 3, 1, 12) + subtable


def _sfnt(tables: Mapping[str, bytes]) -> bytes:
    """A whole font file from its tables: the directory, each table 4-byte aligned, head's checksum set."""
    tags = sorted(tables)
    power = 1 << (len(tags).bit_length() - 1)
    directory = [struct.pack(">I4H", 0x00010000, len(tags), 16 * power, power.bit_length() - 1,
                             16 * (len(tags) - power))]  # fmt: skip
    offset, head = 12 + 16 * len(tags), 0
    body = bytearray()
    for tag in tags:
        data = tables[tag]
        if tag == "head":
            head = offset + len(body)
        directory.append(struct.pack(">4s3I", tag.encode("latin-1"), _checksum(data), offset + len(body),
                                     len(data)))  # fmt: skip
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(b"".join(directory) + body)
    adjust = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
    font[head + 8 : head + 12] = adjust.to_bytes(4, "big")  # head's checkSumAdjustment
    return bytes(font)


def glyph_ids(font: TrueTypeFont, chars: Iterable[str]) -> dict[int, int]:
    """The glyph of each of ``chars`` that ``font`` has (others have no glyph to print)."""
    return {ord(ch): font.cmap[ord(ch)] for ch in chars if ord(ch) in font.cmap}
