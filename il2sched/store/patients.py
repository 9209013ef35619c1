"""Patients in the ward record: added once (a row and its entry), changed only by entries (an option set, a
delay, a withdrawal), read back with their changes in order.

What the options mean is the application's (``app/requests.py``: ``options_record``); here they are a JSON
object, stored as given.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from sqlalchemy import Connection, Row, insert, select
from sqlalchemy.exc import IntegrityError

from il2sched.core.audit import Action, Entry, text_digest
from il2sched.core.messages import keyed
from il2sched.errors import StoreError
from il2sched.store.database import Store
from il2sched.store.schema import ENTRIES, PATIENTS
from il2sched.store.trail import append, entries, entry_of

#: The entries that change a patient after it was added, in the order they apply.
CHANGES = (Action.PATIENT_SET, Action.PATIENT_DELAY, Action.PATIENT_WITHDRAW)


@dataclass(frozen=True, slots=True)
class NewPatient:
    """A patient to add: its code, start, regimen (as given, its id and version, its file's text) and
    options (their stored record)."""

    code: str
    start: dt.date
    regimen: str
    regimen_id: str
    regimen_version: str
    regimen_source: str
    options: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class PatientRow(NewPatient):
    """A patient as stored when added, and the number of the entry that added it."""

    entry: int


def patient_detail(patient: NewPatient) -> dict[str, Any]:
    """What a patient's entry says it added (the regimen's text by its digest), from the value written or
    the row read: ``audit verify`` compares the two."""
    return {
        "start": patient.start.isoformat(),
        "regimen": patient.regimen,
        "regimen_id": patient.regimen_id,
        "regimen_version": patient.regimen_version,
        "regimen_sha256": text_digest(patient.regimen_source),
        "options": dict(patient.options),
    }


def add_patient(store: Store, patient: NewPatient, by: str, reason: str = "") -> Entry:
    """Add ``patient`` (one entry and its row); a code already there (whatever its letters' case) is one
    line naming when and by whom it was added."""
    return add_patients(store, (patient,), by, reason)[0]


def add_patients(store: Store, patients: Sequence[NewPatient], by: str, reason: str = "") -> list[Entry]:
    """Add every one of ``patients`` (an entry and a row each) in one transaction: all of them or none. A
    code already there (whatever its letters' case) is one line naming when and by whom it was added."""
    try:
        with store.changing() as conn:
            _refuse_taken(conn, patients)
            return [_insert(conn, patient, by, reason) for patient in patients]
    except IntegrityError:  # added by another program since the check: say which, as the check does
        with store.reading() as conn:
            _refuse_taken(conn, patients)
        raise


def _insert(conn: Connection, patient: NewPatient, by: str, reason: str) -> Entry:
    entry = append(conn, by, Action.PATIENT_ADD, patient.code, reason, patient_detail(patient))
    conn.execute(
        insert(PATIENTS).values(
            code=patient.code, code_key=patient.code.casefold(), entry=entry.number,
            start=patient.start.isoformat(), regimen=patient.regimen, regimen_id=patient.regimen_id,
            regimen_version=patient.regimen_version, regimen_source=patient.regimen_source,
            options=json.dumps(dict(patient.options), sort_keys=True),
        )
    )  # fmt: skip
    return entry


#: How many codes one query looks up (well under every backend's limit of parameters).
_CHUNK = 500


def _refuse_taken(conn: Connection, patients: Sequence[NewPatient]) -> None:
    """Refuse, naming the first, patients whose code is already in the record."""
    keys = [p.code.casefold() for p in patients]
    for first in range(0, len(keys), _CHUNK):
        chunk = keys[first : first + _CHUNK]
        row = conn.execute(
            select(*_READ).where(PATIENTS.c.code_key.in_(chunk)).order_by(PATIENTS.c.entry).limit(1)
        ).first()
        if row is None:
            continue
        existing = _row(row)
        added = added_entry(conn, existing)
        if added is None:  # a trail without the patient's entry: audit verify says more
            raise keyed(StoreError, "patients.taken_unknown", option="patient", code=existing.code)
        raise keyed(
            StoreError, "patients.taken", option="patient", code=existing.code,
            added=f"{added.at:%Y-%m-%d %H:%M} UTC", by=added.by,
        )  # fmt: skip


def append_change(
    store: Store, code: str, action: Action, by: str, reason: str, detail: Mapping[str, Any]
) -> Entry:
    """Append a change of patient ``code`` (who must be in the record)."""
    if action not in CHANGES:
        raise ValueError(f"{action} does not change a patient")
    try:
        with store.changing() as conn:
            return append(conn, by, action, code, reason, detail)
    except IntegrityError:
        if action is Action.PATIENT_WITHDRAW:
            raise StoreError(f"patient {code} is already withdrawn; a withdrawal is recorded once") from None
        raise


#: The columns a :class:`PatientRow` is read from, in its order: read by position (by name costs a ward of
#: 10,000 patients a third of a second).
_READ = (
    PATIENTS.c.code, PATIENTS.c.start, PATIENTS.c.regimen, PATIENTS.c.regimen_id, PATIENTS.c.regimen_version,
    PATIENTS.c.regimen_source, PATIENTS.c.options, PATIENTS.c.entry,
)  # fmt: skip


def _row(
    row: Row[Any, Any, Any, Any, Any, Any, Any, Any], read: dict[str, Mapping[str, Any]] | None = None
) -> PatientRow:
    """``row`` as a :class:`PatientRow`; ``read``: the options texts already parsed (a ward's patients
    share a few; each is read-only, so rows may share it)."""
    code, start, regimen, regimen_id, version, source, text, entry = row
    options = None if read is None else read.get(text)
    if options is None:
        options = MappingProxyType(json.loads(text))
        if read is not None:
            read[text] = options
    return PatientRow(
        code, dt.date.fromisoformat(start), regimen, regimen_id, version, source, options, entry
    )


def find_patient(conn: Connection, code: str) -> PatientRow | None:
    """The patient whose code is ``code`` (whatever its letters' case), if any."""
    row = conn.execute(select(*_READ).where(PATIENTS.c.code_key == code.casefold())).first()
    return _row(row) if row is not None else None


def added_entry(conn: Connection, patient: PatientRow) -> Entry | None:
    """The entry that added ``patient``."""
    row = conn.execute(select(ENTRIES).where(ENTRIES.c.number == patient.entry)).first()
    return entry_of(row) if row is not None else None


def patient_changes(conn: Connection, code: str) -> tuple[Entry, ...]:
    """The changes of patient ``code`` since it was added, in order."""
    return tuple(entries(conn, code, CHANGES))


def all_patients(conn: Connection) -> Iterator[PatientRow]:
    """Every patient, in the order they were added."""
    read: dict[str, Mapping[str, Any]] = {}
    for row in conn.execute(select(*_READ).order_by(PATIENTS.c.entry)):
        yield _row(row, read)


def all_changes(conn: Connection) -> dict[str, list[Entry]]:
    """Every patient's changes in order, by code (one query for a whole ward)."""
    changes: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries(conn, None, CHANGES):
        if entry.patient is not None:
            changes[entry.patient].append(entry)
    return changes
