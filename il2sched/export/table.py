"""Plain text for a terminal or a .txt file: a schedule (administrations grouped by cycle, totals, a grid)
or a worklist (a heading per day, one line per patient due)."""

from __future__ import annotations

from il2sched.core.clock import clock_note, shown_day, shown_time, time_on
from il2sched.core.closed_days import note, status_words
from il2sched.core.grid import MARKS, calendar_grid, marks_used
from il2sched.core.options import RenderOptions
from il2sched.core.period import Period, closures_in, grid_title, period_line, weeks_in
from il2sched.core.schedule import Schedule
from il2sched.core.summary import basis_lines, count_line, cycle_heading, position, total_line
from il2sched.core.texts import Texts
from il2sched.core.worklist import WorkDay
from il2sched.sources.zones import dose_time


def columns(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]


def render(schedule: Schedule, options: RenderOptions) -> bytes:
    """The schedule as UTF-8 text."""
    texts, plan, regimen = options.texts, schedule.plan, schedule.regimen
    lines = [
        f"{regimen.drug_in(texts.lang)}{f' ({regimen.brand})' if regimen.brand else ''} · "
        f"{texts.route(regimen.route)} · "
        f"{regimen.trial_id}{f' ({regimen.local_code})' if regimen.local_code else ''}",
        f"{texts.field('patient', plan.shown_patient)} · {texts.field('start', texts.date(plan.start))} · "
        f"{texts.field('regimen', regimen.id)}",
    ]
    period = options.period
    if period is not None:  # a part of a long course: which doses, of how many
        lines.append(period_line(schedule, period, texts))
    lines += basis_lines(schedule, texts)
    for cycle, all_admins in schedule.by_cycle():
        admins = [a for a in all_admins if period is None or period.holds(a.date)]
        if not admins:
            continue
        window = cycle.window_days
        lines += ["", cycle_heading(schedule, cycle, texts)]
        rows = [[texts(k) for k in ("day", "study_day", "date", "time", "dose", "status", "note")]]
        for a in admins:
            local = dose_time(a.date, a.time, plan.tz)
            rows.append([
                str(a.cycle_day), str(a.study_day), texts.date(shown_day(a.date, local)),
                texts.time(shown_time(local)),
                texts.dose(a.dose_iu), status_words(a, texts),
                texts.joined(note(a, texts, window, words=False), clock_note(local, texts)),
            ])  # fmt: skip
        lines += columns(rows)
    lines += ["", total_line(schedule, texts)]  # the whole course's, even for a period
    lines += ["", *grid_lines(schedule, texts, period)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def grid_lines(schedule: Schedule, texts: Texts, period: Period | None = None) -> list[str]:
    """The calendar grid as text: one line per week (those of ``period``), day numbers with a mark after each
    dosing day."""
    grid = weeks_in(calendar_grid(schedule), period)
    label_width = max(len(f"{texts('week')} {grid[-1].number}"), 1)
    lines = [grid_title(grid, period, texts)]
    head = " " * label_width + "".join(texts.weekday_abbr(i)[:4].rjust(5) for i in range(7))
    lines.append(head)
    for week in grid:
        cells = "".join(
            f"{c.date.day:>4}{MARKS[c.mark] if c.mark else ' '}" if c.in_study else " " * 5
            for c in week.cells
        )
        first, last = week.cells[0].date, week.cells[-1].date
        doses = ", ".join(texts.dose(d) for d in week.doses)
        span = f"{texts.day_month(first)} – {texts.day_month(last)}"
        lines.append(
            f"{texts('week')} {week.number}".ljust(label_width)
            + cells
            + f"   {span}"
            + (f" · {doses}" if doses else "")
        )
    legend = ", ".join(f"{MARKS[m]} {texts('mark.' + m)}" for m in marks_used(grid))
    lines.append(texts.field("grid_legend", legend))
    closed = closures_in(schedule, period)
    if closed:
        lines += ["", texts.field("closed_days", "").rstrip()]
        lines += [f"  {texts.date(day)}  {closure.name}" for day, closure in closed]
    return lines


def render_worklist(days: tuple[WorkDay, ...], options: RenderOptions) -> bytes:
    """The worklist as text: a heading per day (with its closures), then one line per patient due."""
    texts = options.texts
    lines = [texts("worklist_title", first=texts.date(days[0].date), last=texts.date(days[-1].date))]
    if options.site:
        lines.append(options.site)
    for day in days:
        heading = texts.date_long(day.date)
        if day.closures:
            heading += " – " + texts("sheet.list_sep").join(
                texts.labelled(texts.status(c.kind), c.name) for c in day.closures
            )
        lines += ["", heading]
        if not day.entries:
            lines.append(f"  {texts('worklist_none')}")
            continue
        rows = [[texts(k) for k in ("time", "patient", "dose", "cycle", "study_day", "status", "note")]]
        for entry in day.entries:
            a = entry.administration
            local = dose_time(a.date, a.time, entry.tz)
            rows.append([
                time_on(a.date, local, texts), a.patient, texts.dose(a.dose_iu),
                position(entry.regimen, a.cycle, a.cycle_day, texts), str(a.study_day),
                status_words(a, texts),
                texts.joined(note(a, texts, entry.window, words=False), clock_note(local, texts)),
            ])  # fmt: skip
        lines += columns(rows)
        lines.append(f"  {count_line((e.administration for e in day.entries), texts)}")
    lines += [
        "",
        count_line((e.administration for day in days for e in day.entries), texts, len(days)),
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")
