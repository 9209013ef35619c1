"""The sheet's page model: sizes in millimetres, the blocks a page holds, and how blocks are shared out.

Deciding the pages here, once, is what makes a browser's print of the HTML and our PDF agree page for page,
and keeps every cycle's rows together.
"""

from __future__ import annotations

from dataclasses import dataclass

from il2sched.core.texts import Texts
from il2sched.print.layout import PageLayout, Paper


@dataclass(frozen=True, slots=True)
class Layout(PageLayout):
    """Every size both sheet renderers use, in millimetres (font sizes in points)."""

    title_h: float = 14.0  # title line and the regimen's title (up to two lines)
    field_h: float = 11.0  # a header box: a small label and up to two lines of value
    summary_h: float = 15.0  # the regimen in words: label and up to three lines
    gap: float = 3.0
    grid_title_h: float = 6.0
    grid_head_h: float = 5.0
    grid_row_h: float = 9.0
    grid_label_w: float = 18.0
    legend_h: float = 9.0
    closed_head_h: float = 5.0
    closed_line_h: float = 4.0
    table_title_h: float = 6.0
    table_head_h: float = 10.0
    cycle_head_h: float = 6.0
    row_h: float = 10.0
    total_h: float = 6.0
    font_title: float = 13.0
    font_text: float = 8.0
    font_small: float = 6.5
    font_cell: float = 7.5

    @property
    def header_h(self) -> float:
        """The height of the first page's header."""
        return self.title_h + 2 * self.field_h + self.summary_h + self.gap


LAYOUT = Layout()


@dataclass(frozen=True, slots=True)
class Field:
    """A header box: a label and its value."""

    key: str
    label: str
    value: str
    width: float  # millimetres


@dataclass(frozen=True, slots=True)
class GridCell:
    """A day of the calendar picture."""

    day: str  # "27 Apr"
    symbol: str  # a MARKS character, or ""
    lines: tuple[str, ...]  # the dose, or why there is none
    dosing: bool  # shade it: a dose is given (or planned) that day


@dataclass(frozen=True, slots=True)
class GridRow:
    """One protocol week of the picture."""

    label: str  # "Week 3"
    cells: tuple[GridCell, ...]


@dataclass(frozen=True, slots=True)
class Row:
    """One administration: what is planned, and the remark printed in advance when it is not plain."""

    date_lines: tuple[str, ...]  # weekday, day and month, year
    date_iso: str
    cycle: str
    day: str
    study_day: str
    dose_lines: tuple[str, ...]
    remark: str  # printed before use: moved, skipped, holiday...
    status: str


@dataclass(frozen=True, slots=True)
class CycleBlock:
    """A cycle's heading and rows: never split across pages."""

    number: int
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Page:
    """What one printed page holds, top to bottom."""

    number: int
    label: str  # "Page 1 / 2"
    header: bool
    grid: tuple[GridRow, ...]
    legend: bool
    closed: tuple[str, ...]
    cycles: tuple[CycleBlock, ...]
    total: bool

    @property
    def table(self) -> bool:
        """Whether the page carries part of the administration record."""
        return bool(self.cycles)


@dataclass
class _Draft:
    header: bool = False
    grid: list[GridRow] | None = None
    legend: bool = False
    closed: list[str] | None = None  # closed-day lines
    cycles: list[CycleBlock] | None = None
    total: bool = False
    used: float = 0.0


def paginate(
    layout: Layout,
    paper: Paper,
    grid: tuple[GridRow, ...],
    closed: tuple[str, ...],
    cycles: tuple[CycleBlock, ...],
    texts: Texts,
) -> tuple[Page, ...]:
    """Share the blocks out among pages, top to bottom; a cycle always stays whole on one page."""
    room = layout.room(paper)
    drafts = [_Draft(header=True, used=layout.header_h)]

    def fits(height: float) -> bool:
        return drafts[-1].used + height <= room

    def new_page() -> _Draft:
        drafts.append(_Draft())
        return drafts[-1]

    # The calendar: split between weeks if it must, repeating its title and weekday row.
    pending = list(grid)
    while pending:
        page = drafts[-1]
        head = layout.grid_title_h + layout.grid_head_h
        count = int((room - page.used - head) // layout.grid_row_h)
        if count <= 0:
            new_page()
            continue
        page.grid, pending = pending[:count], pending[count:]
        page.used += head + len(page.grid) * layout.grid_row_h
    if not fits(layout.legend_h):
        new_page()
    drafts[-1].legend = True
    drafts[-1].used += layout.legend_h
    left = list(closed)
    while left:
        page = drafts[-1]
        count = min(len(left), int((room - page.used - layout.closed_head_h) // layout.closed_line_h))
        if count <= 0:
            new_page()
            continue
        page.closed, left = left[:count], left[count:]
        page.used += layout.closed_head_h + count * layout.closed_line_h
    for index, cycle in enumerate(cycles):
        height = layout.cycle_head_h + len(cycle.rows) * layout.row_h
        if index == len(cycles) - 1:
            height += layout.total_h
        page = drafts[-1]
        head = 0.0 if page.cycles else layout.table_title_h + layout.table_head_h
        if not fits(head + height):
            page = new_page()
            head = layout.table_title_h + layout.table_head_h
        page.cycles = [*(page.cycles or []), cycle]
        page.used += head + height
    drafts[-1].total = True
    pages = len(drafts)
    return tuple(
        Page(
            number=n,
            label=texts("sheet.page", n=n, total=pages),
            header=d.header,
            grid=tuple(d.grid or ()),
            legend=d.legend,
            closed=tuple(d.closed or ()),
            cycles=tuple(d.cycles or ()),
            total=d.total,
        )
        for n, d in enumerate(drafts, start=1)
    )
