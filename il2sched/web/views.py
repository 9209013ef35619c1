"""What the pages show, as plain values: a schedule's preview and a worklist, worded by the outputs' own
:class:`~il2sched.core.texts.Texts` (doses in words, dates with the month in letters, statuses, notes).

Pure: models in, values out; the templates only lay them out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from il2sched.core.closed_days import note, status_words
from il2sched.core.grid import MARKS, Cell, calendar_grid, marks_used
from il2sched.core.parsing import duration_text
from il2sched.core.period import Period, closures_in, grid_title, period_line, shown, weeks_in
from il2sched.core.schedule import Administration, Schedule, Status
from il2sched.core.summary import count_line, total_line
from il2sched.core.texts import Texts
from il2sched.core.worklist import WorkDay
from il2sched.web.phrases import PAGE_PHRASES


@dataclass(frozen=True, slots=True)
class Row:
    """One administration as the preview lists it."""

    iso: str
    date: str
    cycle_day: str
    study_day: int
    time: str
    dose: str
    status: str  # in words: what a dose needs from a person when it needs one ("Investigator to decide")
    status_key: str
    note: str
    patient: str = ""
    attention: str = ""  # "to_decide", "check" or "": the row says its status as large as its dose


@dataclass(frozen=True, slots=True)
class GridCell:
    """One day of the calendar grid: its day of month, its mark, and a sentence saying what it is."""

    iso: str
    day: int
    mark: str | None
    symbol: str
    dose: str
    label: str


@dataclass(frozen=True, slots=True)
class GridWeek:
    """One protocol week of the grid."""

    label: str
    span: str
    cells: tuple[GridCell, ...]


@dataclass(frozen=True, slots=True)
class Preview:
    """One patient's schedule as the page shows it."""

    heading: tuple[str, str, str]  # before the patient's code, the code, after it (never broken)
    facts: tuple[tuple[str, str, bool], ...]  # (label, value, the value is a code never broken)
    rows: tuple[Row, ...]
    conflicts: tuple[Row, ...]
    total: str
    grid_title: str
    weekdays: tuple[str, ...]
    weeks: tuple[GridWeek, ...]
    legend: tuple[tuple[str, str, str], ...]  # (mark, symbol, meaning)
    closed_days: tuple[tuple[str, str], ...]  # (date, name)


def row(admin: Administration, texts: Texts, window: int) -> Row:
    """An administration in words."""
    return Row(
        iso=admin.date.isoformat(),
        date=texts.date(admin.date),
        cycle_day=texts("cycle_day", cycle=admin.cycle, day=admin.cycle_day),
        study_day=admin.study_day,
        time=texts.time(admin.time),
        dose=texts.dose(admin.dose_iu),
        status=status_words(admin, texts),
        status_key=str(admin.status),
        note=note(admin, texts, window, words=False),
        patient=admin.patient,
        attention=str(admin.attention or ""),
    )


def preview(schedule: Schedule, texts: Texts, period: Period | None = None) -> Preview:
    """The preview of ``schedule``: its administrations, the doses closed days affect, and the grid (those of
    ``period`` when the page asks for one, with which doses of how many)."""
    regimen, plan = schedule.regimen, schedule.plan
    rows = tuple(row(a, texts, regimen.window_days(a.cycle)) for a in shown(schedule, period))
    drug, title = regimen.drug_in(texts.lang), regimen.title_in(texts.lang)
    facts = (
        (texts("patient"), plan.shown_patient, True),
        (texts("start"), texts.date(plan.start), False),
        (texts("trial"), f"{regimen.trial_id} – {title}", False),
        (texts("drug"), f"{drug}{f' ({regimen.brand})' if regimen.brand else ''}", False),
        (texts("route"), texts.route(regimen.route), False),
    ) + ((("", period_line(schedule, period, texts), False),) if period is not None else ())
    grid = weeks_in(calendar_grid(schedule), period)
    before, _, after = texts("calendar_name", drug=drug, patient="\0", trial=regimen.trial_id).partition("\0")
    return Preview(
        heading=(before, plan.shown_patient, after),
        facts=facts,
        rows=rows,
        conflicts=tuple(r for r in rows if r.status_key != Status.PLANNED),
        total=total_line(schedule, texts),
        grid_title=grid_title(grid, period, texts),
        weekdays=tuple(texts.weekday_abbr(i) for i in range(7)),
        weeks=tuple(_week(w.number, w.cells, texts) for w in grid),
        legend=tuple((m, MARKS[m], texts("mark." + m)) for m in marks_used(grid)),
        closed_days=tuple((texts.date(d), c.name) for d, c in closures_in(schedule, period)),
    )


