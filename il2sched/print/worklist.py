"""The printed worklist as data: localized, paginated in millimetres, drawn as it is by HTML and PDF.

Like the administration sheet (:mod:`.sheet`), the pages are decided here, once, so a browser's print of
the HTML and our PDF agree page for page. A day's rows stay on one page; only a day longer than a whole
page is split, and then every part repeats the day's heading (marked as continued) and the table header.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from il2sched import __version__
from il2sched.core.clock import clock_note, joined, shown_time
from il2sched.core.closed_days import note
from il2sched.core.texts import Texts
from il2sched.core.worklist import Entry, WorkDay
from il2sched.print.layout import MAX_CLOSURE_NAME, Column, PageLayout, Paper, check_site, clip, paper_named
from il2sched.sources.zones import dose_time


@dataclass(frozen=True, slots=True)
class WorkLayout(PageLayout):
    """Every size both worklist renderers use, in millimetres (font sizes in points)."""

    title_h: float = 9.0
    site_h: float = 6.0
    gap: float = 2.0
    day_head_h: float = 8.0
    table_head_h: float = 7.0
    row_h: float = 8.0  # room to write a time and initials by hand
    none_h: float = 6.0
    day_total_h: float = 5.0
    day_gap: float = 3.0
    total_h: float = 7.0
    footer_h: float = 7.0
    font_title: float = 13.0
    font_text: float = 8.0
    font_head: float = 6.5
    font_cell: float = 7.5
    font_note: float = 6.5


LAYOUT = WorkLayout()

#: Column key -> width in millimetres; "given", "time_given" and "initials" are left empty for the nurse.
WIDTHS = {
    "time": 12.0,
    "patient": 22.0,
    "dose": 29.0,
    "cycle": 21.0,
    "study_day": 12.0,
    "status": 19.0,
    "note": 30.0,
    "given": 16.0,
    "time_given": 13.0,
    "initials": 12.0,
}
#: Where each column's heading comes from in :mod:`il2sched.core.phrases`.
_LABELS = {
    "given": "sheet.col.given",
    "time_given": "sheet.col.time",
    "initials": "sheet.col.initials",
}
#: The columns the nurse fills in.
BLANK = ("given", "time_given", "initials")


@dataclass(frozen=True, slots=True)
class WorkRow:
    """One administration due, as printed."""

    time: str
    patient: str
    dose: str
    cycle: str
    study_day: str
    status: str  # in words
    status_key: str  # planned, holiday, shifted, skipped...
    note: str
    given: bool  # a dose to give: the row carries boxes; a skipped dose gets a dash instead

    def cell(self, key: str) -> str:
        """The printed text of column ``key`` (empty for the columns the nurse fills in)."""
        if key in BLANK:
            return ""
        value: str = getattr(self, key)
        return value


@dataclass(frozen=True, slots=True)
class DayBlock:
    """A day, or one part of a day too long for a page: heading, table, and what closes it."""

    date_iso: str
    heading: str  # the full date, its closures, "(continued)" on a later part
    rows: tuple[WorkRow, ...]
    none: str  # "no administration" on a day without any, else ""
    total: str  # the day's count, on its last part, else ""

    def height(self, layout: WorkLayout) -> float:
        """The height this block takes on the page."""
        body = layout.table_head_h + len(self.rows) * layout.row_h if self.rows else layout.none_h
        return layout.day_head_h + body + (layout.day_total_h if self.total else 0.0) + layout.day_gap


@dataclass(frozen=True, slots=True)
class WorkPage:
    """What one page holds, top to bottom."""

    number: int
    label: str  # "Page 1 / 2"
    title: bool
    days: tuple[DayBlock, ...]
    total: bool


@dataclass(frozen=True, slots=True)
class PrintedWorklist:
    """A complete, localized, paginated worklist."""

    lang: str
    paper: Paper
    layout: WorkLayout
    title: str
    site: str
    columns: tuple[Column, ...]
    dash: str
    total: str
    generated: str
    pages: tuple[WorkPage, ...]


def _row(entry: Entry, texts: Texts) -> WorkRow:
    a = entry.administration
    local = dose_time(a.date, a.time, entry.tz)
    return WorkRow(
        time=texts.time(shown_time(local)),
        patient=a.patient,
        dose=texts.dose(a.dose_iu),
        cycle=texts("cycle_day", cycle=a.cycle, day=a.cycle_day),
        study_day=str(a.study_day),
        status=texts.status(a.status),
        status_key=str(a.status),
        note=joined(note(a, texts, entry.window), clock_note(local, texts)),
        given=a.given,
    )


def _heading(day: WorkDay, texts: Texts) -> str:
    heading = texts.date_long(day.date)
    if day.closures:
        heading += " – " + "; ".join(
            texts.labelled(texts.status(c.kind), clip(c.name, MAX_CLOSURE_NAME)) for c in day.closures
        )
    return heading


def _blocks(day: WorkDay, texts: Texts, layout: WorkLayout, room: float) -> list[DayBlock]:
    """The day as one block, or as parts of at most a page each when it cannot fit on one page."""
    heading, iso = _heading(day, texts), day.date.isoformat()
    if not day.entries:
        return [DayBlock(iso, heading, (), texts("worklist_none"), "")]
    rows = tuple(_row(e, texts) for e in day.entries)
    total = texts.plural("sheet.administrations", sum(1 for e in day.entries if e.administration.given))
    whole = DayBlock(iso, heading, rows, "", total)
    if whole.height(layout) <= room:
        return [whole]
    fixed = layout.day_head_h + layout.table_head_h + layout.day_total_h + layout.day_gap
    per_page = max(1, int((room - fixed) // layout.row_h))
    # As few parts as pages need, of even length: no page left holding a lone row or two of the day.
    count = -(-len(rows) // per_page)
    size = -(-len(rows) // count)
    parts = [rows[i : i + size] for i in range(0, len(rows), size)]
    continued = texts("worklist.continued", day=heading)
    return [
        DayBlock(
            iso,
            heading if i == 0 else continued,
            part,
            "",
            total if i == len(parts) - 1 else "",
        )
        for i, part in enumerate(parts)
    ]


def paginate(
    blocks: list[DayBlock], layout: WorkLayout, paper: Paper, *, site: bool
) -> list[tuple[bool, list[DayBlock], bool]]:
    """Share the day blocks among pages: (title?, blocks, grand total?) for each page, top to bottom."""
    room = layout.room(paper)
    pages: list[tuple[bool, list[DayBlock], bool]] = [(True, [], False)]
    used = layout.title_h + (layout.site_h if site else 0.0) + layout.gap
    for block in blocks:
        height = block.height(layout)
        if used + height > room and pages[-1][1]:
            pages.append((False, [], False))
            used = 0.0
        pages[-1][1].append(block)
        used += height
    if used + layout.total_h > room:
        pages.append((False, [], False))
    title, last, _ = pages[-1]
    pages[-1] = (title, last, True)
    return pages


def build_printed_worklist(
    days: tuple[WorkDay, ...], texts: Texts, *, site: str, paper: str, stamp: dt.datetime
) -> PrintedWorklist:
    """The printed worklist of ``days``; raise :class:`SheetError` for an unknown paper or a bad site."""
    sheet_paper = paper_named(paper)
    check_site(site)
    layout = LAYOUT
    room = layout.room(sheet_paper)
    blocks = [block for day in days for block in _blocks(day, texts, layout, room)]
    drafts = paginate(blocks, layout, sheet_paper, site=bool(site))
    count = sum(1 for day in days for e in day.entries if e.administration.given)
    pages = tuple(
        WorkPage(n, texts("sheet.page", n=n, total=len(drafts)), title, tuple(page_blocks), total)
        for n, (title, page_blocks, total) in enumerate(drafts, start=1)
    )
    columns = tuple(Column(k, texts(_LABELS.get(k, k)), w) for k, w in WIDTHS.items())
    return PrintedWorklist(
        lang=texts.lang,
        paper=sheet_paper,
        layout=layout,
        title=texts("worklist_title", first=texts.date(days[0].date), last=texts.date(days[-1].date)),
        site=site,
        columns=columns,
        dash="–",
        total=texts(
            "worklist.total",
            administrations=texts.plural("sheet.administrations", count),
            days=texts.plural("worklist.days", len(days)),
        ),
        generated=texts("sheet.generated", date=stamp.date().isoformat(), version=__version__),
        pages=pages,
    )
