"""What a nurse recorded about a dose: the ward record's values, as the pure core sees them.

A record says of one planned dose (named as the CSV names it: its cycle and its cycle day) that it was
given (when, how much, which lot, where, by whom) or not given (and why). Records are never changed in
place: a correction is a new record that names the one it replaces (:attr:`DoseRecord.replaces`), so the
record in force for a dose is the last of its chain (:func:`in_force`).

The store (``il2sched.store``) keeps them with their audit entries; the reconciliation
(``il2sched.core.reconcile``) judges them against the plan. Neither this module nor the reconciliation
knows where the records come from. Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    """What happened to a dose."""

    GIVEN = "given"
    NOT_GIVEN = "not-given"


class NotGivenReason(StrEnum):
    """Why a dose was not given (the command line's ``--reason`` words)."""

    REFUSED = "refused"
    NOT_TOLERATED = "not-tolerated"
    HELD_BY_PHYSICIAN = "held-by-physician"
    DRUG_UNAVAILABLE = "drug-unavailable"
    UNIT_CLOSED = "unit-closed"
    OTHER = "other"


class InjectionSite(StrEnum):
    """Where a subcutaneous dose was injected (the printed sheet's site boxes)."""

    ABDOMEN_LEFT = "abdomen-left"
    ABDOMEN_RIGHT = "abdomen-right"
    THIGH_LEFT = "thigh-left"
    THIGH_RIGHT = "thigh-right"
    ARM_LEFT = "arm-left"
    ARM_RIGHT = "arm-right"


@dataclass(frozen=True, slots=True, order=True)
class DoseRef:
    """One planned dose of a patient, as the CSV's columns name it: ``CYCLE:DAY`` (cycle, cycle day)."""

    cycle: int
    day: int

    def __str__(self) -> str:
        return f"{self.cycle}:{self.day}"


@dataclass(frozen=True, slots=True, order=True)
class YearMonth:
    """An expiry date as vials carry it: a year and a month (valid to the month's last day)."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def last_day(self) -> dt.date:
        """The last day the product may be used."""
        following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DoseRecord:
    """One recorded outcome of one planned dose: an entry of the ward record, never changed in place."""

    entry: int  # the number of the audit entry that made it (unique, increasing)
    patient: str
    dose: DoseRef
    outcome: Outcome
    by: str  # the initials of who recorded it (or the signed-in account)
    recorded_at: dt.datetime  # when it was recorded (UTC, aware), from the clock
    # Given: the local wall time in the patient's zone (naive), the amount, the lot and its expiry, the site.
    given_at: dt.datetime | None = None
    amount_iu: int | None = None  # None: not said (the planned amount)
    lot: str = ""
    expiry: YearMonth | None = None
    site: InjectionSite | None = None
    checked_by: str | None = None  # the second nurse's initials, when the regimen or ward asks for a check
    # Not given: why, and any words.
    reason: NotGivenReason | None = None
    note: str = ""
    # A correction: the entry of the record it replaces, and why.
    replaces: int | None = None
    correction_reason: str = ""

    @property
    def given(self) -> bool:
        """True for a dose recorded as given."""
        return self.outcome is Outcome.GIVEN


def in_force(records: Iterable[DoseRecord]) -> dict[DoseRef, DoseRecord]:
    """The record in force for each dose: the last of each chain of corrections.

    A record replaced by a later one is history; the store's constraints make each record replaced at most
    once, so every dose has at most one record in force.
    """
    ordered = sorted(records, key=lambda r: r.entry)
    replaced = {r.replaces for r in ordered if r.replaces is not None}
    return {r.dose: r for r in ordered if r.entry not in replaced}
