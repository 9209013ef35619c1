"""The printed worklist as data: localized, paginated in millimetres, drawn as it is by HTML and PDF.

Like the administration sheet (:mod:`.sheet`), the pages are decided here, once, with every text already
broken into lines, so a browser's print of the HTML and our PDF agree page for page. Every page repeats the
running header (the period, the ward, and each treatment's trial, drug and route); every row names its
patient in full, its drug, route and trial (patients may follow different regimens), and a dose that is not
plain says so in the same words as the sheet. A day's rows stay on one page; only a day longer than a page
is split, and then every part repeats the day's heading (marked as continued) and the table header.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from il2sched import __version__
from il2sched.core.options import RenderOptions
from il2sched.core.summary import count_line
from il2sched.core.texts import Texts
from il2sched.core.worklist import WorkDay
from il2sched.print.cells import Tier, head_tier
from il2sched.print.fonts import Lines, one_line, width, wrap
from il2sched.print.layout import (
    MAX_CLOSURE_NAME,
    Band,
    Column,
    Paper,
    check_regimen_drawable,
    check_site,
    clip,
    make_band,
    paper_named,
)
from il2sched.print.worklist_rows import (
    LAYOUT,
    Due,
    WorkColumn,
    WorkLayout,
    WorkRow,
    columns,
    treatment,
    work_row,
)


@dataclass(frozen=True, slots=True)
class DayBlock:
    """A day, or one part of a day too long for a page: heading, table, and what closes it."""

    date_iso: str
    heading: Lines  # the full date, its closures, "(continued)" on a later part
    head_h: float
    rows: tuple[WorkRow, ...]
    none: Lines  # "no administration" on a day without any
    total: Lines  # the day's count, on its last part

    def height(self, layout: WorkLayout, table_head_h: float) -> float:
        """The height this block takes on the page."""
        body = table_head_h + sum(r.height for r in self.rows) if self.rows else layout.none_h
        return self.head_h + body + (layout.day_total_h if self.total else 0.0) + layout.day_gap


@dataclass(frozen=True, slots=True)
class WorkPage:
    """What one page holds, top to bottom (the running header and footer are on every page)."""

    number: int
    label: str  # "Page 1 / 2"
    days: tuple[DayBlock, ...]
    total: bool


@dataclass(frozen=True, slots=True)
class PrintedWorklist:
    """A complete, localized, paginated worklist."""

    lang: str
    paper: Paper
    layout: WorkLayout
    title: str
    band: Band
    columns: tuple[Column, ...]
    head: Tier  # the column headings, as cells
    code_line: bool  # the patient codes are too long for a column: each has its own line
    total: Lines
    generated: Lines
    pages: tuple[WorkPage, ...]

    @property
    def table_head_h(self) -> float:
        """The height of the column headings."""
        return self.head.height


def _heading(day: WorkDay, texts: Texts) -> str:
    heading = texts.date_long(day.date)
    if day.closures:
        heading += " – " + texts("sheet.list_sep").join(
            texts.labelled(texts.status(c.kind), clip(c.name, MAX_CLOSURE_NAME)) for c in day.closures
        )
    return heading


class _Builder:
    def __init__(
        self,
        texts: Texts,
        layout: WorkLayout,
        specs: tuple[WorkColumn, ...],
        cols: tuple[Column, ...],
        code_line: bool,
    ) -> None:
        self.texts, self.lay, self.specs, self.cols, self.code_line = texts, layout, specs, cols, code_line
        self.head_tier = head_tier(specs, cols, texts, layout.pad, styled=False)
        self.table_head_h = self.head_tier.height

    def head(self, text: str) -> tuple[Lines, float]:
        lines = wrap(text, self.lay.content_width - 2 * self.lay.day_head_pad, self.lay.font_day, bold=True)
        return lines, round(lines.height + 2 * self.lay.day_head_pad, 2)

    def blocks(self, day: WorkDay, room: float) -> list[DayBlock]:
        """The day as one block, or as parts of at most a page each when it cannot fit on one page."""
        lay, texts = self.lay, self.texts
        heading, head_h = self.head(_heading(day, texts))
        iso, no_lines = day.date.isoformat(), Lines((), lay.font_text)
        if not day.entries:
            return [
                DayBlock(iso, heading, head_h, (), one_line(texts("worklist_none"), lay.font_text), no_lines)
            ]
        rows = [work_row(Due(e, texts, lay), self.specs, self.cols, self.code_line) for e in day.entries]
        said = count_line((e.administration for e in day.entries), texts)
        total = one_line(said, lay.font_text, bold=True)
        whole = DayBlock(iso, heading, head_h, tuple(rows), no_lines, total)
        if whole.height(lay, self.table_head_h) <= room:
            return [whole]
        continued, cont_h = self.head(texts("worklist.continued", day=_heading(day, texts)))
        fixed = max(head_h, cont_h) + self.table_head_h + lay.day_total_h + lay.day_gap
        parts: list[list[WorkRow]] = [[]]
        used = 0.0
        for row in rows:  # rows of different heights: fill each part to a page
            if parts[-1] and used + row.height > room - fixed:
                parts.append([])
                used = 0.0
            parts[-1].append(row)
            used += row.height
        if len(parts) > 1 and len(parts[-1]) == 1 and len(parts[-2]) > 2:
            parts[-1].insert(0, parts[-2].pop())  # no page left holding a lone row of the day
        return [
            DayBlock(
                iso,
                heading if i == 0 else continued,
                head_h if i == 0 else cont_h,
                tuple(part),
                no_lines,
                total if i == len(parts) - 1 else no_lines,
            )
            for i, part in enumerate(parts)
        ]


def paginate(
    blocks: list[DayBlock], layout: WorkLayout, room: float, table_head_h: float
) -> list[tuple[list[DayBlock], bool]]:
    """Share the day blocks among pages: (blocks, grand total?) for each page, top to bottom."""
    pages: list[tuple[list[DayBlock], bool]] = [([], False)]
    used = 0.0
    for block in blocks:
        height = block.height(layout, table_head_h)
        if used + height > room and pages[-1][0]:
            pages.append(([], False))
            used = 0.0
        pages[-1][0].append(block)
        used += height
    if used + layout.total_h > room:
        pages.append(([], False))
    pages[-1] = (pages[-1][0], True)
    return pages


def _treatments(days: tuple[WorkDay, ...], texts: Texts) -> tuple[str, ...]:
    """Each treatment on the list once: trial, drug, route, in the order they first appear."""
    seen: dict[tuple[str, str, str], None] = {}
    for day in days:
        for entry in day.entries:
            seen.setdefault(treatment(entry.regimen, entry, texts), None)
    return tuple(
        texts(
            "sheet.identity",
            trial=texts.field("trial", trial),
            drug=texts.field("drug", drug),
            route=texts.field("route", route),
        )
        for trial, drug, route in seen
    )


def worklist_for(days: tuple[WorkDay, ...], options: RenderOptions) -> PrintedWorklist:
    """The printed worklist of ``days`` as the render options ask for it: site, paper, stamp, second check."""
    return build_printed_worklist(
        days,
        options.texts,
        site=options.site,
        paper=options.paper,
        stamp=options.stamp,
        double_check=options.double_check,
    )


def build_printed_worklist(
    days: tuple[WorkDay, ...],
    texts: Texts,
    *,
    site: str,
    paper: str,
    stamp: dt.datetime,
    double_check: bool = False,
) -> PrintedWorklist:
    """The printed worklist of ``days``; raise :class:`SheetError` for an unknown paper or a bad site.

    ``double_check`` adds the second nurse's column (a regimen's own ``double_check`` does too).
    """
    sheet_paper = paper_named(paper)
    check_site(site)
    layout = LAYOUT
    regimens = [e.regimen for d in days for e in d.entries if e.regimen is not None]
    for regimen in {id(r): r for r in regimens}.values():
        check_regimen_drawable(regimen)
    double_check = double_check or any(r.double_check for r in regimens)
    _, probe = columns(texts, layout, code_line=False, double_check=double_check)
    room_for_code = next(c.width for c in probe if c.key == "patient") - 2 * layout.pad
    codes = {e.administration.patient for d in days for e in d.entries}
    code_line = any(width(code, layout.font_code, bold=True) > room_for_code for code in codes)
    specs, cols = columns(texts, layout, code_line=code_line, double_check=double_check)
    title = texts("worklist_title", first=texts.date(days[0].date), last=texts.date(days[-1].date))
    sample = texts("sheet.page", n=999, total=999)
    band = make_band(layout, "", title, (site, *_treatments(days, texts)), sample, whole=False)
    room = layout.room(sheet_paper) - band.used(layout)
    builder = _Builder(texts, layout, specs, cols, code_line)
    blocks = [block for day in days for block in builder.blocks(day, room)]
    drafts = paginate(blocks, layout, room, builder.table_head_h)
    pages = tuple(
        WorkPage(n, texts("sheet.page", n=n, total=len(drafts)), tuple(page_blocks), total)
        for n, (page_blocks, total) in enumerate(drafts, start=1)
    )
    total = count_line((e.administration for day in days for e in day.entries), texts, len(days))
    generated = texts("sheet.generated", date=stamp.date().isoformat(), version=__version__)
    return PrintedWorklist(
        lang=texts.lang,
        paper=sheet_paper,
        layout=layout,
        title=title,
        band=band,
        columns=cols,
        head=builder.head_tier,
        code_line=code_line,
        total=wrap(total, layout.content_width, 9.0, bold=True),
        generated=wrap(generated, layout.content_width * 0.75, layout.font_footer),
        pages=pages,
    )
