"""The printable administration sheet as data: one model, already localized and paginated, for HTML and PDF.

Both renderers draw exactly what this model says, on the pages it says, with the heights it says (all in
millimetres, :class:`Layout`). Deciding the pages here, not in each renderer, is what makes a browser's print
of the HTML and our PDF agree page for page, and keeps every cycle's rows together.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from il2sched import __version__
from il2sched.errors import Il2schedError
from il2sched.export.rows import note
from il2sched.grid import MARKS, calendar_grid, marks_used
from il2sched.i18n import Texts
from il2sched.parsing import MAX_SITE
from il2sched.regimen import Regimen
from il2sched.schedule import Administration, Schedule, Status

#: Longest user-supplied texts the header has room for (characters); longer ones are refused, not cut.
MAX_TRIAL = 20
MAX_DRUG = 40  # drug and brand together
MAX_TITLE = 120
#: Closure names are cut to this length on the sheet (they come from holiday data or a closures file).
MAX_CLOSURE_NAME = 60


class SheetError(Il2schedError):
    """A text is too long or unprintable for the sheet."""


@dataclass(frozen=True, slots=True)
class Paper:
    """A sheet of paper, portrait, in millimetres."""

    name: str
    width: float
    height: float


PAPERS = {"a4": Paper("a4", 210.0, 297.0), "letter": Paper("letter", 215.9, 279.4)}


@dataclass(frozen=True, slots=True)
class PageLayout:
    """The page geometry every printed document shares, in millimetres, so they print alike."""

    margin_y: float = 12.0
    content_width: float = 186.0  # the same on A4 and letter: letter just has wider side margins

    def margin_x(self, paper: Paper) -> float:
        """The left and right margin that centres the content on ``paper``."""
        return round((paper.width - self.content_width) / 2, 2)


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
    footer_h: float = 17.0
    # Room left unused at the foot of every page: a browser's rounding never pushes a block over.
    safety: float = 4.0
    font_title: float = 13.0
    font_text: float = 8.0
    font_small: float = 6.5
    font_cell: float = 7.5

    def page_content_h(self, paper: Paper) -> float:
        """The height between the top and bottom margins."""
        return paper.height - 2 * self.margin_y

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
class Column:
    """A column of the administration record."""

    key: str
    label: str
    width: float  # millimetres


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


@dataclass(frozen=True, slots=True)
class Sheet:
    """A complete, localized, paginated administration sheet."""

    lang: str
    paper: Paper
    layout: Layout
    title: str
    subtitle: str
    fields: tuple[tuple[Field, ...], ...]  # rows of header boxes
    summary: Field
    grid_title: str
    weekdays: tuple[str, ...]
    legend_title: str
    legend: tuple[tuple[str, str], ...]  # (symbol, meaning)
    legend_line: str  # "Legend: * dosing day   H dose on a public holiday"
    closed_title: str
    record_title: str
    columns: tuple[Column, ...]
    given_choices: tuple[str, str]
    site_choices: tuple[tuple[str, ...], tuple[str, ...]]  # (abdomen, thigh, arm), (left, right)
    time_sep: str
    total: str
    prescriber: str
    verified: str
    generated: str
    pages: tuple[Page, ...]


def _cell_widths(layout: Layout) -> dict[str, float]:
    widths = {
        "date": 23.0,
        "cycle": 9.0,
        "day": 8.0,
        "study_day": 11.0,
        "dose": 18.0,
        "given": 16.0,
        "time": 12.0,
        "site": 28.0,
        "lot": 18.0,
        "initials": 14.0,
    }
    widths["remarks"] = layout.content_width - sum(widths.values())
    return widths


def join_words(items: Sequence[str], texts: Texts) -> str:
    """Join items the way people write lists: "1, 3, 6 and 9" / "1, 3, 6 et 9"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {texts('sheet.and')} {items[-1]}"


def _days_phrase(weekdays: tuple[int, ...], texts: Texts) -> str:
    names = texts.locale.days_wide
    consecutive = all(b - a == 1 for a, b in itertools.pairwise(weekdays))
    if len(weekdays) >= 3 and consecutive:
        return texts("sheet.day_range", first=names[weekdays[0]], last=names[weekdays[-1]])
    return join_words([names[d] for d in weekdays], texts)


