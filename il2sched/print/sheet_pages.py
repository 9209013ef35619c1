"""The sheet's page model: sizes in millimetres, the blocks a page holds, and how blocks are shared out.

Deciding the pages here, once, with every text already broken into lines (:mod:`.fonts`), is what makes a
browser's print of the HTML and our PDF agree page for page. Rows grow with their texts and the pages are
counted with the heights the rows really have, so nothing is ever shrunk or clipped to fit.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from il2sched.print.cells import TableRow
from il2sched.print.fonts import Lines
from il2sched.print.layout import PageLayout, Paper


@dataclass(frozen=True, slots=True)
class Layout(PageLayout):
    """Every size both sheet renderers use, in millimetres (font sizes in points, none under 7)."""

    font_title: float = 13.0
    font_section: float = 9.0  # the titles of the calendar and the record
    font_text: float = 8.0  # header values
    font_label: float = 7.0  # labels, column headings, calendar cells, remarks
    font_cell: float = 7.5  # record cells
    font_number: float = 8.0  # study days, smaller than the dose
    font_dose: float = 9.0  # the dose, bold: the largest figure of a row
    font_mark: float = 10.0  # calendar marks (*, H, >...)
    pad: float = 0.6  # inner padding of a table cell, each side
    field_pad: float = 0.8  # inner padding of a header box
    label_box_w: float = 70.0  # the hospital's patient label sticks here (labels are about 70 x 35 mm)
    label_box_min_h: float = 36.0
    label_gap: float = 3.0
    blank_h: float = 11.0  # a header box to write in (prescriber, dates, signatures)
    gap: float = 3.0
    section_title_h: float = 6.5
    grid_label_w: float = 18.0
    grid_head_h: float = 5.0
    grid_month_h: float = 5.0
    grid_row_h: float = 9.6
    legend_pad: float = 1.5
    closed_head_h: float = 5.0
    closed_line_h: float = 3.6
    cycle_head_pad: float = 1.2
    row_min_h: float = 17.2  # three site lines of 4 mm boxes 2 mm apart; a lot number and expiry by hand
    skipped_min_h: float = 10.0
    notice_pad: float = 0.4
    total_h: float = 6.0
    box: float = 4.0  # tick boxes: at least 4 mm, to tick by hand
    box_gap: float = 2.0  # between a site's left and right boxes: a tick meant for one never lands in both
    site_gap: float = 2.0  # between the site's three lines of boxes
    given_gap: float = 1.2  # between the "yes" and "no" boxes
    sign_h: float = 8.0  # a line to sign on


LAYOUT = Layout()


@dataclass(frozen=True, slots=True)
class Field:
    """A header box: a small label and its value (empty in a box to write in)."""

    key: str
    label: Lines
    value: Lines
    width: float  # millimetres


@dataclass(frozen=True, slots=True)
class FieldRow:
    """A row of header boxes, as tall as its tallest box."""

    fields: tuple[Field, ...]
    height: float


@dataclass(frozen=True, slots=True)
class Header:
    """The first page's header: title, the boxes beside the patient label's box, and the wide boxes."""

    title: Lines
    subtitle: Lines
    rows: tuple[FieldRow, ...]  # left of the patient label's box
    label: Lines  # "Patient label", in the top corner of the empty box
    label_w: float
    label_h: float
    wide: tuple[FieldRow, ...]  # full width under both: the regimen in words, postponed cycles
    height: float


@dataclass(frozen=True, slots=True)
class GridCell:
    """A day of the calendar picture."""

    day: str  # "27 Apr", "1er mai", "28 déc. 2026" when the schedule crosses New Year
    symbol: str  # a MARKS character, or ""
    lines: tuple[str, ...]  # the dose, or why there is none
    dosing: bool  # shade it: a dose is given (or planned) that day


@dataclass(frozen=True, slots=True)
class GridRow:
    """One protocol week of the picture."""

    label: str  # "Week 3"
    cells: tuple[GridCell, ...]


@dataclass(frozen=True, slots=True)
class GridMonth:
    """A month's heading in the calendar: the weeks starting in that month follow it."""

    title: str  # "May 2026"


