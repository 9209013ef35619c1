"""The pure engine: a :class:`Plan` in, a :class:`Schedule` of dated administrations out (the model:
:mod:`.model`).

No files, no clock, no environment: the same plan always gives the same schedule, so every exporter and
test can rely on it. Closed days (public holidays, site closures) arrive already computed in the plan.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Sequence

from il2sched.core.bounds import check_date, check_reach, reach
from il2sched.core.dosing import resolve
from il2sched.core.messages import Opt, Phrase, keyed
from il2sched.core.model import (
    DEFAULT_TZ,
    NO_CODE_LABEL,
    Administration,
    Closure,
    Plan,
    Policy,
    Schedule,
    Status,
)
from il2sched.core.regimen import Cycle, Regimen
from il2sched.core.spreadsheet import spreadsheet_reading
from il2sched.errors import ScheduleError

# The model lives in .model; these names are read from here by much of il2sched.
__all__ = [
    "DEFAULT_TZ", "NO_CODE_LABEL", "Administration", "Closure", "Plan", "Policy", "Schedule", "Status",
    "build_schedule", "check_patient_code", "check_plan", "check_start", "cycle_window", "delay_days",
    "mondays_around",
]  # fmt: skip

_PATIENT_RE = re.compile(r"[A-Za-z0-9._-]{1,32}")
# Names Windows reserves for devices: a code becomes a file name in batch runs, so refuse them everywhere.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def check_patient_code(code: str) -> str:
    """Return ``code`` if it is a safe pseudonymous code, else raise :class:`ScheduleError`."""
    if not _PATIENT_RE.fullmatch(code) or code in (".", "..") or code.lower() in _RESERVED:
        raise keyed(ScheduleError, "patient.invalid", code=repr(code))
    if kind := spreadsheet_reading(code):
        raise keyed(
            ScheduleError, "patient.spreadsheet", code=repr(code), kind=Phrase(f"reading.{kind}"), bare=code
        )
    return code


def mondays_around(day: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday on or before ``day`` and the Monday on or after it."""
    previous = day - dt.timedelta(days=day.weekday())
    if day.weekday() == 0 or previous > dt.date.max - dt.timedelta(weeks=1):
        return previous, previous  # (no Monday after 9999-12-27 exists)
    return previous, previous + dt.timedelta(weeks=1)


def check_start(day: dt.date, regimen: Regimen, *, align: bool = False) -> dt.date:
    """Return ``day`` if ``regimen`` may start on it, else raise an error naming the Mondays around it.

    A regimen whose patterns name weekdays starts on a Monday (week 1 is the start's week); a regimen of
    study days starts on any day. ``align``: the message ends with the option that aligns the start.
    """
    if regimen.weekday_tied and day.weekday() != 0:
        before, after = mondays_around(day)
        raise keyed(
            ScheduleError, "start.monday_align" if align else "start.monday", day=day.isoformat(),
            weekday=Phrase(f"weekday.{day.weekday()}"), before=before.isoformat(), after=after.isoformat(),
            align=Opt("align"),
        )  # fmt: skip
    return day


def check_plan(plan: Plan, reminders: Iterable[dt.timedelta] = ()) -> Plan:
    """``plan`` if every date its schedule and ``reminders`` can reach is in range, else a one-line error.

    Call it before the engine, and again once the closed days are in the plan (they can push doses on).
    """
    check_date(plan.start, "start_date")
    regimen = plan.regimen
    first, last = reach(
        plan.start,
        max(regimen.end_day, *(c.window_end for c in regimen.cycles)),
        plan.delays.values(),
        max(c.window_days for c in regimen.cycles),
        regimen.administrations,
        len(plan.closures),
        reminders,
    )
    check_reach(first, last, plan.start)
    return plan


def delay_days(plan: Plan) -> list[int]:
    """Each cycle's postponement in days, in cycle order: the delays of it and of every earlier cycle."""
    ordered = sorted(plan.delays.items())
    shifts, total, index = [], 0, 0
    for cycle in plan.regimen.cycles:
        while index < len(ordered) and ordered[index][0] <= cycle.number:
            total += 7 * ordered[index][1]
            index += 1
        shifts.append(total)
    return shifts


def cycle_window(plan: Plan, cycle: Cycle) -> tuple[dt.date, dt.date]:
    """First and last day (inclusive) a dose of ``cycle`` may be given: the protocol's window."""
    shift = delay_days(plan)[cycle.number - 1]
    return _study_date(plan.start, cycle.days[0] + shift), _study_date(plan.start, cycle.window_end + shift)


def build_schedule(plan: Plan) -> Schedule:
    """Compute the dated administrations of ``plan``; raise :class:`ScheduleError` on a bad plan.

    Under the shift policy only a dose on a closed day moves, to the first open day after it within its
    cycle's window that no other dose holds: the other doses keep their days (nothing cascades through a
    daily course), and a dose with no such day keeps its own, out of its window, for the investigator to
    decide. Home doses ignore closed days. Linear in the number of cycles and administrations (the cycles'
    windows are searched by bisection), plus the days a moved dose looks at.
    """
    regimen = plan.regimen
    check_start(plan.start, regimen)
    if plan.patient is not None:
        check_patient_code(plan.patient)
    count = len(regimen.cycles)
    for number, weeks in plan.delays.items():
        if not 1 <= number <= count or weeks < 0:
            raise keyed(ScheduleError, "delay.cycle", option="delay", cycle=number, weeks=weeks, count=count)
    doses = tuple(resolve(p.dose, plan.body, regimen.id) for p in regimen.phases)
    shifts = delay_days(plan)
    last = max(regimen.end_day, regimen.cycles[-1].window_end) + 7 * sum(plan.delays.values())
    _study_date(plan.start, last)  # the whole protocol must fit before year 10000
    windows = _Windows(
        [_study_date(plan.start, c.days[0] + s) for c, s in zip(regimen.cycles, shifts, strict=True)],
        [_study_date(plan.start, c.window_end + s) for c, s in zip(regimen.cycles, shifts, strict=True)],
    )
    # Every dose's own day is its own: a moved dose never takes another's, whichever cycle it is in.
    taken = {
        plan.start + dt.timedelta(days=day - 1 + s)
        for c, s in zip(regimen.cycles, shifts, strict=True)
        for day in c.days
    }
    administrations: list[Administration] = []
    for cycle, shift in zip(regimen.cycles, shifts, strict=True):
        dose = doses[cycle.phase - 1].iu
        placed = _cycle_administrations(plan, cycle, shift, dose, windows, taken)
        # A moved dose may pass a later dose of its cycle: rows are in date order, always.
        administrations += sorted(placed, key=lambda a: a.date)
    return Schedule(plan, tuple(administrations), doses)


