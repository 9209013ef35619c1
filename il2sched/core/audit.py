"""The audit trail of the ward record, as the pure core sees it: an entry, its canonical form, the chain.

Every change to the ward record (a patient added, an option set, a delay, a withdrawal, a dose recorded or
corrected) is one :class:`Entry`, appended, never changed. Each entry holds the SHA-256 digest of the one
before it (:attr:`Entry.previous`) and its own (:attr:`Entry.digest`), computed from its canonical form
(:func:`canonical`: JSON with sorted keys, no spaces, UTF-8), so :func:`first_break` finds the first entry
that was altered, removed or moved. Tamper-evident, not tamper-proof: whoever can rewrite the whole chain
from an entry on can hide a change; the head's digest noted elsewhere (``il2sched audit verify`` prints it)
shows that too.

Pure: the time of an entry is given (the store reads the clock), nothing here reads a file or the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

#: The digest an entry names as its previous when it is the first of the trail.
GENESIS = "0" * 64


class Action(StrEnum):
    """What an entry did (stored as these words; never renamed once entries exist)."""

    PATIENT_ADD = "patient.add"
    PATIENT_SET = "patient.set"
    PATIENT_DELAY = "patient.delay"
    PATIENT_WITHDRAW = "patient.withdraw"
    DOSE_RECORD = "dose.record"
    DOSE_CORRECT = "dose.correct"
    USER_ADD = "user.add"
    USER_DISABLE = "user.disable"


@dataclass(frozen=True, slots=True)
class Entry:
    """One appended change: its number in the trail, when (UTC), who, what (``action`` and ``detail``, a
    JSON object), about which patient, why, and the digests that chain it to the entry before."""

    number: int
    at: dt.datetime  # aware, UTC, from the clock
    by: str
    action: str
    patient: str | None
    reason: str
    detail: Mapping[str, Any]  # JSON values only
    previous: str  # the previous entry's digest (GENESIS for the first)
    digest: str = ""  # as stored; :func:`digest` recomputes it


def at_text(at: dt.datetime) -> str:
    """An entry's time as stored and hashed: UTC, microseconds, ``2026-05-12T07:10:03.000123Z``."""
    if at.tzinfo is None:
        raise ValueError("an entry's time must be aware (UTC)")
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_at(text: str) -> dt.datetime:
    """The time :func:`at_text` wrote (``2026-05-12T08:30:00.000000Z``; nothing else)."""
    # fromisoformat once the shape is checked: strptime took most of the time of loading a ward's records.
    if len(text) != 27 or text[10] != "T" or text[19] != "." or text[-1] != "Z":
        raise ValueError(f"{text!r} is not a time of the audit trail (YYYY-MM-DDTHH:MM:SS.ffffffZ)")
    return dt.datetime.fromisoformat(text)  # Python 3.11 reads the Z as UTC (dt.UTC itself)


def json_text(value: Mapping[str, Any]) -> str:
    """``value`` as canonical JSON: sorted keys, no spaces, characters as they are (UTF-8 when encoded)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def canonical(entry: Entry) -> bytes:
    """The bytes an entry's digest is computed from: every field but the digest itself."""
    return json_text(
        {
            "number": entry.number,
            "at": at_text(entry.at),
            "by": entry.by,
            "action": entry.action,
            "patient": entry.patient,
            "reason": entry.reason,
            "detail": dict(entry.detail),
            "previous": entry.previous,
        }
    ).encode("utf-8")


def digest(entry: Entry) -> str:
    """The SHA-256 of ``entry``'s canonical form, in hexadecimal."""
    return hashlib.sha256(canonical(entry)).hexdigest()


def text_digest(text: str) -> str:
    """The SHA-256 of a text (a stored copy of a regimen file), in hexadecimal."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Break:
    """The first entry of a trail that does not hold, and how."""

    number: int  # the entry's number (for a gap: the first number missing)
    # "missing", "altered" or "unchained" (the store adds its tables': "row-missing", "row-altered"...)
    kind: str


def first_break(entries: Iterable[Entry]) -> Break | None:
    """The first entry, in stored order, that is missing, altered or not chained to the one before it;
    None when the whole trail holds."""
    expected, previous = 1, GENESIS
    for entry in entries:
        if entry.number != expected:
            return Break(min(entry.number, expected), "missing" if entry.number > expected else "unchained")
        if digest(entry) != entry.digest:
            return Break(entry.number, "altered")
        if entry.previous != previous:
            return Break(entry.number, "unchained")
        expected, previous = expected + 1, entry.digest
    return None
