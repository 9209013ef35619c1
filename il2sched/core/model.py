"""The schedule's model: what the user asked for (:class:`Plan`), each dated dose
(:class:`Administration`) and the whole (:class:`Schedule`), with the policies and statuses the engine
(:mod:`.schedule`) uses.

Frozen values, no behaviour beyond reading them: every renderer and the engine share these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from il2sched.core.attention import Attention, attention_of
from il2sched.core.dosing import BodySize, Dose
from il2sched.core.regimen import Cycle, Regimen

#: What the outputs show as the patient of a schedule made without a code (``--patient`` left out). Only
#: a placeholder: a schedule without a code is ``Plan.patient is None``, and ``--patient PATIENT`` is a code
#: like any other.
NO_CODE_LABEL = "PATIENT"
#: The zone of a plan's times unless told otherwise (the option ``--tz`` declares it as its default).
DEFAULT_TZ = "Europe/Paris"


class Status(StrEnum):
    """What happens to an administration."""

    PLANNED = "planned"
    HOLIDAY = "holiday"  # flagged: falls on a public holiday, date kept
    CLOSED = "closed"  # flagged: falls on a site closure, date kept
    SHIFTED = "shifted"  # moved to a later open day within the cycle's window
    SKIPPED = "skipped"  # not given because its day is closed
    OUT_OF_WINDOW = "out_of_window"  # no open day within its cycle's window: kept on its day, to decide


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
    weekends_open: bool = False  # may a moved on-site dose land on a Saturday or Sunday?
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
    home: bool = False  # self-injected at home: closed days and open days do not apply
    # A dose out of its window: the first open day after the window (before the next cycle), if any...
    proposed: dt.date | None = None
    # ...and, when there is none, the next cycle's first day, which bounded the search (None: the last cycle).
    limit: dt.date | None = None

    @property
    def given(self) -> bool:
        """True unless the dose is skipped."""
        return self.status is not Status.SKIPPED

    @property
    def attention(self) -> Attention | None:
        """What a person must do before it is given (:mod:`.attention`); None for a dose to give as planned
        or moved, or left out."""
        return attention_of(self.status)

    @property
    def givable(self) -> bool:
        """A dose to give as it stands: neither left out nor waiting for a person's decision or check."""
        return self.given and self.attention is None


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

    @property
    def to_decide(self) -> int:
        """How many doses wait for the investigator's decision."""
        return sum(1 for a in self.administrations if a.attention is Attention.TO_DECIDE)

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