def _week(number: int, cells: tuple[Cell, ...], texts: Texts) -> GridWeek:
    out = []
    for cell in cells:
        admin = cell.administration
        parts = [texts.date(cell.date)]
        if cell.mark:
            parts.append(texts("mark." + cell.mark))
        if admin is not None:
            parts.append(texts.dose(admin.dose_iu))
        if cell.closure is not None:
            parts.append(cell.closure.name)
        dose = texts.dose(admin.dose_iu) if admin is not None else ""
        symbol = MARKS[cell.mark] if cell.mark else ""
        out.append(GridCell(cell.date.isoformat(), cell.date.day, cell.mark, symbol, dose, " – ".join(parts)))
    span = f"{texts.day_month(cells[0].date)} – {texts.day_month(cells[-1].date)}"
    return GridWeek(f"{texts('week')} {number}", span, tuple(out))


@dataclass(frozen=True, slots=True)
class Day:
    """One day of the worklist page."""

    iso: str
    heading: str
    closures: tuple[str, ...]
    rows: tuple[Row, ...]
    count: str


def worklist_days(days: tuple[WorkDay, ...], texts: Texts) -> tuple[Day, ...]:
    """The worklist's days in words, each with its patients due."""
    out = []
    for day in days:
        rows = tuple(row(e.administration, texts, e.window) for e in day.entries)
        out.append(
            Day(
                iso=day.date.isoformat(),
                heading=texts.date_long(day.date),
                closures=tuple(texts.labelled(texts.status(c.kind), c.name) for c in day.closures),
                rows=rows,
                count=count_line((e.administration for e in day.entries), texts),
            )
        )
    return tuple(out)


def plural(phrase: Callable[[str], str], lang: str, key: str, count: int) -> str:
    """``key_one`` or ``key_many`` of a page phrase by ``count`` (French counts 0 and 1 as singular)."""
    singular = count < 2 if lang == "fr" else count == 1
    return phrase(f"{key}_{'one' if singular else 'many'}").format(n=count)


def reminders(
    before: tuple[dt.timedelta, ...], at: tuple[dt.time, ...], time: dt.time | None, texts: Texts
) -> tuple[str, ...]:
    """The calendar's reminders in words, each with when it rings: a reminder before an all-day event
    counts from midnight ("1h before: rings at 23:00 the day before"), which nobody would guess."""
    start = dt.datetime.combine(dt.date(2000, 1, 10), time or dt.time(0))
    out = []
    for each in before:
        rings = start - each
        days = (start.date() - rings.date()).days
        hour = f"{rings:%H:%M}"
        when = (
            PAGE_PHRASES[texts.lang]["reminder.same_day"].format(time=hour)
            if days == 0
            else texts("note.remind.day_before", time=hour)
            if days == 1
            else texts("note.remind.days_before", time=hour, n=days)
        )
        out.append(PAGE_PHRASES[texts.lang]["reminder.before"].format(before=duration_text(each), when=when))
    out += [PAGE_PHRASES[texts.lang]["reminder.at"].format(time=f"{t:%H:%M}") for t in at]
    return tuple(out)
