"""Dose records in the ward record: one row and one entry per recorded outcome, never changed.

"Already recorded" is the database's answer, not a read before the write: the first record of a dose is
unique (a partial unique index), so of two nurses recording the same dose at once exactly one succeeds, on
SQLite and PostgreSQL alike. A correction names the record it replaces, which must be the same patient's
same dose and not replaced yet (a foreign key and a unique column).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from il2sched.core.audit import Action, parse_at
from il2sched.core.record import DoseRecord, DoseRef, InjectionSite, NotGivenReason, Outcome, YearMonth
from il2sched.store.database import Store
from il2sched.store.schema import ENTRIES, RECORDS
from il2sched.store.trail import append

#: A given time as stored: the local wall time in the patient's zone, to the minute.
GIVEN_FORMAT = "%Y-%m-%dT%H:%M"


class AlreadyRecorded(Exception):
    """The dose has a record already (``existing``: the one in force, or the one already replacing the
    record a correction named); the application says it in the user's words."""

    def __init__(self, existing: DoseRecord) -> None:
        super().__init__(f"already recorded: entry {existing.entry}")
        self.existing = existing


def _columns(record: DoseRecord) -> dict[str, Any]:
    """A record's row, as stored (texts for times, months, sites and reasons)."""
    return {
        "patient": record.patient,
        "cycle": record.dose.cycle,
        "day": record.dose.day,
        "outcome": record.outcome.value,
        "given_at": record.given_at.strftime(GIVEN_FORMAT) if record.given_at else None,
        "amount_iu": record.amount_iu,
        "lot": record.lot,
        "expiry": str(record.expiry) if record.expiry else None,
        "site": record.site.value if record.site else None,
        "checked_by": record.checked_by,
        "reason": record.reason.value if record.reason else None,
        "note": record.note,
        "replaces": record.replaces,
    }


def _detail(columns: Any) -> dict[str, Any]:
    """What a record's entry says was recorded, from its row's columns (a mapping or a row read back)."""
    get = columns.__getitem__ if isinstance(columns, dict) else columns._mapping.__getitem__
    return {
        "dose": f"{get('cycle')}:{get('day')}",
        **{key: get(key) for key in DETAIL_COLUMNS},
    }


#: The row's columns an entry's detail repeats as they are.
DETAIL_COLUMNS = (
    "outcome", "given_at", "amount_iu", "lot", "expiry", "site", "checked_by", "reason", "note", "replaces",
)  # fmt: skip


def record_detail(record: DoseRecord) -> dict[str, Any]:
    """What a record's entry says was recorded (its row holds the same): ``audit verify`` compares them."""
    return _detail(_columns(record))


def add_record(store: Store, record: DoseRecord) -> DoseRecord:
    """Append ``record`` (its ``entry`` and ``recorded_at`` are the new entry's); a dose recorded already, or
    a record corrected already, raises :class:`AlreadyRecorded` and nothing is changed."""
    action = Action.DOSE_CORRECT if record.replaces is not None else Action.DOSE_RECORD
    why = record.correction_reason if record.replaces is not None else (record.reason or "")
    try:
        with store.changing() as conn:
            entry = append(conn, record.by, action, record.patient, str(why), record_detail(record))
            conn.execute(insert(RECORDS).values(entry=entry.number, **_columns(record)))
            return replace(record, entry=entry.number, recorded_at=entry.at)
    except IntegrityError:
        with store.reading() as conn:
            existing = _existing(conn, record)
        if existing is None:
            raise
        raise AlreadyRecorded(existing) from None


def _existing(conn: Connection, record: DoseRecord) -> DoseRecord | None:
    """The record that made ``record``'s insert fail: the dose's record in force, or for a correction the
    one that already replaced the same record."""
    query = _joined().where(
        RECORDS.c.patient == record.patient,
        RECORDS.c.cycle == record.dose.cycle,
        RECORDS.c.day == record.dose.day,
    )
    found = [_record(row) for row in conn.execute(query.order_by(RECORDS.c.entry))]
    if record.replaces is not None:
        return next((r for r in found if r.replaces == record.replaces), None)
    replaced = {r.replaces for r in found}
    in_force = [r for r in found if r.entry not in replaced]
    return in_force[-1] if in_force else None


