"""Use cases of the audit trail: every change listed (``audit list [CODE]``), and the whole ward record
checked against it (``audit verify``), in English or French.

What this is and is not: the trail is tamper-evident (an entry altered, removed or moved, or a row that no
longer says what its entry says, is found and named), not tamper-proof, and il2sched is not a validated
21 CFR Part 11 system (README.md, "The ward record").
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from il2sched.app.options import Raw
from il2sched.app.requests import parse_command
from il2sched.app.ward import open_ward, unknown_patient
from il2sched.app.ward_commands import AUDIT_LIST, AUDIT_VERIFY
from il2sched.app.ward_views import record_words
from il2sched.core.audit import Action, Entry, at_text
from il2sched.core.record import DoseRecord, DoseRef, InjectionSite, NotGivenReason, Outcome, YearMonth
from il2sched.core.texts import Texts
from il2sched.errors import StoreError
from il2sched.export import ward as lay_out
from il2sched.sources.locale import texts_for
from il2sched.store.location import locate
from il2sched.store.patients import find_patient
from il2sched.store.trail import entries
from il2sched.store.verify import verify

#: The columns of ``audit list -f csv``: every stored field, for programs and for an auditor's own check.
CSV_COLUMNS = ("entry", "at", "by", "action", "patient", "reason", "detail", "previous", "sha256")


class AuditBroken(StoreError):
    """``audit verify`` found the ward record altered: exit code 1 (a finding, not a mistyped command)."""

    exit_code = 1


def _record_of(entry: Entry) -> DoseRecord | None:
    """The record an entry's detail describes (for its words), if it can be read."""
    d = entry.detail
    try:
        cycle, day = (int(part) for part in str(d["dose"]).split(":"))
        expiry = str(d["expiry"]) if d.get("expiry") else None
        return DoseRecord(
            entry.number, entry.patient or "", DoseRef(cycle, day), Outcome(d["outcome"]), entry.by, entry.at,
            given_at=_given(d.get("given_at")), amount_iu=d.get("amount_iu"), lot=d.get("lot") or "",
            expiry=YearMonth(int(expiry[:4]), int(expiry[5:])) if expiry else None,
            site=InjectionSite(d["site"]) if d.get("site") else None, checked_by=d.get("checked_by"),
            reason=NotGivenReason(d["reason"]) if d.get("reason") else None, note=d.get("note") or "",
            replaces=d.get("replaces"),
        )  # fmt: skip
    except (KeyError, ValueError, TypeError):
        return None


def _given(text: Any) -> Any:
    import datetime as dt

    return dt.datetime.fromisoformat(text) if isinstance(text, str) else None


def what(entry: Entry, texts: Texts) -> str:
    """What an entry did, in words."""
    d = entry.detail
    if entry.action == Action.PATIENT_ADD:
        return texts("audit.added", regimen=d.get("regimen", "?"), start=d.get("start", "?"))
    if entry.action in (Action.PATIENT_SET, Action.PATIENT_DELAY):
        options = d.get("options", {})
        return ", ".join(f"{k} = {_shown(v)}" for k, v in sorted(options.items()))
    if entry.action in (Action.DOSE_RECORD, Action.DOSE_CORRECT):
        record = _record_of(entry)
        words = f"{d.get('dose')}: {record_words(record, texts)}" if record else json.dumps(d)
        if entry.action == Action.DOSE_CORRECT:
            return f"{texts('audit.replaces', entry=d.get('replaces'))}; {words}"
        return words
    if entry.action in (Action.USER_ADD, Action.USER_DISABLE):
        return str(d.get("initials", ""))
    return ""


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value) or "-"
    return "-" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def _action(entry: Entry, texts: Texts) -> str:
    key = f"audit.action.{entry.action}"
    return texts(key) if key in _known(texts) else entry.action


def _known(texts: Texts) -> frozenset[str]:
    from il2sched.core.phrases import PHRASES

    return frozenset(PHRASES[texts.lang])


def trail(db: str | None, code: str | None = None) -> tuple[Entry, ...]:
    """Every entry of the trail (one patient's, with ``code``, whatever its letters' case), oldest first."""
    with open_ward(db) as store, store.reading() as conn:
        if code is not None:
            patient = find_patient(conn, code)
            if patient is None:
                raise unknown_patient(store, code)
            code = patient.code
        return tuple(entries(conn, code))


def audit_list(code: str | None, raw: Mapping[str, Raw]) -> bytes:
    """Every entry of the trail (one patient's, with ``code``), oldest first, as a table or CSV."""
    values = parse_command(AUDIT_LIST, raw)
    texts = texts_for(values["lang"])
    found = trail(values["db"], code)
    if values["format"] == "csv":
        rows = [[str(e.number), at_text(e.at), e.by, e.action, e.patient or "", e.reason,
                 json.dumps(dict(e.detail), sort_keys=True, ensure_ascii=False), e.previous, e.digest]
                for e in found]  # fmt: skip
        return lay_out.csv(CSV_COLUMNS, rows)
    if not found:
        return (texts("audit.none", where=locate(values["db"]).shown) + "\n").encode("utf-8")
    header = [texts(f"audit.column.{c}") for c in ("entry", "at", "by", "action", "patient", "what", "why")]
    rows = [[str(e.number), f"{e.at:%Y-%m-%d %H:%M:%S}", e.by, _action(e, texts), e.patient or "",
             what(e, texts), e.reason] for e in found]  # fmt: skip
    return lay_out.table(header, rows)


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """The line saying the ward record holds (a break raises :class:`AuditBroken`)."""

    message: str


def audit_verify(raw: Mapping[str, Raw]) -> VerifyResult:
    """Check every entry's digest and chain, and every row against its entry; the first problem is one
    line (exit code 1) naming the entry."""
    values = parse_command(AUDIT_VERIFY, raw)
    texts = texts_for(values["lang"])
    with open_ward(values["db"]) as store:
        found = verify(store)
    where = store.location.shown
    if found.problem is not None:
        problem = texts(f"audit.{found.problem.kind}", n=found.problem.number)
        raise AuditBroken(texts("audit.broken", where=where, problem=problem, count=found.count))
    return VerifyResult(texts("audit.holds", where=where, count=found.count, digest=found.head))
