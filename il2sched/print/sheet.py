"""The printable administration sheet as data: one model, already localized and paginated, for HTML and PDF.

Both renderers draw exactly what this model says, on the pages it says, with the heights it says (all in
millimetres, :class:`~il2sched.print.sheet_pages.Layout`); the pages are shared out by
:mod:`.sheet_pages`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from il2sched import __version__
from il2sched.core.clock import clock_note, joined
from il2sched.core.closed_days import note
from il2sched.core.grid import MARKS, calendar_grid, marks_used
from il2sched.core.schedule import Administration, Schedule, Status
from il2sched.core.summary import cycle_heading, regimen_summary
from il2sched.core.texts import Texts
from il2sched.print.layout import MAX_CLOSURE_NAME, Column, Paper, check_length, check_site, clip, paper_named
from il2sched.print.sheet_pages import (
    LAYOUT,
    CycleBlock,
    Field,
    GridCell,
    GridRow,
    Layout,
    Page,
    Row,
    paginate,
)
from il2sched.sources.zones import dose_time

#: Longest user-supplied texts the header has room for (characters); longer ones are refused, not cut.
MAX_TRIAL = 20
MAX_DRUG = 40  # drug and brand together
MAX_TITLE = 120


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


def _remark(admin: Administration, texts: Texts, window: int, tz: str) -> str:
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
    # The sheet shows no planned time, but on a night the clocks change the nurse must know which hour.
    text = joined(text, clock_note(dose_time(admin.date, admin.time, tz), texts))
    return f"{symbol} {text}".strip()


def _row(admin: Administration, texts: Texts, window: int, tz: str) -> Row:
    loc = texts.locale
    day = admin.date
    return Row(
        date_lines=(texts.weekday(day), f"{day.day} {loc.months_wide[day.month - 1]}", str(day.year)),
        date_iso=day.isoformat(),
        cycle=str(admin.cycle),
        day=str(admin.cycle_day),
        study_day=str(admin.study_day),
        dose_lines=_dose_lines(admin.dose_iu, texts),
        remark=_remark(admin, texts, window, tz),
        status=str(admin.status),
    )


def build_sheet(schedule: Schedule, texts: Texts, *, site: str, paper: str, stamp: dt.datetime) -> Sheet:
    """The sheet for ``schedule``; raise :class:`SheetError` when a text cannot fit on it."""
    sheet_paper = paper_named(paper)
    regimen, plan, layout = schedule.regimen, schedule.plan, LAYOUT
    check_site(site)
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
    cycles = tuple(
        CycleBlock(
            cycle.number,
            cycle_heading(schedule, cycle, texts),
            tuple(_row(a, texts, cycle.window_days, schedule.plan.tz) for a in admins),
        )
        for cycle, admins in schedule.by_cycle()
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
    pages = paginate(layout, sheet_paper, grid, closed, cycles, texts)
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
        pages=pages,
    )
