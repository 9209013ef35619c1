"""A period of a long course: the doses a printed sheet or a table shows (``generate --from --to``).

A three-year daily course is printed a month at a time: the identity, the regimen and its totals for the
whole course stay, the record lists the period's doses only, and every page says which they are ("Doses 36
to 65 of 1,096"). Calendars, CSV, JSON and FHIR always hold the whole course (a calendar imported or
published over the previous one must keep every dose). Pure: dates in, doses out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from il2sched.core.grid import Week
from il2sched.core.messages import Opt, keyed
from il2sched.core.model import Administration, Closure, Schedule
from il2sched.core.texts import Texts
from il2sched.errors import ScheduleError


@dataclass(frozen=True, slots=True)
class Period:
    """The first and last day (inclusive) of the doses shown."""

    first: dt.date
    last: dt.date

    def holds(self, day: dt.date) -> bool:
        """``day`` is within the period."""
        return self.first <= day <= self.last


def period_of(schedule: Schedule, first: dt.date | None, last: dt.date | None) -> Period | None:
    """The period ``--from`` and ``--to`` ask for (either may be left out: the course's own first or last
    day), or None when neither is given; a one-line error when it is empty or holds no dose."""
    if first is None and last is None:
        return None
    period = Period(first or schedule.first_date, last or schedule.last_date)
    if first is not None and last is not None and first > last:
        raise keyed(
            ScheduleError, "period.reversed", option="to", from_=Opt("from"), to=Opt("to"),
            first=period.first.isoformat(), last=period.last.isoformat(),
        )  # fmt: skip
    if not any(period.holds(a.date) for a in schedule.administrations):
        raise keyed(
            ScheduleError, "period.empty", option="from", first=period.first.isoformat(),
            last=period.last.isoformat(), start=schedule.first_date.isoformat(),
            end=schedule.last_date.isoformat(),
        )  # fmt: skip
    return period


def shown(schedule: Schedule, period: Period | None) -> tuple[Administration, ...]:
    """The administrations a sheet or a table lists: those of ``period``, or all of them."""
    admins = schedule.administrations
    return admins if period is None else tuple(a for a in admins if period.holds(a.date))


def period_line(schedule: Schedule, period: Period | None, texts: Texts) -> str:
    """ "Doses 36 to 65 of 1,096 (Mon 1 Jun 2026 to Tue 30 Jun 2026)" for a period; empty without one."""
    if period is None:
        return ""
    numbers = [n for n, a in enumerate(schedule.administrations, start=1) if period.holds(a.date)]
    first, last, total = numbers[0], numbers[-1], texts.integer(len(schedule.administrations))
    span = texts("period.span", first=texts.date(period.first), last=texts.date(period.last))
    if first == last:
        return texts("period.dose", n=texts.integer(first), total=total, span=span)
    return texts("period.doses", first=texts.integer(first), last=texts.integer(last), total=total, span=span)


def weeks_in(grid: tuple[Week, ...], period: Period | None) -> tuple[Week, ...]:
    """The calendar's weeks that hold a day of ``period`` (all of them without one)."""
    if period is None:
        return grid
    return tuple(w for w in grid if period.holds(w.cells[0].date) or period.holds(w.cells[-1].date)
                 or w.cells[0].date <= period.first <= w.cells[-1].date)  # fmt: skip


def closures_in(schedule: Schedule, period: Period | None) -> tuple[tuple[dt.date, Closure], ...]:
    """The closed days a sheet or a table lists: those of ``period``, or all the schedule meets."""
    met = schedule.closures_met()
    return met if period is None else tuple((d, c) for d, c in met if period.holds(d))


def grid_title(weeks: tuple[Week, ...], period: Period | None, texts: Texts) -> str:
    """ "Calendar, weeks 1 to 9"; for a period, the weeks it shows: "Calendar, weeks 5 to 9"."""
    if period is None:
        return texts.plural("grid_title", len(weeks))
    first, last = weeks[0].number, weeks[-1].number
    if first == last:
        return texts("period.grid_one", n=first)
    return texts("period.grid", first=first, last=last)
