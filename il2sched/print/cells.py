"""Table cells as the page models decide them, for painters that know no column.

A printed table (the sheet's record, the worklist) is a row of columns (their widths) and rows of *tiers*
(an HTML ``<tr>``: the cells, a patient's code above them, a notice under them). A :class:`Cell` covers one or
more columns of one or more tiers and carries everything drawn in it, already decided in millimetres: its
lines of text and where they start, its shade or frame, its tick boxes and the words beside them. The PDF pen
(:mod:`.pdf`) and the HTML templates draw every cell the same way whatever its column, so what a column shows
is decided once, where the column is declared (:mod:`.sheet_record`, :mod:`.worklist`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Generic, Literal, Protocol, TypeVar

from il2sched.core.texts import Texts
from il2sched.print.fonts import Lines, line_height, one_line, width, wrap
from il2sched.print.layout import Column

Align = Literal["L", "C"]
D = TypeVar("D")  # what a table's row is made from (a dose, a worklist entry)
#: Grey of the column headings (0-255).
HEAD_GREY = 200
#: Line widths of a notice's frame (millimetres): urgent ones are framed heavily, to be seen first.
RULE, HEAVY_RULE = 0.2, 0.6


@dataclass(frozen=True, slots=True)
class Box:
    """An empty tick box, ``side`` millimetres square, ``x`` and ``y`` from its cell's top-left corner."""

    x: float
    y: float
    side: float


@dataclass(frozen=True, slots=True)
class Label:
    """Words at a fixed place in a cell: beside a tick box, or over one.

    ``x`` None: where the cell's text starts (``text_x``). ``foot``: the words sit on the cell's foot; the
    PDF draws them at ``y``, a browser puts them there by the stylesheet (the cell's height is a browser's).
    """

    lines: Lines
    x: float | None
    y: float
    width: float  # the room the words are centred in (``align`` "C")
    align: Align = "L"
    foot: bool = False


Mark = Box | Label


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a printed table and everything drawn in it.

    ``style`` names the cell's look for the HTML stylesheet (its class): the stylesheet places the text where
    ``text_x`` and ``text_y`` place it in the PDF, and shades what ``shade`` shades.
    """

    key: str  # what it shows: its column's key, or "skip", "notice", "code" for a cell across columns
    col: int  # the first column it covers
    span: int = 1  # how many columns
    down: int = 1  # how many tiers (the first column runs down beside the notice under a row)
    text: tuple[Lines, ...] = ()  # one block under another
    text_x: float = (
        0.0  # where the text starts from the cell's left edge; it is as wide as the cell less twice this
    )
    text_y: float = 0.0  # from the cell's top
    align: Align = "L"
    marks: tuple[Mark, ...] = ()  # drawn after the text, in this order
    style: str = ""
    shade: int | None = None  # a grey (0-255) to fill the cell with
    frame: float | None = (
        None  # the frame's line width when the cell has its own (a notice: heavier if urgent)
    )

    @property
    def text_h(self) -> float:
        """The height of the cell's text."""
        return sum(lines.height for lines in self.text)

    @property
    def words(self) -> str:
        """The cell's text and labels as one line of words (for reading a model back)."""
        labels = (m.lines.text for m in self.marks if isinstance(m, Label))
        return " ".join(part for part in (*(lines.text for lines in self.text), *labels) if part)


@dataclass(frozen=True, slots=True)
class Tier:
    """A line of cells across the table (an HTML ``<tr>``), ``height`` millimetres high."""

    height: float
    cells: tuple[Cell, ...]
    style: str = ""  # its look for the stylesheet: "notice urgent", "row planned"...
    date: str = ""  # the ISO date it records, for programs reading the page (the HTML's ``data-date``)


@dataclass(frozen=True, slots=True)
class TableRow:
    """One record of a table: its tiers, top to bottom, and their height together."""

    tiers: tuple[Tier, ...]
    height: float

    def cells(self) -> Iterator[Cell]:
        """Every cell of every tier, in drawing order."""
        return (cell for tier in self.tiers for cell in tier.cells)

    def cell(self, key: str) -> Cell | None:
        """The cell that shows ``key``, if the row has one."""
        return next((c for c in self.cells() if c.key == key), None)

    def text(self, key: str) -> str:
        """The words of the cell that shows ``key`` ("" when there is none)."""
        found = self.cell(key)
        return found.words if found else ""


def middle(h: float, text_h: float) -> float:
    """The top of a text ``text_h`` high centred in a cell ``h`` high."""
    return (h - text_h) / 2


def stack_top(h: float, count: int, side: float, gap: float) -> float:
    """The top of ``count`` tick boxes ``side`` high stacked ``gap`` apart, centred in a cell ``h`` high."""
    return round((h - count * side - (count - 1) * gap) / 2, 2)


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a cell goes: its column's key and index, its width and its row's height (millimetres)."""

    key: str
    col: int
    width: float
    height: float


class _Padded(Protocol):
    @property
    def pad(self) -> float: ...


class Item(Protocol):
    """What a row is made from, as the shared placements see it: something with the table's layout."""

    @property
    def layout(self) -> _Padded: ...


def at_top(item: Item, slot: Slot, text: tuple[Lines, ...]) -> Cell:
    """A cell whose text starts at its top, inside its padding."""
    pad = item.layout.pad
    return Cell(slot.key, slot.col, text=text, text_x=pad, text_y=pad, style=slot.key)


