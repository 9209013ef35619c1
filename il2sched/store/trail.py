"""The audit trail in the database: appending an entry (under the record's write lock, so the chain never
forks) and reading entries back in order.

The entry's time is read from the clock here, inside the lock, so the trail's times follow its order (UTC;
``SOURCE_DATE_EPOCH`` is for output bytes, never for this).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, Row, insert, select

from il2sched.core.audit import GENESIS, Action, Entry, at_text, digest, json_text, parse_at
from il2sched.store.schema import ENTRIES


def append(
    conn: Connection,
    by: str,
    action: Action,
    patient: str | None,
    reason: str,
    detail: Mapping[str, Any],
    at: dt.datetime | None = None,
) -> Entry:
    """Append one entry after the trail's head; ``conn`` holds the write lock (:meth:`Store.changing`)."""
    head = conn.execute(
        select(ENTRIES.c.number, ENTRIES.c.digest).order_by(ENTRIES.c.number.desc()).limit(1)
    ).first()
    number, previous = (head.number + 1, head.digest) if head is not None else (1, GENESIS)
    entry = Entry(
        number, at or dt.datetime.now(dt.UTC), by, action.value, patient, reason, dict(detail), previous
    )
    entry = replace(entry, digest=digest(entry))
    conn.execute(
        insert(ENTRIES).values(
            number=entry.number, at=at_text(entry.at), by=entry.by, action=entry.action,
            patient=entry.patient, reason=entry.reason, detail=json_text(entry.detail),
            previous=entry.previous, digest=entry.digest,
        )
    )  # fmt: skip
    return entry


def entry_of(row: Row[Any]) -> Entry:
    """An entry as stored (its detail parsed; a detail that is not JSON is kept as text, so the digest check
    reports it rather than a crash)."""
    try:
        detail = json.loads(row.detail)
    except ValueError:
        detail = {"unreadable": row.detail}
    if not isinstance(detail, dict):
        detail = {"unreadable": row.detail}
    try:
        at = parse_at(row.at)
    except ValueError:
        at = dt.datetime(1, 1, 1, tzinfo=dt.UTC)  # altered beyond reading: its digest cannot match
    return Entry(
        row.number, at, row.by, row.action, row.patient, row.reason, detail, row.previous, row.digest
    )


def entries(
    conn: Connection, patient: str | None = None, actions: tuple[Action, ...] = ()
) -> Iterator[Entry]:
    """The trail's entries in order (one patient's, some actions' only, when asked)."""
    query = select(ENTRIES).order_by(ENTRIES.c.number)
    if patient is not None:
        query = query.where(ENTRIES.c.patient == patient)
    if actions:
        query = query.where(ENTRIES.c.action.in_([a.value for a in actions]))
    for row in conn.execute(query):
        yield entry_of(row)


def head(conn: Connection) -> tuple[int, str]:
    """The number and digest of the trail's last entry ((0, GENESIS) for an empty trail)."""
    row = conn.execute(
        select(ENTRIES.c.number, ENTRIES.c.digest).order_by(ENTRIES.c.number.desc()).limit(1)
    ).first()
    return (row.number, row.digest) if row is not None else (0, GENESIS)
