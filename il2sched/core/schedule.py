"""The pure engine: a :class:`Plan` in, a :class:`Schedule` of dated administrations out.

No files, no clock, no environment: the same plan always gives the same schedule, so every exporter and
test can rely on it. Closed days (public holidays, site closures) arrive already computed in the plan.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from il2sched.core.bounds import check_date, check_reach, reach
from il2sched.core.dosing import BodySize, Dose, resolve
from il2sched.core.regimen import Cycle, Regimen
from il2sched.core.spreadsheet import spreadsheet_reading
from il2sched.errors import ScheduleError

#: What the outputs show as the patient of a schedule made without a code (``--patient`` left out). Only
#: a placeholder: a schedule without a code is ``Plan.patient is None``, and ``--patient PATIENT`` is a code
#: like any other.
NO_CODE_LABEL = "PATIENT"
#: The zone of a plan's times unless told otherwise (the option ``--tz`` declares it as its default).
DEFAULT_TZ = "Europe/Paris"
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
    patient: str | None = None  # None: no code given
    time: dt.time | None = None
    tz: str = DEFAULT_TZ
    closures: Mapping[dt.date, Closure] = field(default_factory=dict)
    policy: Policy = Policy.FLAG
    weekends_open: bool = True  # may a shifted dose land on a Saturday or Sunday?
    delays: Mapping[int, int] = field(default_factory=dict)  # cycle number -> weeks postponed
    body: BodySize | None = None  # for doses per m² or per kg

    @property
    def shown_patient(self) -> str:
        """The patient as the outputs show it: the code, or :data:`NO_CODE_LABEL` without one."""
        return NO_CODE_LABEL if self.patient is None else self.patient


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
    # The day the protocol gives it, before any delay or shift (study day 1 = the start date).
    protocol_date: dt.date | None = None

    @property
    def given(self) -> bool:
        """True unless the dose is skipped."""
        return self.status is not Status.SKIPPED


@dataclass(frozen=True, slots=True)
class Schedule:
    """A plan and its administrations, in date order."""

    plan: Plan
    administrations: tuple[Administration, ...]
    doses: tuple[Dose, ...] = ()  # each phase's dose for this patient, with its body-size arithmetic

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
        """Study day 1: the start date (week 1's Monday for a regimen tied to weekdays)."""
        return self.plan.start

    @property
    def last_date(self) -> dt.date:
        """The last date of the protocol: its end day (after delays), or the last dose if later."""
        delay = 7 * sum(self.plan.delays.values())
        end = self.plan.start + dt.timedelta(days=self.regimen.end_day - 1 + delay)
        return max(end, max((a.date for a in self.administrations), default=end))

    def by_cycle(self) -> tuple[tuple[Cycle, tuple[Administration, ...]], ...]:
        """Each cycle of the regimen with its administrations, in one pass (never a scan per cycle)."""
        groups: dict[int, list[Administration]] = {}
        for admin in self.administrations:
            groups.setdefault(admin.cycle, []).append(admin)
        return tuple((c, tuple(groups.get(c.number, ()))) for c in self.regimen.cycles)

    def dose_of(self, cycle: int) -> Dose | None:
        """The dose of cycle number ``cycle`` for this patient (None for a schedule built without doses)."""
        phase = self.regimen.cycles[cycle - 1].phase
        return self.doses[phase - 1] if self.doses else None

    def closures_met(self) -> tuple[tuple[dt.date, Closure], ...]:
        """The closed days between the first and the last date, in order."""
        first, last, closures = self.first_date, self.last_date, self.plan.closures
        days = (last - first).days + 1
        if days < len(closures):  # the schedule's days, not every day of a closures file spanning centuries
            met = (first + dt.timedelta(days=n) for n in range(days))
            return tuple((d, closures[d]) for d in met if d in closures)
        return tuple(sorted((d, c) for d, c in closures.items() if first <= d <= last))


def check_patient_code(code: str) -> str:
    """Return ``code`` if it is a safe pseudonymous code, else raise :class:`ScheduleError`."""
    if not _PATIENT_RE.fullmatch(code) or code in (".", "..") or code.lower() in _RESERVED:
        raise ScheduleError(
            f"invalid patient code {code!r}: use 1 to 32 letters, digits, '.', '_' or '-' "
            "(a pseudonymous code, never a name; not a reserved device name such as CON)"
        )
    if kind := spreadsheet_reading(code):
        raise ScheduleError(
            f"patient code {code!r} would be read as a {kind} by a spreadsheet opening the CSV (Excel, "
            "LibreOffice Calc), which changes it and loses whose doses they are: use a code that stays "
            f"text, with a letter first, such as 'P-{code}'"
        )
    return code


def mondays_around(day: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday on or before ``day`` and the Monday on or after it."""
    previous = day - dt.timedelta(days=day.weekday())
    if day.weekday() == 0 or previous > dt.date.max - dt.timedelta(weeks=1):
        return previous, previous  # (no Monday after 9999-12-27 exists)
    return previous, previous + dt.timedelta(weeks=1)


def check_start(day: dt.date, regimen: Regimen, hint: str = "") -> dt.date:
    """Return ``day`` if ``regimen`` may start on it, else raise an error naming the Mondays around it.

    A regimen whose patterns name weekdays starts on a Monday (week 1 is the start's week); a regimen of
    study days starts on any day. ``hint`` ends the message (the command line adds its --align option).
    """
    if regimen.weekday_tied and day.weekday() != 0:
        before, after = mondays_around(day)
        raise ScheduleError(
            f"start date {day.isoformat()} is a {_WEEKDAY_NAMES[day.weekday()]}, but week 1 starts on a "
            f"Monday: use {before.isoformat()} or {after.isoformat()}{hint}"
        )
    return day


def check_plan(plan: Plan, reminders: Iterable[dt.timedelta] = ()) -> Plan:
    """``plan`` if every date its schedule and ``reminders`` can reach is in range, else a one-line error.

    Call it before the engine, and again once the closed days are in the plan (they can push doses on).
    """
    check_date(plan.start, "start date")
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

    Linear in the number of cycles and administrations: the cycles' windows are searched by bisection, never
    listed day by day.
    """
    regimen = plan.regimen
    check_start(plan.start, regimen)
    if plan.patient is not None:
        check_patient_code(plan.patient)
    count = len(regimen.cycles)
    for number, weeks in plan.delays.items():
        if not 1 <= number <= count or weeks < 0:
            raise ScheduleError(
                f"invalid delay {number}:{weeks}: the cycle must be 1 to {count} "
                "and the delay 0 or more weeks",
                option="delay",
            )
    doses = tuple(resolve(p.dose, plan.body, f"regimen {regimen.id}") for p in regimen.phases)
    shifts = delay_days(plan)
    last = max(regimen.end_day, regimen.cycles[-1].window_end) + 7 * sum(plan.delays.values())
    _study_date(plan.start, last)  # the whole protocol must fit before year 10000
    windows = _Windows(
        [_study_date(plan.start, c.days[0] + s) for c, s in zip(regimen.cycles, shifts, strict=True)],
        [_study_date(plan.start, c.window_end + s) for c, s in zip(regimen.cycles, shifts, strict=True)],
    )
    taken: set[dt.date] = set()
    administrations: list[Administration] = []
    for cycle, shift in zip(regimen.cycles, shifts, strict=True):
        dose = doses[cycle.phase - 1].iu
        administrations += _cycle_administrations(plan, cycle, shift, dose, windows, taken)
    return Schedule(plan, tuple(administrations), doses)


def _study_date(start: dt.date, day: int) -> dt.date:
    """The date of study day ``day``; a :class:`ScheduleError` past the last date Python can hold."""
    if start.toordinal() + day - 1 > dt.date.max.toordinal():
        raise ScheduleError(
            f"a schedule starting {start.isoformat()} would run past year 9999; choose an earlier start"
        )
    return start + dt.timedelta(days=day - 1)


def _after(day: dt.date) -> dt.date:
    if day == dt.date.max:
        raise ScheduleError("no open day is left before year 10000 for a moved dose; choose an earlier start")
    return day + dt.timedelta(days=1)


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


def _cycle_administrations(
    plan: Plan, cycle: Cycle, shift: int, dose_iu: int, windows: _Windows, taken: set[dt.date]
) -> list[Administration]:
    own = cycle.number - 1
    window_end = windows.lasts[own]
    out: list[Administration] = []
    previous: dt.date | None = None  # the day the previous dose of this cycle took
    blocking: Closure | None = None  # the last closure that moved a dose of this cycle
    for day_number, study_day in enumerate(cycle.days, start=1):
        day = plan.start + dt.timedelta(days=study_day - 1 + shift)
        closure = plan.closures.get(day)
        status, date, reason = Status.PLANNED, day, closure
        if plan.policy is Policy.SHIFT:
            # Doses keep their order: one pushed onto the next one's day pushes that one along.
            earliest = day if previous is None or day > previous else _after(previous)
            date = previous = _place(plan, earliest, day, own, windows, taken)
            if date != day:
                status = Status.SHIFTED if date <= window_end else Status.OUT_OF_WINDOW
                reason = closure or blocking
                blocking = reason or blocking
        elif closure is not None:
            if plan.policy is Policy.SKIP:
                status = Status.SKIPPED
            else:
                status = Status.HOLIDAY if closure.kind == "holiday" else Status.CLOSED
        taken.add(date)
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
            )
        )
    return out


def _place(
    plan: Plan, date: dt.date, day: dt.date, own: int, windows: _Windows, taken: set[dt.date]
) -> dt.date:
    """The first day from ``date`` a dose planned on ``day`` may take under the shift policy.

    A moved dose takes an open day that no other dose holds, outside every other cycle's window: later
    cycles keep their own days.
    """
    while True:
        moved = date != day
        if moved:
            end = windows.blocking_end(date, own)
            if end is not None:
                date = _after(end)
                continue
            if date in taken:
                date = _after(date)
                continue
        if not _open_for(plan, date, moved=moved):
            date = _after(date)
            continue
        return date


def _open_for(plan: Plan, day: dt.date, *, moved: bool) -> bool:
    if day in plan.closures:
        return False
    return not (moved and not plan.weekends_open and day.weekday() >= 5)