def in_middle(item: Item, slot: Slot, text: tuple[Lines, ...]) -> Cell:
    """A cell whose text is centred from top to bottom, inside its padding."""
    height = sum(lines.height for lines in text)
    return Cell(
        slot.key,
        slot.col,
        text=text,
        text_x=item.layout.pad,
        text_y=middle(slot.height, height),
        style=slot.key,
    )


def no_text(_item: object, _room: float) -> tuple[Lines, ...]:
    """A column with nothing printed in it: a box the nurse fills in."""
    return ()


def blank(_item: object, slot: Slot, _text: tuple[Lines, ...]) -> Cell:
    """An empty cell, looking as its column's key says."""
    return Cell(slot.key, slot.col, style=slot.key)


def yes_no(
    slot: Slot, texts: Texts, *, box: float, gap: float, pad: float, size: float, across: bool = False
) -> Cell:
    """Yes and no, each beside a tick box ``box`` millimetres square, ``gap`` apart, centred in the cell: was
    the dose given (the sheet's record and the worklist ask alike). Stacked, or side by side (``across``:
    a row too low for two boxes one over the other)."""
    top, x = stack_top(slot.height, 1 if across else 2, box, gap), pad + 0.4
    marks: list[Mark] = []
    for word in (texts("sheet.yes"), texts("sheet.no")):
        label = one_line(word, size)
        y = top + (box - line_height(size)) / 2  # the word centred on its box
        marks += [Box(x, top, box), Label(label, x + box + 0.8, y, slot.width)]
        if across:
            x += box + 0.8 + width(word, size) + gap
        else:
            top += box + gap
    return Cell(slot.key, slot.col, marks=tuple(marks), style=slot.key)


@dataclass(frozen=True, slots=True)
class ColumnSpec(Generic[D]):
    """A column of a printed table, declared once: its heading, its width, and what its cells hold.

    ``text`` breaks what a row's cell says into lines (given its room: the width less the padding), before
    the row's height is known: every cell's text counts in it. ``place`` then makes the cell, knowing that
    height (where the text starts, the tick boxes, the look).
    """

    key: str
    width: float  # millimetres; 0: what the other columns leave of the page's width
    heading: str  # its heading's phrase (il2sched.core.phrases)
    text: Callable[[D, float], tuple[Lines, ...]] = no_text
    place: Callable[[D, Slot, tuple[Lines, ...]], Cell] = blank
    planned: bool = False  # what is planned (kept for a dose not to give), not a box the nurse fills in
    second_check: bool = False  # only when a second nurse checks each dose
    timed_heading: str = ""  # its heading when the doses have a planned time
    head_marks: Callable[[Texts, Slot], tuple[Mark, ...]] | None = None  # words on its heading's foot
    recorded: Callable[[D, float], tuple[Lines, ...]] | None = None  # its text once the ward record has it


def resolve(
    specs: Sequence[ColumnSpec[D]], texts: Texts, room: float, pad: float, size: float, *, timed: bool
) -> tuple[Column, ...]:
    """The columns of ``specs`` with their headings broken into lines; they fill ``room`` exactly."""
    fixed = sum(s.width for s in specs if s.width)
    return tuple(
        Column(
            s.key,
            wrap(texts(s.timed_heading if timed and s.timed_heading else s.heading), w - 2 * pad, size),
            w,
        )
        for s in specs
        for w in (s.width or room - fixed,)
    )


def head_tier(
    specs: Sequence[ColumnSpec[D]], cols: Sequence[Column], texts: Texts, pad: float, *, styled: bool
) -> Tier:
    """The column headings, shaded, as tall as the tallest (a line more under one with words on its foot).

    ``styled``: each heading's look is its column's key (the sheet's stylesheet sets some apart).
    """
    height = round(
        max(
            c.label.height + (line_height(c.label.size) if s.head_marks else 0.0)
            for s, c in zip(specs, cols, strict=True)
        )
        + 2 * pad
        + 0.4,
        2,
    )
    cells = []
    for i, (spec, col) in enumerate(zip(specs, cols, strict=True)):
        marks = spec.head_marks(texts, Slot(col.key, i, col.width, height)) if spec.head_marks else ()
        style = col.key if styled else ""
        cells.append(
            Cell(
                col.key,
                i,
                text=(col.label,),
                text_x=pad,
                text_y=pad,
                marks=marks,
                style=style,
                shade=HEAD_GREY,
            )
        )
    return Tier(height, tuple(cells))


def with_notice(
    cells: Tier, notice: Lines, height: float, *, pad: float, notice_pad: float, urgent: bool
) -> tuple[Tier, ...]:
    """A row's cells and, when ``notice`` says something, the notice across under them, ``height`` high,
    beside the first column: its cell runs down beside the notice, which belongs to this row."""
    if not notice:
        return (cells,)
    first, *others = cells.cells
    count = max(c.col + c.span for c in cells.cells)
    said = Cell(
        "notice",
        1,
        span=count - 1,
        text=(notice,),
        text_x=pad,
        text_y=notice_pad,
        frame=HEAVY_RULE if urgent else RULE,
    )
    return (
        replace(cells, cells=(replace(first, down=2), *others)),
        Tier(height, (said,), style="notice urgent" if urgent else "notice"),
    )
