"""The pure engine: a :class:`Plan` in, a :class:`Schedule` of dated administrations out.

No files, no clock, no environment: the same plan always gives the same schedule, so every exporter and
test can rely on it. Closed days (public holidays, site closures) arrive already computed in the plan.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from il2sched.core.regimen import Cycle, Regimen
from il2sched.errors import ScheduleError

DEFAULT_PATIENT = "PATIENT"
_PATIENT_RE = re.compile(r"[A-Za-z0-9._-]{1,32}")
# Names Windows reserves for devices: a code becomes a file name in batch runs, so refuse them everywhere.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Status(StrEnum):
    """What happens to an administration."""

    PLANNED = "planned"
    HOLIDAY = "holiday"  # flagged: falls on a public holiday, date kept
    CLOSED = "closed"  # flagged: falls on a site closure, date kept
    SHIFTED = "shifted"  # moved to a later open day within the cycle's window
    SKIPPED = "skipped"  # not given because its day is closed
    OUT_OF_WINDOW = "out_of_window"  # could not be placed within the cycle's window


class Policy(StrEnum):
    """What to do with an administration that falls on a closed day."""

    FLAG = "flag"
    SHIFT = "shift"
    SKIP = "skip"


@dataclass(frozen=True, slots=True)
class Closure:
    """Why a day is closed: a public holiday (``holiday``) or a site closure (``closed``), and its name."""

    kind: str
    name: str


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything the user asked for, already parsed and checked for form."""

    regimen: Regimen
    start: dt.date
    patient: str = DEFAULT_PATIENT
    time: dt.time | None = None
    tz: str = "Europe/Paris"
    closures: Mapping[dt.date, Closure] = field(default_factory=dict)
    policy: Policy = Policy.FLAG
    weekends_open: bool = True  # may a shifted dose land on a Saturday or Sunday?
    delays: Mapping[int, int] = field(default_factory=dict)  # cycle number -> weeks postponed


@dataclass(frozen=True, slots=True)
class Administration:
    """One dose: when, how much, and what happened to it."""

    patient: str
    cycle: int
    cycle_day: int
    study_day: int
    date: dt.date
    time: dt.time | None
    dose_iu: int
    route: str
    drug: str
    status: Status = Status.PLANNED
    planned_date: dt.date | None = None  # the date before a shift, when the dose moved
    reason: Closure | None = None  # the closure that flagged, moved or skipped it

    @property
    def given(self) -> bool:
        """True unless the dose is skipped."""
        return self.status is not Status.SKIPPED


@dataclass(frozen=True, slots=True)
class Schedule:
    """A plan and its administrations, in date order."""

    plan: Plan
    administrations: tuple[Administration, ...]

    @property
    def regimen(self) -> Regimen:
        """The regimen the schedule follows."""
        return self.plan.regimen

    @property
    def given(self) -> tuple[Administration, ...]:
        """Administrations that are to be given (all but skipped)."""
        return tuple(a for a in self.administrations if a.given)

    @property
    def total_dose_iu(self) -> int:
        """Sum of the doses to be given, in international units."""
        return sum(a.dose_iu for a in self.given)

    @property
    def first_date(self) -> dt.date:
        """The date of week 1's Monday."""
        return self.plan.start

    @property
    def last_date(self) -> dt.date:
        """The last date of the protocol: the end of the last week, or the last dose if later."""
        weeks = self.regimen.weeks + sum(self.plan.delays.values())
        end = self.plan.start + dt.timedelta(weeks=weeks) - dt.timedelta(days=1)
        return max([end, *(a.date for a in self.administrations)])

    def closures_met(self) -> tuple[tuple[dt.date, Closure], ...]:
        """The closed days between the first and the last date, in order."""
        first, last = self.first_date, self.last_date
        return tuple(sorted((d, c) for d, c in self.plan.closures.items() if first <= d <= last))


def check_patient_code(code: str) -> str:
    """Return ``code`` if it is a safe pseudonymous code, else raise :class:`ScheduleError`."""
    if not _PATIENT_RE.fullmatch(code) or code in (".", "..") or code.lower() in _RESERVED:
        raise ScheduleError(
            f"invalid patient code {code!r}: use 1 to 32 letters, digits, '.', '_' or '-' "
            "(a pseudonymous code, never a name; not a reserved device name such as CON)"
        )
    return code


