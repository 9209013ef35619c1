"""The printable administration sheet as data: one model, already localized and paginated, for HTML and PDF.

Both renderers draw exactly what this model says, on the pages it says, with the lines and heights it says
(millimetres, :class:`~il2sched.print.sheet_pages.Layout`). Every page carries the running header (patient
code, trial, drug, route); the first page has a box for the hospital's patient label, the prescription's
boxes, the calendar; the record follows (:mod:`.sheet_record`); the pages are shared out by
:mod:`.sheet_pages`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from il2sched import __version__
from il2sched.core.grid import MARKS, calendar_grid, marks_used
from il2sched.core.options import RenderOptions
from il2sched.core.period import Period, closures_in, period_line, weeks_in
from il2sched.core.period import grid_title as title_of_grid
from il2sched.core.reconcile import Reconciliation
from il2sched.core.schedule import Schedule, Status
from il2sched.core.summary import basis_text, regimen_summary, total_line
from il2sched.core.texts import Texts
from il2sched.print import sheet_record
from il2sched.print.cells import Tier, head_tier
from il2sched.print.fonts import Lines, wrap
from il2sched.print.layout import (
    MAX_CLOSURE_NAME,
    Band,
    Column,
    PageLayout,
    Paper,
    check_length,
    check_regimen_drawable,
    check_site,
    clip,
    make_band,
    paper_named,
    regimen_text,
)
from il2sched.print.sheet_pages import (
    LAYOUT,
    Blocks,
    Field,
    FieldRow,
    GridCell,
    GridItem,
    GridMonth,
    GridRow,
    Header,
    Layout,
    Page,
    paginate,
)

#: Longest user-supplied texts the header has room for (characters); longer ones are refused, not cut.
MAX_TRIAL = 20
MAX_DRUG = 40  # drug and brand together
MAX_TITLE = 120
#: The widest page number the running header keeps room for.
PAGE_SAMPLE = 999


@dataclass(frozen=True, slots=True)
class Sheet:
    """A complete, localized, paginated administration sheet."""

    lang: str
    paper: Paper
    layout: Layout
    band: Band
    header: Header
    grid_title: str
    grid_title_continued: str
    weekdays: tuple[str, ...]
    legend: tuple[tuple[str, str], ...]  # (symbol, meaning)
    legend_lines: Lines
    closed_title: str
    record_title: str
    columns: tuple[Column, ...]
    head: Tier  # the column headings, as cells
    total: Lines
    generated: Lines
    blocks: Blocks
    pages: tuple[Page, ...]


def _dose_lines(dose_iu: int, texts: Texts, width: float, layout: Layout) -> tuple[str, ...]:
    return wrap(texts.dose(dose_iu), width, layout.font_label).lines


def _grid(
    schedule: Schedule, texts: Texts, layout: Layout, period: Period | None = None
) -> tuple[tuple[GridItem, ...], tuple[tuple[str, str], ...]]:
    """The calendar: weeks (those of ``period``) under the heading of the month they start in; the year in
    every cell when the schedule crosses New Year."""
    weeks = weeks_in(calendar_grid(schedule), period)
    crosses = schedule.first_date.year != schedule.last_date.year
    cell_w = (layout.content_width - layout.grid_label_w) / 7 - 2 * layout.pad - 0.2
    items: list[GridItem] = []
    month: tuple[int, int] | None = None
    for week in weeks:
        monday = week.cells[0].date
        if (monday.year, monday.month) != month:
            month = (monday.year, monday.month)
            title = texts.month_year(monday)
            items.append(GridMonth(title[:1].upper() + title[1:]))
        cells = []
        for cell in week.cells:
            if not cell.in_study:  # a day of week 1 before the start date: blank
                cells.append(GridCell("", "", (), False))
                continue
            admin = cell.administration
            lines: tuple[str, ...] = ()
            if admin is not None and admin.status is Status.SKIPPED:
                lines = (texts.status(Status.SKIPPED),)
            elif admin is not None:
                lines = _dose_lines(admin.dose_iu, texts, cell_w, layout)
            elif cell.closure is not None:
                lines = (texts.status("holiday" if cell.closure.kind == "holiday" else "closed"),)
            day = texts.day_month(cell.date) + (f" {cell.date.year}" if crosses else "")
            symbol = MARKS[cell.mark] if cell.mark else ""
            cells.append(GridCell(day, symbol, lines[:2], admin is not None and admin.given))
        items.append(GridRow(f"{texts('week')} {week.number}", tuple(cells)))
    legend = tuple((MARKS[m], texts(f"mark.{m}")) for m in marks_used(weeks))
    return tuple(items), legend


def _field(key: str, label: str, value: str, width: float, layout: Layout) -> Field:
    room = width - 2 * layout.field_pad
    return Field(
        key,
        wrap(label, room, layout.font_label),
        wrap(value, room, layout.font_text, bold=True),
        width,
    )


def _field_row(fields: tuple[Field, ...], layout: Layout, *, blank: bool = False) -> FieldRow:
    tallest = max(f.label.height + f.value.height for f in fields) + 2 * layout.field_pad
    return FieldRow(fields, round(max(tallest, layout.blank_h if blank else 0.0), 2))


def _header(schedule: Schedule, texts: Texts, layout: Layout, site: str) -> Header:
    regimen, plan, lay = schedule.regimen, schedule.plan, layout
    left = lay.content_width - lay.label_box_w - lay.label_gap
    narrow = 44.0
    trial = (
        texts("sheet.local_code", trial=regimen.trial_id, code=regimen.local_code)
        if regimen.local_code
        else regimen.trial_id
    )
    rows = (
        _field_row(
            (
                _field("trial", texts("trial"), trial, left - narrow, lay),
                _field("route", texts("route"), texts.route(regimen.route), narrow, lay),
            ),
            lay,
        ),
        _field_row((_field("drug", texts("drug"), _drug(schedule, texts), left, lay),), lay),
        _field_row(
            (
                _field("site", texts("sheet.site"), site, left - narrow, lay),
                _field("start", texts("start"), texts.date_long(plan.start), narrow, lay),
            ),
            lay,
        ),
    )
    w = lay.content_width
    wide = [_field_row((_field("regimen", texts("regimen"), regimen_summary(regimen, texts), w, lay),), lay)]
    basis = basis_text(schedule, texts)  # a body-size dose: how it was computed for this patient
    if basis:
        wide.append(_field_row((_field("basis", texts("basis.label"), basis, w, lay),), lay))
    delays = sheet_record.delays_text(schedule, texts)
    if delays:
        wide.append(_field_row((_field("delays", texts("sheet.delays"), delays, w, lay),), lay))
    signed = (
        _field("prescriber", texts("sheet.prescriber"), "", 70.0, lay),
        _field("prescribed_on", texts("sheet.prescribed_on"), "", 34.0, lay),
        _field("verified", texts("sheet.verified"), "", w - 104.0, lay),
    )
    wide.append(_field_row(signed, lay, blank=True))
    title = wrap(texts("sheet.title"), left, lay.font_title, bold=True)
    subtitle = wrap(regimen.title_in(texts.lang), left, lay.font_text)
    left_h = title.height + 1.0 + subtitle.height + 1.5 + sum(r.height for r in rows)
    label_h = max(lay.label_box_min_h, left_h)
    # The last boxes stretch to the label box's foot: one clean edge above the wide boxes.
    last = rows[-1]
    rows = (*rows[:-1], FieldRow(last.fields, round(last.height + label_h - left_h, 2)))
    height = label_h + sum(r.height for r in wide) + lay.gap
    return Header(
        title=title,
        subtitle=subtitle,
        rows=rows,
        label=wrap(texts("sheet.patient_label"), lay.label_box_w - 2 * lay.field_pad, lay.font_label),
        label_w=lay.label_box_w,
        label_h=round(label_h, 2),
        wide=tuple(wide),
        height=round(height, 2),
    )


def _drug(schedule: Schedule, texts: Texts) -> str:
    regimen = schedule.regimen
    drug = regimen.drug_in(texts.lang)
    return f"{drug} ({regimen.brand})" if regimen.brand else drug


def _check(schedule: Schedule, site: str) -> None:
    regimen = check_regimen_drawable(schedule.regimen)
    check_site(site)
    check_length(regimen_text("trial_id"), regimen.trial_id, MAX_TRIAL)
    check_length(regimen_text("local_code"), regimen.local_code, MAX_TRIAL)
    for lang in ("en", "fr"):
        drug = regimen.drug_in(lang)
        check_length(
            regimen_text("drug and brand"), f"{drug} ({regimen.brand})" if regimen.brand else drug, MAX_DRUG
        )
        check_length(regimen_text("title"), regimen.title_in(lang), MAX_TITLE)


def band_for(schedule: Schedule, texts: Texts, layout: PageLayout, period: Period | None = None) -> Band:
    """The running header of every page: the patient code, the trial, drug and route, and for a period of
    a long course which doses the sheet holds ("Doses 36 to 65 of 1,096 (...)")."""
    regimen = schedule.regimen
    trial = f"{regimen.trial_id} ({regimen.local_code})" if regimen.local_code else regimen.trial_id
    identity = texts(
        "sheet.identity",
        trial=texts.field("trial", trial),
        drug=texts.field("drug", _drug(schedule, texts)),
        route=texts.field("route", texts.route(regimen.route)),
    )
    label = texts.labelled(texts("patient"), "").rstrip()
    sample = texts("sheet.page", n=PAGE_SAMPLE, total=PAGE_SAMPLE)
    details = (identity, period_line(schedule, period, texts)) if period is not None else (identity,)
    return make_band(layout, label, schedule.plan.shown_patient, details, sample, whole=True)


def sheet_for(schedule: Schedule, options: RenderOptions) -> Sheet:
    """The sheet of ``schedule`` as the render options ask for it: site, paper, stamp, second check."""
    return build_sheet(
        schedule,
        options.texts,
        site=options.site,
        paper=options.paper,
        stamp=options.stamp,
        double_check=options.double_check,
        period=options.period,
        record=options.record,
    )


def build_sheet(
    schedule: Schedule,
    texts: Texts,
    *,
    site: str,
    paper: str,
    stamp: dt.datetime,
    double_check: bool = False,
    period: Period | None = None,
    record: Reconciliation | None = None,
) -> Sheet:
    """The sheet for ``schedule``; raise :class:`SheetError` when a text cannot fit on it.

    ``double_check`` adds the second nurse's column (the regimen's own ``double_check`` does too). A
    ``period`` keeps the identity, the regimen and the whole course's totals, and shows that period's
    calendar weeks, closed days and doses, every page saying which doses of how many. A ``record`` (the
    ward record's reconciliation) prints each recorded dose's boxes, shaded, and its deviations under it.
    """
    sheet_paper, layout, regimen = paper_named(paper), LAYOUT, schedule.regimen
    _check(schedule, site)
    band = band_for(schedule, texts, layout, period)
    header = _header(schedule, texts, layout, site)
    grid, legend = _grid(schedule, texts, layout, period)
    room = layout.content_width - 2 * layout.pad
    legend_lines = wrap(
        texts.field("grid_legend", "   ".join(f"{sym} {meaning}" for sym, meaning in legend)),
        room,
        layout.font_label,
    )
    closed = tuple(
        wrap(f"{texts.date(day)} – {clip(c.name, MAX_CLOSURE_NAME)}", room - 2, layout.font_label)
        for day, c in closures_in(schedule, period)
    )
    timed = any(a.time is not None for a in schedule.administrations)
    specs = sheet_record.record_columns(double_check=double_check or regimen.double_check)
    cols = sheet_record.columns(specs, texts, layout, timed=timed)
    head = head_tier(specs, cols, texts, layout.pad, styled=True)
    blocks = Blocks(
        band_h=band.used(layout),
        header_h=header.height,
        grid=grid,
        legend_h=round(legend_lines.height + 2 * layout.legend_pad, 2),
        closed=closed,
        record_head_h=layout.section_title_h + head.height,
        cycles=sheet_record.cycle_blocks(
            schedule, texts, layout, specs, cols, period, {d.ref: d for d in record.doses} if record else None
        ),
    )
    total = total_line(schedule, texts)
    version = (
        texts("sheet.regimen_version", id=regimen.id, version=regimen.version)
        if regimen.version
        else texts("sheet.regimen_id", id=regimen.id)
    )
    generated = texts("sheet.generated", date=stamp.date().isoformat(), version=__version__) + f" · {version}"
    grid_title = title_of_grid(weeks_in(calendar_grid(schedule), period), period, texts)
    return Sheet(
        lang=texts.lang,
        paper=sheet_paper,
        layout=layout,
        band=band,
        header=header,
        grid_title=grid_title,
        grid_title_continued=texts("sheet.continued", title=grid_title),
        weekdays=tuple(texts.locale.days_wide),
        legend=legend,
        legend_lines=legend_lines,
        closed_title=texts("closed_days"),
        record_title=texts("sheet.record_from", title=texts("sheet.record"), day=texts.date(record.today))
        if record
        else texts("sheet.record"),
        columns=cols,
        head=head,
        total=wrap(total, room, layout.font_text, bold=True),
        generated=wrap(generated, layout.content_width * 0.75, layout.font_footer),
        blocks=blocks,
        pages=paginate(layout, sheet_paper, blocks, texts("sheet.page", n="{n}", total="{total}")),
    )