def regimen_summary(regimen: Regimen, texts: Texts) -> str:
    """The regimen in one sentence, built from its cycles (so a user regimen reads as truly as ours)."""
    by_days: dict[tuple[int, ...], list[str]] = {}
    by_dose: dict[int, list[str]] = {}
    for cycle in regimen.cycles:
        by_days.setdefault(cycle.weekdays, []).append(str(cycle.week))
        by_dose.setdefault(cycle.dose_iu, []).append(str(cycle.week))
    days = ", ".join(
        texts.plural(
            "sheet.days_of_week",
            len(weeks),
            days=_days_phrase(wd, texts),
            weeks=join_words(weeks, texts),
        )
        for wd, weeks in by_days.items()
    )
    doses = ", ".join(
        texts.plural("sheet.dose_in_week", len(weeks), dose=texts.dose(dose), weeks=join_words(weeks, texts))
        for dose, weeks in by_dose.items()
    )
    return texts(
        "sheet.summary",
        cycles=texts.plural("sheet.cycles", len(regimen.cycles)),
        days=days,
        doses=doses,
        count=texts.plural("sheet.administrations", regimen.administrations),
        total=texts.dose(regimen.total_dose_iu),
    )


def check_length(what: str, value: str, limit: int) -> str:
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise SheetError(f"{what} contains a control character such as a line break; write it on one line")
    if len(value) > limit:
        raise SheetError(
            f"{what} is {len(value)} characters long but the printed sheet has room for {limit}; shorten it"
        )
    return value


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _dose_lines(dose_iu: int, texts: Texts) -> tuple[str, ...]:
    # Break "3 millions d'unités" after "millions": the dose column is narrow, the number must stay whole.
    words = texts.dose(dose_iu).split(" ")
    if len(words) >= 3:
        return (" ".join(words[:2]), " ".join(words[2:]))
    return (" ".join(words),)


def _grid(schedule: Schedule, texts: Texts) -> tuple[tuple[GridRow, ...], tuple[tuple[str, str], ...]]:
    weeks = calendar_grid(schedule)
    rows = []
    for week in weeks:
        cells = []
        for cell in week.cells:
            admin = cell.administration
            lines: tuple[str, ...] = ()
            if admin is not None and admin.status is Status.SKIPPED:
                lines = (texts.status(Status.SKIPPED),)
            elif admin is not None:
                lines = _dose_lines(admin.dose_iu, texts)
            elif cell.closure is not None:
                lines = (texts.status("holiday" if cell.closure.kind == "holiday" else "closed"),)
            symbol = MARKS[cell.mark] if cell.mark else ""
            dosing = admin is not None and admin.given
            cells.append(GridCell(texts.day_month(cell.date), symbol, lines, dosing))
        rows.append(GridRow(f"{texts('week')} {week.number}", tuple(cells)))
    legend = tuple((MARKS[m], texts(f"mark.{m}")) for m in marks_used(weeks))
    return tuple(rows), legend