#: The columns :func:`_record` reads, in the order it unpacks them (by position: quicker than by name over a
#: ward's records).
_READ = (
    RECORDS.c.entry, RECORDS.c.patient, RECORDS.c.cycle, RECORDS.c.day, RECORDS.c.outcome, RECORDS.c.given_at,
    RECORDS.c.amount_iu, RECORDS.c.lot, RECORDS.c.expiry, RECORDS.c.site, RECORDS.c.checked_by,
    RECORDS.c.reason, RECORDS.c.note, RECORDS.c.replaces, ENTRIES.c.at, ENTRIES.c.by, ENTRIES.c.reason,
)  # fmt: skip


def _joined() -> Any:
    return select(*_READ).join(ENTRIES, ENTRIES.c.number == RECORDS.c.entry)


#: The stored words of each kind, to their members: a dictionary is several times quicker than calling the
#: enumeration over a ward's records (a word not among them is still the enumeration's ValueError).
_OUTCOMES = {member.value: member for member in Outcome}
_SITES = {member.value: member for member in InjectionSite}
_REASONS = {member.value: member for member in NotGivenReason}


def _record(row: Sequence[Any]) -> DoseRecord:
    (entry, patient, cycle, day, outcome, given_at, amount_iu, lot, expiry, site, checked_by, reason, note,
     replaces, at, by, why) = row  # fmt: skip
    return DoseRecord(
        entry=entry,
        patient=patient,
        dose=DoseRef(cycle, day),
        outcome=_OUTCOMES.get(outcome) or Outcome(outcome),
        by=by,
        recorded_at=parse_at(at),
        given_at=_given_at(given_at) if given_at else None,
        amount_iu=amount_iu,
        lot=lot,
        expiry=YearMonth(int(expiry[:4]), int(expiry[5:])) if expiry else None,
        site=(_SITES.get(site) or InjectionSite(site)) if site else None,
        checked_by=checked_by,
        reason=(_REASONS.get(reason) or NotGivenReason(reason)) if reason else None,
        note=note,
        replaces=replaces,
        correction_reason=why if replaces is not None else "",
    )


def _given_at(text: str) -> dt.datetime:
    """The local time :data:`GIVEN_FORMAT` wrote (``2026-05-12T08:30``): fromisoformat once the shape is
    checked, many times quicker than strptime over a ward's records."""
    if len(text) != 16 or text[10] != "T":
        raise ValueError(f"{text!r} is not a time given (YYYY-MM-DDTHH:MM)")
    return dt.datetime.fromisoformat(text)


def patient_records(conn: Connection, code: str) -> tuple[DoseRecord, ...]:
    """Every record of patient ``code``, corrections and the records they replaced included, in order."""
    query = _joined().where(RECORDS.c.patient == code).order_by(RECORDS.c.entry)
    return tuple(_record(row) for row in conn.execute(query))


def all_records(conn: Connection) -> dict[str, list[DoseRecord]]:
    """Every patient's records in order, by code (one query for a whole ward)."""
    found: dict[str, list[DoseRecord]] = defaultdict(list)
    for row in conn.execute(_joined().order_by(RECORDS.c.entry)):
        found[row.patient].append(_record(row))
    return found


def record_rows(conn: Connection) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """Each record's entry number, patient and what its row says (:func:`record_detail`), for ``audit
    verify``."""
    for row in conn.execute(select(RECORDS).order_by(RECORDS.c.entry)):
        yield row.entry, row.patient, _detail(row)


def find_record(conn: Connection, entry: int) -> DoseRecord | None:
    """The record made by entry number ``entry``, if that entry made one."""
    row = conn.execute(_joined().where(RECORDS.c.entry == entry)).first()
    return _record(row) if row is not None else None