def _study_date(start: dt.date, day: int) -> dt.date:
    """The date of study day ``day``; a :class:`ScheduleError` past the last date Python can hold."""
    if start.toordinal() + day - 1 > dt.date.max.toordinal():
        raise keyed(ScheduleError, "schedule.past_9999", start=start.isoformat())
    return start + dt.timedelta(days=day - 1)


def _after(day: dt.date) -> dt.date:
    if day == dt.date.max:
        raise keyed(ScheduleError, "schedule.no_open_day")
    return day + dt.timedelta(days=1)


#: How far after the last cycle's window an out-of-window dose's proposed day is looked for (the closed days
#: are known that far: :func:`il2sched.core.closed_days.plan_years`).
PROPOSAL_DAYS = 28


class _Windows:
    """The cycles' windows in order (they never overlap by more than the first format allowed)."""

    def __init__(self, firsts: Sequence[dt.date], lasts: Sequence[dt.date]) -> None:
        self.firsts, self.lasts = firsts, lasts

    def blocking_end(self, day: dt.date, own: int) -> dt.date | None:
        """The last day of another cycle's window holding ``day`` (``own`` is the dose's cycle), if any."""
        index = bisect.bisect_right(self.firsts, day) - 1
        end: dt.date | None = None
        # Window ends grow with their starts, so the windows holding ``day`` are the last ones that start
        # on or before it.
        while index >= 0 and self.lasts[index] >= day:
            if index != own:
                end = max(end or day, self.lasts[index])
            index -= 1
        return end

    def limit(self, own: int) -> dt.date | None:
        """The first day of the cycle after ``own`` (a moved dose never reaches it); None for the last."""
        return self.firsts[own + 1] if own + 1 < len(self.firsts) else None


def _cycle_administrations(
    plan: Plan, cycle: Cycle, shift: int, dose_iu: int, windows: _Windows, taken: set[dt.date]
) -> list[Administration]:
    own = cycle.number - 1
    window_end = windows.lasts[own]
    out: list[Administration] = []
    for day_number, study_day in enumerate(cycle.days, start=1):
        day = plan.start + dt.timedelta(days=study_day - 1 + shift)
        closure = None if cycle.home else plan.closures.get(day)
        status, date, reason = Status.PLANNED, day, closure
        proposed = limit = None
        if closure is not None and plan.policy is Policy.SHIFT:
            found = _place(plan, day, window_end, own, windows, taken)
            if found is not None:
                status, date = Status.SHIFTED, found
                taken.add(found)
            else:  # kept on its own day, for the investigator, with the day the window would have needed
                status = Status.OUT_OF_WINDOW
                limit = windows.limit(own)
                room = min(PROPOSAL_DAYS, (dt.date.max - window_end).days)
                end = limit - dt.timedelta(days=1) if limit else window_end + dt.timedelta(days=room)
                proposed = _place(plan, window_end, end, own, windows, taken)
                if proposed is not None:  # the next one of the cycle needs the day after: say so
                    taken.add(proposed)
                    limit = None
        elif closure is not None:
            if plan.policy is Policy.SKIP:
                status = Status.SKIPPED
            else:
                status = Status.HOLIDAY if closure.kind == "holiday" else Status.CLOSED
        out.append(
            Administration(
                patient=plan.shown_patient,
                cycle=cycle.number,
                cycle_day=day_number,
                study_day=(date - plan.start).days + 1,
                date=date,
                time=plan.time,
                dose_iu=dose_iu,
                route=plan.regimen.route,
                drug=plan.regimen.drug,
                status=status,
                planned_date=day if date != day else None,
                reason=reason,
                protocol_date=plan.start + dt.timedelta(days=study_day - 1),
                home=cycle.home,
                proposed=proposed,
                limit=limit,
            )
        )
    return out


def _place(
    plan: Plan, after: dt.date, last: dt.date, own: int, windows: _Windows, taken: set[dt.date]
) -> dt.date | None:
    """The first day after ``after``, up to ``last``, a dose of cycle number ``own + 1`` may move to: open
    for the site, held by no other dose, outside every other cycle's window (later cycles keep their days)."""
    date = after
    while date < last:
        date = _after(date)
        end = windows.blocking_end(date, own)
        if end is not None:
            date = end
            continue
        if date not in taken and _open(plan, date):
            return date
    return None


def _open(plan: Plan, day: dt.date) -> bool:
    """The site is open on ``day``: not closed, and not a Saturday or Sunday unless weekends are open."""
    return day not in plan.closures and (plan.weekends_open or day.weekday() < 5)
