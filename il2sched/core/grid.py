"""The calendar grid (weeks x Monday-Sunday) shared by the table and the printed sheets.

Week 1 is the week of the start date; for a regimen that starts on any weekday, the days of week 1 before
the start are in the grid but outside the study (``in_study`` is false), so a picture can leave them blank.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from il2sched.core.schedule import Administration, Closure, Schedule, Status

#: One character per mark, chosen to read in black and white and in plain text.
MARKS = {
    "dose": "*",
    "holiday": "H",
    "closed": "C",
    "shifted": ">",
    "skipped": "x",
    "out_of_window": "!",
    "off": "-",
}

_MARK_OF_STATUS = {
    Status.PLANNED: "dose",
    Status.HOLIDAY: "holiday",
    Status.CLOSED: "closed",
    Status.SHIFTED: "shifted",
    Status.SKIPPED: "skipped",
    Status.OUT_OF_WINDOW: "out_of_window",
}


@dataclass(frozen=True, slots=True)
class Cell:
    """One day of the grid: its date, the administration on it if any, the closure if any, and its mark."""

    date: dt.date
    administration: Administration | None
    closure: Closure | None
    mark: str | None  # a key of MARKS, or None for an ordinary day
    in_study: bool = True  # False for the days of week 1 before the start date


@dataclass(frozen=True, slots=True)
class Week:
    """One protocol week: its number (1 = the week of the start date) and its seven cells."""

    number: int
    cells: tuple[Cell, ...]

    @property
    def doses(self) -> tuple[int, ...]:
        """The distinct doses given this week, in international units."""
        return tuple(sorted({c.administration.dose_iu for c in self.cells if c.administration}))


def calendar_grid(schedule: Schedule) -> tuple[Week, ...]:
    """Every week from the start date's week to the schedule's last date, each Monday to Sunday."""
    by_date = {a.date: a for a in schedule.administrations}
    closures = schedule.plan.closures
    first = schedule.first_date
    first_monday = first - dt.timedelta(days=first.weekday())
    last = schedule.last_date
    weeks = (last - first_monday).days // 7 + 1
    out = []
    for number in range(1, weeks + 1):
        cells = []
        for offset in range(7):
            day = first_monday + dt.timedelta(days=(number - 1) * 7 + offset)
            if day < first:
                cells.append(Cell(day, None, None, None, in_study=False))
                continue
            admin, closure = by_date.get(day), closures.get(day)
            if admin is not None:
                mark: str | None = _MARK_OF_STATUS[admin.status]
            else:
                mark = "off" if closure is not None else None
            cells.append(Cell(day, admin, closure, mark))
            if day == dt.date.max:
                break  # (a schedule ending on 9999-12-31: no later day exists)
        out.append(Week(number, tuple(cells)))
    return tuple(out)


def marks_used(grid: tuple[Week, ...]) -> tuple[str, ...]:
    """The marks that appear in ``grid``, in :data:`MARKS` order (for a legend)."""
    used = {cell.mark for week in grid for cell in week.cells if cell.mark}
    return tuple(m for m in MARKS if m in used)