GridItem = GridRow | GridMonth


@dataclass(frozen=True, slots=True)
class Row(TableRow):
    """One administration: its cells (:mod:`.sheet_record`), and the notice under them when not plain."""

    date_iso: str
    status: str  # planned, holiday, shifted, skipped, out_of_window...


@dataclass(frozen=True, slots=True)
class CycleBlock:
    """A cycle's heading and rows: never split across pages unless longer than a page."""

    number: int
    title: Lines
    continued: Lines  # the heading of a later part, when a cycle is longer than a page
    rows: tuple[Row, ...]
    head_h: float
    first: bool = True  # False for the later parts of a cycle split across pages

    @property
    def height(self) -> float:
        """The height of the heading and rows."""
        return self.head_h + sum(r.height for r in self.rows)


@dataclass(frozen=True, slots=True)
class Page:
    """What one printed page holds, top to bottom (the running header and footer are on every page)."""

    number: int
    label: str  # "Page 1 / 2"
    header: bool
    grid: tuple[GridItem, ...] = ()
    grid_continued: bool = False
    legend: bool = False
    closed: tuple[Lines, ...] = ()
    cycles: tuple[CycleBlock, ...] = ()
    total: bool = False


@dataclass(frozen=True, slots=True)
class Blocks:
    """Everything to share out among pages, with the heights that do not depend on the page."""

    band_h: float  # the running header, gap included
    header_h: float
    grid: tuple[GridItem, ...]
    legend_h: float
    closed: tuple[Lines, ...]
    record_head_h: float  # the record's title and column headings
    cycles: tuple[CycleBlock, ...]


@dataclass
class _Draft:
    header: bool = False
    grid: list[GridItem] = field(default_factory=list)
    grid_continued: bool = False
    legend: bool = False
    closed: list[Lines] = field(default_factory=list)
    cycles: list[CycleBlock] = field(default_factory=list)
    total: bool = False
    used: float = 0.0

    @property
    def empty(self) -> bool:
        return not (self.header or self.grid or self.closed or self.cycles)


