"""The nurses' daily worklist: for each day of a period, the patients due and what happens to each dose.

Pure: schedules in, days out. The worklist keeps only what the period needs, so a large roster is streamed
through it one schedule at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from il2sched.core.regimen import Regimen
from il2sched.core.schedule import Administration, Closure, Schedule


@dataclass(frozen=True, slots=True)
class Entry:
    """One administration due on a worklist day, with the regimen facts a nurse needs beside it."""

    administration: Administration
    trial_id: str
    window: int  # the cycle's window in days, for the note of an out-of-window dose
    regimen: Regimen | None = None  # its phase's name, drug, route and trial (rows may differ)
    tz: str | None = None  # the zone of the dose's time


@dataclass(frozen=True, slots=True)
class WorkDay:
    """One day of the worklist: its closures (public holiday, site closure) and its entries by patient."""

    date: dt.date
    closures: tuple[Closure, ...]
    entries: tuple[Entry, ...]


def build_worklist(schedules: Iterable[Schedule], first: dt.date, days: int) -> tuple[WorkDay, ...]:
    """Every day from ``first`` for ``days`` days, with each administration dated that day.

    A skipped dose is listed on its planned day (the nurse must know it is not given), a moved one on the
    day it moved to.
    """
    last = first + dt.timedelta(days=days - 1)
    period = [first + dt.timedelta(days=offset) for offset in range(days)]
    entries: dict[dt.date, list[Entry]] = {}
    closures: dict[dt.date, set[Closure]] = {}
    for schedule in schedules:
        # Whichever is shorter, the period or the closed days: a closures file may close 400,000 days.
        closed = schedule.plan.closures
        met = ((d, closed.get(d)) for d in period) if len(closed) > days else closed.items()
        for day, closure in met:
            if closure is not None and first <= day <= last:
                closures.setdefault(day, set()).add(closure)
        regimen = schedule.regimen
        for admin in schedule.administrations:
            if first <= admin.date <= last:
                window = regimen.window_days(admin.cycle)
                entry = Entry(admin, regimen.trial_id, window, regimen, schedule.plan.tz)
                entries.setdefault(admin.date, []).append(entry)
    out = []
    for day in period:
        listed = sorted(
            entries.get(day, []), key=lambda e: (e.administration.time or dt.time(), e.administration.patient)
        )
        named = tuple(sorted(closures.get(day, set()), key=lambda c: (c.kind, c.name)))
        out.append(WorkDay(day, named, tuple(listed)))
    return tuple(out)
