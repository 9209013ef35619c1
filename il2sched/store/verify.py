"""Checking the ward record against its audit trail (``il2sched audit verify``).

The trail's chain is checked by the core (:func:`il2sched.core.audit.first_break`): an entry altered,
removed or moved. The tables a use case reads (``patients``, ``dose_records``, ``users``) repeat what their
entries say, and are checked against them: a row altered, removed, or with no entry of its own. The first
problem, in the trail's order, is the one reported.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from il2sched.core.audit import Action, Break, Entry, first_break, text_digest
from il2sched.store.database import Store
from il2sched.store.records import record_rows
from il2sched.store.schema import PATIENTS
from il2sched.store.trail import entries, head
from il2sched.store.users import user_rows

#: The actions whose entries have a row of a table, and which table.
_ROW_TABLES = {
    Action.PATIENT_ADD.value: "patients",
    Action.DOSE_RECORD.value: "dose_records",
    Action.DOSE_CORRECT.value: "dose_records",
    Action.USER_ADD.value: "users",
    Action.USER_DISABLE.value: "users",
}


@dataclass(frozen=True, slots=True)
class Verified:
    """What ``audit verify`` found: the entries checked, the head's digest, and the first break (None: the
    record holds)."""

    count: int
    head: str
    problem: Break | None


def _patient_rows(store: Store) -> dict[int, tuple[str, dict[str, Any]]]:
    """Each patient row's entry number, code and what its entry should say."""
    rows = {}
    with store.reading() as conn:
        for row in conn.execute(select(PATIENTS)):
            try:
                options = json.loads(row.options)
            except ValueError:
                options = {"unreadable": row.options}
            detail = {
                "start": row.start, "regimen": row.regimen, "regimen_id": row.regimen_id,
                "regimen_version": row.regimen_version, "regimen_sha256": text_digest(row.regimen_source),
                "options": options,
            }  # fmt: skip
            rows[row.entry] = (row.code, detail)
    return rows


def _row_break(entry: Entry, rows: Mapping[int, tuple[str | None, dict[str, Any]]]) -> Break | None:
    table = _ROW_TABLES.get(entry.action)
    row = rows.get(entry.number)
    if table is None:
        return Break(entry.number, "row-extra") if row is not None else None
    if row is None:
        return Break(entry.number, "row-missing")
    patient, detail = row
    if patient != entry.patient or detail != dict(entry.detail):
        return Break(entry.number, "row-altered")
    return None


def verify(store: Store) -> Verified:
    """Check the whole ward record: the first entry (in the trail's order) whose chain or row breaks."""
    rows: dict[int, tuple[str | None, dict[str, Any]]] = dict(_patient_rows(store))
    with store.reading() as conn:
        for number, patient, detail in record_rows(conn):
            rows[number] = (patient, detail) if number not in rows else (None, {"clash": True})
        for number, detail in user_rows(conn):
            rows[number] = (None, detail) if number not in rows else (None, {"clash": True})
        trail = list(entries(conn))
        count, last = head(conn)
    problem = first_break(trail)
    numbers = {e.number for e in trail}
    for entry in trail:
        if problem is not None and entry.number >= problem.number:
            break
        found = _row_break(entry, rows)
        if found is not None:
            problem = found
            break
    orphans = sorted(n for n in rows if n not in numbers)
    if orphans and (problem is None or orphans[0] < problem.number):
        problem = Break(orphans[0], "row-orphan")
    return Verified(count, last, problem)