class _Pager:
    """Fills pages top to bottom; every page's room already excludes its running header and footer."""

    def __init__(self, layout: Layout, paper: Paper, blocks: Blocks) -> None:
        self.lay, self.blocks = layout, blocks
        self.room = layout.room(paper) - blocks.band_h
        self.drafts = [_Draft(header=True, used=blocks.header_h)]

    @property
    def page(self) -> _Draft:
        return self.drafts[-1]

    def left(self) -> float:
        return self.room - self.page.used

    def new_page(self) -> _Draft:
        self.drafts.append(_Draft())
        return self.page

    # --- the calendar: split between weeks, its title and weekdays repeated, never a week alone ---

    def grid(self) -> None:
        """The calendar's weeks, page by page, each part with its title, weekdays and legend (the marks of a
        page's grid are explained on that page)."""
        lay = self.lay
        items = list(self.blocks.grid)
        head = lay.section_title_h + lay.grid_head_h + self.blocks.legend_h
        first = True
        while items:
            take = self._grid_take(items, self.left() - head)
            weeks_left = _weeks(items)
            if _weeks(items[:take]) < min(2, weeks_left) and not self.page.empty:
                self.new_page()
                continue
            take = max(take, 1)
            part, items = items[:take], items[take:]
            self.page.grid, self.page.grid_continued, self.page.legend = part, not first, True
            self.page.used += head + sum(_item_h(lay, i) for i in part)
            first = False
            if items:
                self.new_page()

    def _grid_take(self, items: list[GridItem], room: float) -> int:
        lay = self.lay
        take, used = 0, 0.0
        while take < len(items) and used + _item_h(lay, items[take]) <= room:
            used += _item_h(lay, items[take])
            take += 1
        while take and isinstance(items[take - 1], GridMonth):
            take -= 1  # a month's heading never ends a page
        if 0 < _weeks(items[take:]) < 2 and _weeks(items[:take]) > 2:
            take -= 1  # never leave the last week alone on a page
            while take and isinstance(items[take - 1], GridMonth):
                take -= 1
        return take

    # --- the list of closed days ---

    def closed(self) -> None:
        lay, left = self.lay, list(self.blocks.closed)
        while left:
            count, used = 0, lay.closed_head_h
            while count < len(left) and used + left[count].height + 0.6 <= self.left():
                used += left[count].height + 0.6
                count += 1
            if count == 0 and not self.page.empty:
                self.new_page()
                continue
            count = max(count, 1)
            self.page.closed, left = left[:count], left[count:]
            self.page.used += lay.closed_head_h + sum(line.height + 0.6 for line in self.page.closed)

    # --- the record: whole cycles; a cycle longer than a page goes on in parts, heading repeated ---

    def record(self) -> None:
        cycles = self.blocks.cycles
        for index, cycle in enumerate(cycles):
            tail = self.lay.total_h if index == len(cycles) - 1 else 0.0
            if self._head() + cycle.height + tail <= self.left():
                self._add(cycle)
                continue
            if self.blocks.record_head_h + cycle.height + tail <= self.room:
                self.new_page()
                self._add(cycle)
                continue
            self._split(cycle, tail)
        self.page.total = True
        self.page.used += self.lay.total_h

    def _head(self) -> float:
        return 0.0 if self.page.cycles else self.blocks.record_head_h

    def _add(self, cycle: CycleBlock) -> None:
        self.page.used += self._head() + cycle.height
        self.page.cycles.append(cycle)

    def _split(self, cycle: CycleBlock, tail: float) -> None:
        rows, first = list(cycle.rows), True
        while rows:
            room = self.left() - self._head() - cycle.head_h
            take, used = 0, 0.0
            while take < len(rows) and used + rows[take].height <= room:
                used += rows[take].height
                take += 1
            if take == len(rows) and used + tail > room:
                take -= 1  # the total stays with the last rows
            if len(rows) - take == 1 and take > 2:
                take -= 1  # never a row alone on the next page
            if take < min(2, len(rows)) and not self.page.empty:
                self.new_page()
                continue
            take = max(take, 1)
            title = cycle.title if first else cycle.continued
            self._add(replace(cycle, title=title, rows=tuple(rows[:take]), first=first))
            rows, first = rows[take:], False
            if rows:
                self.new_page()


def _weeks(items: list[GridItem]) -> int:
    return sum(1 for i in items if isinstance(i, GridRow))


def _item_h(layout: Layout, item: GridItem) -> float:
    return layout.grid_row_h if isinstance(item, GridRow) else layout.grid_month_h


def paginate(layout: Layout, paper: Paper, blocks: Blocks, page_label: str) -> tuple[Page, ...]:
    """Share the blocks out among pages, top to bottom (``page_label`` has ``{n}`` and ``{total}``)."""
    pager = _Pager(layout, paper, blocks)
    pager.grid()
    pager.closed()
    pager.record()
    drafts = pager.drafts
    return tuple(
        Page(
            number=n,
            label=page_label.format(n=n, total=len(drafts)),
            header=d.header,
            grid=tuple(d.grid),
            grid_continued=d.grid_continued,
            legend=d.legend,
            closed=tuple(d.closed),
            cycles=tuple(d.cycles),
            total=d.total,
        )
        for n, d in enumerate(drafts, start=1)
    )


def used_heights(layout: Layout, blocks: Blocks, pages: tuple[Page, ...]) -> list[float]:
    """The height each page's blocks take (running header included), as the renderers draw them."""
    out = []
    for page in pages:
        used = blocks.band_h + (blocks.header_h if page.header else 0.0)
        if page.grid:
            used += layout.section_title_h + layout.grid_head_h + sum(_item_h(layout, i) for i in page.grid)
        used += blocks.legend_h if page.legend else 0.0
        if page.closed:
            used += layout.closed_head_h + sum(line.height + 0.6 for line in page.closed)
        if page.cycles:
            used += blocks.record_head_h + sum(c.height for c in page.cycles)
        used += layout.total_h if page.total else 0.0
        out.append(used)
    return out