def _remark(admin: Administration, texts: Texts, window: int) -> str:
    symbol = MARKS.get(str(admin.status), "") if admin.status is not Status.PLANNED else ""
    text = note(admin, texts, window)
    if admin.status in (Status.HOLIDAY, Status.CLOSED):
        text = (
            texts("sheet.label_value", label=texts.status(admin.status), value=text)
            if text
            else texts.status(admin.status)
        )
    if admin.reason is not None:
        text = text.replace(admin.reason.name, clip(admin.reason.name, MAX_CLOSURE_NAME // 2))
    return f"{symbol} {text}".strip()


def _row(admin: Administration, texts: Texts, window: int) -> Row:
    loc = texts.locale
    day = admin.date
    return Row(
        date_lines=(texts.weekday(day), f"{day.day} {loc.months_wide[day.month - 1]}", str(day.year)),
        date_iso=day.isoformat(),
        cycle=str(admin.cycle),
        day=str(admin.cycle_day),
        study_day=str(admin.study_day),
        dose_lines=_dose_lines(admin.dose_iu, texts),
        remark=_remark(admin, texts, window),
        status=str(admin.status),
    )


def build_sheet(schedule: Schedule, texts: Texts, *, site: str, paper: str, stamp: dt.datetime) -> Sheet:
    """The sheet for ``schedule``; raise :class:`SheetError` when a text cannot fit on it."""
    if paper not in PAPERS:
        raise SheetError(f"unknown paper {paper!r}; use one of: {', '.join(PAPERS)}")
    regimen, plan, layout = schedule.regimen, schedule.plan, LAYOUT
    check_length("--site", site, MAX_SITE)
    check_length("the regimen's trial_id", regimen.trial_id, MAX_TRIAL)
    check_length("the regimen's local_code", regimen.local_code, MAX_TRIAL)
    drug = f"{regimen.drug} ({regimen.brand})" if regimen.brand else regimen.drug
    check_length("the regimen's drug and brand", drug, MAX_DRUG)
    check_length("the regimen's title", regimen.title, MAX_TITLE)
    trial = (
        texts("sheet.local_code", trial=regimen.trial_id, code=regimen.local_code)
        if regimen.local_code
        else regimen.trial_id
    )
    w = layout.content_width
    fields = (
        (
            Field("trial", texts("trial"), trial, 62.0),
            Field("drug", texts("drug"), drug, 62.0),
            Field("route", texts("route"), texts.route(regimen.route), 31.0),
            Field("patient", texts("patient"), plan.patient, w - 155.0),
        ),
        (
            Field("site", texts("sheet.site"), site, 124.0),
            Field("start", texts("start"), texts.date_long(plan.start), w - 124.0),
        ),
    )
    summary = Field("regimen", texts("regimen"), regimen_summary(regimen, texts), w)
    grid, legend = _grid(schedule, texts)
    closed = tuple(
        f"{texts.date(day)} – {clip(c.name, MAX_CLOSURE_NAME)}" for day, c in schedule.closures_met()
    )
    window = regimen.max_cycle_days
    cycles = tuple(
        CycleBlock(
            cycle.number,
            f"{texts('cycle_n', cycle=cycle.number)} · {texts('week_n', week=cycle.week)} · "
            f"{texts('per_day', dose=texts.dose(cycle.dose_iu))}",
            tuple(_row(a, texts, window) for a in schedule.administrations if a.cycle == cycle.number),
        )
        for cycle in regimen.cycles
    )
    skipped = len(schedule.administrations) - len(schedule.given)
    total_dose = texts.dose(schedule.total_dose_iu)
    total = (
        texts("total_given", count=len(schedule.given), dose=total_dose, skipped=skipped)
        if skipped
        else texts("total", count=len(schedule.given), dose=total_dose)
    )
    widths = _cell_widths(layout)
    columns = tuple(Column(key, texts(f"sheet.col.{key}"), widths[key]) for key in widths)
    sheet_paper = PAPERS[paper]
    pages = paginate(layout, sheet_paper, grid, len(closed), cycles, texts)
    return Sheet(
        lang=texts.lang,
        paper=sheet_paper,
        layout=layout,
        title=texts("sheet.title"),
        subtitle=regimen.title,
        fields=fields,
        summary=summary,
        grid_title=texts("grid_title", weeks=len(grid)),
        weekdays=tuple(texts.locale.days_wide),
        legend_title=texts("grid_legend"),
        legend=legend,
        legend_line=texts.field("grid_legend", "   ".join(f"{sym} {meaning}" for sym, meaning in legend)),
        closed_title=texts("closed_days"),
        record_title=texts("sheet.record"),
        columns=columns,
        given_choices=(texts("sheet.yes"), texts("sheet.no")),
        site_choices=(
            (texts("sheet.abdomen"), texts("sheet.thigh"), texts("sheet.arm")),
            (texts("sheet.left"), texts("sheet.right")),
        ),
        time_sep=texts("sheet.time_sep"),
        total=total,
        prescriber=texts("sheet.prescriber"),
        verified=texts("sheet.verified"),
        generated=texts("sheet.generated", date=stamp.date().isoformat(), version=__version__),
        pages=_with_closed(pages, closed),
    )


@dataclass
class _Draft:
    header: bool = False
    grid: list[GridRow] | None = None
    legend: bool = False
    closed: int = 0  # how many closed-day lines (filled in with text afterwards)
    cycles: list[CycleBlock] | None = None
    total: bool = False
    used: float = 0.0


def paginate(
    layout: Layout,
    paper: Paper,
    grid: tuple[GridRow, ...],
    closed_lines: int,
    cycles: tuple[CycleBlock, ...],
    texts: Texts,
) -> tuple[Page, ...]:
    """Share the blocks out among pages, top to bottom; a cycle always stays whole on one page."""
    room = layout.page_content_h(paper) - layout.footer_h - layout.safety
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
    left = closed_lines
    while left:
        page = drafts[-1]
        count = min(left, int((room - page.used - layout.closed_head_h) // layout.closed_line_h))
        if count <= 0:
            new_page()
            continue
        page.closed = count
        page.used += layout.closed_head_h + count * layout.closed_line_h
        left -= count
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
            closed=("",) * d.closed,
            cycles=tuple(d.cycles or ()),
            total=d.total,
        )
        for n, d in enumerate(drafts, start=1)
    )


def _with_closed(pages: tuple[Page, ...], closed: tuple[str, ...]) -> tuple[Page, ...]:
    out, index = [], 0
    for page in pages:
        count = len(page.closed)
        out.append(
            Page(
                page.number,
                page.label,
                page.header,
                page.grid,
                page.legend,
                closed[index : index + count],
                page.cycles,
                page.total,
            )
        )
        index += count
    return tuple(out)
