"""Plain-text table for a terminal or a .txt file: administrations grouped by cycle, totals, and a grid."""

from __future__ import annotations

from il2sched.export import ExportOptions
from il2sched.export.rows import note
from il2sched.grid import MARKS, calendar_grid, marks_used
from il2sched.i18n import Texts
from il2sched.schedule import Schedule


def _columns(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]


def render(schedule: Schedule, options: ExportOptions) -> bytes:
    """The schedule as UTF-8 text."""
    texts, plan, regimen = options.texts, schedule.plan, schedule.regimen
    lines = [
        f"{regimen.drug}{f' ({regimen.brand})' if regimen.brand else ''} · {texts.route(regimen.route)} · "
        f"{regimen.trial_id}{f' ({regimen.local_code})' if regimen.local_code else ''}",
        f"{texts.field('patient', plan.patient)} · {texts.field('start', texts.date(plan.start))} · "
        f"{texts.field('regimen', regimen.id)}",
    ]
    window = regimen.max_cycle_days
    for cycle in regimen.cycles:
        admins = [a for a in schedule.administrations if a.cycle == cycle.number]
        lines += [
            "",
            f"{texts('cycle_n', cycle=cycle.number)} · {texts('week_n', week=cycle.week)} · "
            f"{texts('per_day', dose=texts.dose(cycle.dose_iu))}",
        ]
        rows = [[texts(k) for k in ("day", "study_day", "date", "time", "dose", "status", "note")]]
        rows += [
            [
                str(a.cycle_day),
                str(a.study_day),
                texts.date(a.date),
                texts.time(a.time),
                texts.dose(a.dose_iu),
                texts.status(a.status),
                note(a, texts, window),
            ]
            for a in admins
        ]
        lines += _columns(rows)
    skipped = len(schedule.administrations) - len(schedule.given)
    total = texts.dose(schedule.total_dose_iu)
    lines += [""]
    if skipped:
        lines.append(texts("total_given", count=len(schedule.given), dose=total, skipped=skipped))
    else:
        lines.append(texts("total", count=len(schedule.given), dose=total))
    lines += ["", *grid_lines(schedule, texts)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def grid_lines(schedule: Schedule, texts: Texts) -> list[str]:
    """The calendar grid as text: one line per week, day numbers with a mark after each dosing day."""
    grid = calendar_grid(schedule)
    label_width = max(len(f"{texts('week')} {len(grid)}"), 1)
    lines = [texts("grid_title", weeks=len(grid))]
    head = " " * label_width + "".join(texts.weekday_abbr(i)[:4].rjust(5) for i in range(7))
    lines.append(head)
    for week in grid:
        cells = "".join(f"{c.date.day:>4}{MARKS[c.mark] if c.mark else ' '}" for c in week.cells)
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
    closed = schedule.closures_met()
    if closed:
        lines += ["", texts.field("closed_days", "").rstrip()]
        lines += [f"  {texts.date(day)}  {closure.name}" for day, closure in closed]
    return lines