def mondays_around(day: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday on or before ``day`` and the Monday on or after it."""
    previous = day - dt.timedelta(days=day.weekday())
    following = previous if day.weekday() == 0 else previous + dt.timedelta(weeks=1)
    return previous, following


def check_start(day: dt.date, hint: str = ", or add --align previous|next") -> dt.date:
    """Return ``day`` if it is a Monday, else raise an error naming the Mondays around it (and ``hint``)."""
    if day.weekday() != 0:
        before, after = mondays_around(day)
        raise ScheduleError(
            f"start date {day.isoformat()} is a {_WEEKDAY_NAMES[day.weekday()]}, but week 1 starts on a "
            f"Monday: use {before.isoformat()} or {after.isoformat()}{hint}"
        )
    return day


def cycle_monday(plan: Plan, cycle: Cycle) -> dt.date:
    """The Monday of ``cycle``'s week, after every delay of this cycle and earlier ones."""
    delay = sum(w for number, w in plan.delays.items() if number <= cycle.number)
    return plan.start + dt.timedelta(weeks=cycle.week - 1 + delay)


def build_schedule(plan: Plan) -> Schedule:
    """Compute the dated administrations of ``plan``; raise :class:`ScheduleError` on a bad plan."""
    check_start(plan.start)
    check_patient_code(plan.patient)
    for number, weeks in plan.delays.items():
        if not 1 <= number <= len(plan.regimen.cycles) or weeks < 0:
            raise ScheduleError(
                f"invalid delay {number}:{weeks}: the cycle must be 1 to {len(plan.regimen.cycles)} "
                "and the delay 0 or more weeks"
            )
    windows = {c.number: cycle_window(plan, c) for c in plan.regimen.cycles}
    administrations: list[Administration] = []
    for cycle in plan.regimen.cycles:
        # A dose pushed out of its own window must not land in another cycle's window or on a taken day:
        # later cycles keep their own weeks.
        reserved = {d for n, w in windows.items() if n != cycle.number for d in _days(*w)}
        reserved.update(a.date for a in administrations)
        administrations.extend(_cycle_administrations(plan, cycle, windows[cycle.number], reserved))
    return Schedule(plan, tuple(administrations))


def cycle_window(plan: Plan, cycle: Cycle) -> tuple[dt.date, dt.date]:
    """First and last day (inclusive) a dose of ``cycle`` may be given: the protocol's window."""
    first = cycle_monday(plan, cycle) + dt.timedelta(days=cycle.weekdays[0])
    return first, first + dt.timedelta(days=plan.regimen.max_cycle_days - 1)


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def _cycle_administrations(
    plan: Plan, cycle: Cycle, window: tuple[dt.date, dt.date], reserved: set[dt.date]
) -> list[Administration]:
    monday = cycle_monday(plan, cycle)
    planned = [monday + dt.timedelta(days=d) for d in cycle.weekdays]
    window_end = window[1]
    out: list[Administration] = []
    cursor = planned[0]  # the first day the next dose of this cycle may take
    for day_number, day in enumerate(planned, start=1):
        closure = plan.closures.get(day)
        status, date, reason = Status.PLANNED, day, closure
        if plan.policy is Policy.SHIFT:
            date = max(day, cursor)
            while not _open_for(plan, date, moved=date != day) or (date > window_end and date in reserved):
                date += dt.timedelta(days=1)
            cursor = date + dt.timedelta(days=1)
            if date != day:
                status = Status.SHIFTED if date <= window_end else Status.OUT_OF_WINDOW
                reason = closure or _blocking_reason(out)
        elif closure is not None:
            if plan.policy is Policy.SKIP:
                status = Status.SKIPPED
            else:
                status = Status.HOLIDAY if closure.kind == "holiday" else Status.CLOSED
        out.append(
            Administration(
                patient=plan.patient,
                cycle=cycle.number,
                cycle_day=day_number,
                study_day=(date - plan.start).days + 1,
                date=date,
                time=plan.time,
                dose_iu=cycle.dose_iu,
                route=plan.regimen.route,
                drug=plan.regimen.drug,
                status=status,
                planned_date=day if date != day else None,
                reason=reason,
            )
        )
    return out


def _open_for(plan: Plan, day: dt.date, *, moved: bool) -> bool:
    if day in plan.closures:
        return False
    return not (moved and not plan.weekends_open and day.weekday() >= 5)


def _blocking_reason(earlier: list[Administration]) -> Closure | None:
    """Why a dose whose own day is open had to move: the closure that pushed an earlier dose onto it."""
    for previous in reversed(earlier):
        if previous.reason is not None and previous.status is not Status.PLANNED:
            return previous.reason
    return None
