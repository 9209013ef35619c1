"""The reconciliation's values as flat records, shared by the report's CSV and JSON (and the ward's page).

Machine values (ISO dates, exact integers in units, the states' and rules' words) beside the words for people
in the report's language. Percentages are exact decimals cut to a tenth
(:func:`il2sched.core.reconcile.percent`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from il2sched.core.reconcile import Adherence, Deviation, DoseState, ReconciledDose, Reconciliation
from il2sched.core.reconcile_words import (
    adherence_text,
    deviation_line,
    deviation_text,
    record_text,
    state_text,
    window_rule,
)
from il2sched.core.record import DoseRecord
from il2sched.core.texts import Texts

#: The report's CSV columns, one row per planned dose.
DOSE_COLUMNS = (
    "patient", "cycle", "cycle_day", "planned_date", "planned_iu", "attention", "state", "given_at",
    "given_iu", "lot", "expiry", "site", "by", "checked_by", "reason", "note", "entry", "window_first",
    "window_last", "rules", "state_text", "deviation",
)  # fmt: skip
#: The ward report's CSV columns, one row per active patient.
WARD_COLUMNS = (
    "patient", "regimen", "start", "doses_given", "doses_due", "doses_percent", "units_given", "units_due",
    "units_percent", "course_doses_given", "course_doses_planned", "deviations", "overdue", "not_given",
)  # fmt: skip


def number(value: Decimal | None) -> int | float | None:
    """An exact percentage as a JSON number (a tenth at most: the float keeps it exactly)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def adherence(value: Adherence, texts: Texts) -> dict[str, Any]:
    """Doses and units given over planned, their percentages and the words."""
    return {
        "doses_given": value.doses_given,
        "doses_planned": value.doses_planned,
        "doses_percent": number(value.doses_percent),
        "units_given": value.units_given,
        "units_planned": value.units_planned,
        "units_percent": number(value.units_percent),
        "text": adherence_text(value, texts),
    }


def record(r: DoseRecord, planned_iu: int, texts: Texts) -> dict[str, Any]:
    """One record of the ward record, as stored, with its words."""
    return {
        "entry": r.entry,
        "dose": str(r.dose),
        "outcome": str(r.outcome),
        "given_at": r.given_at.isoformat(timespec="minutes") if r.given_at else None,
        "amount_iu": r.amount_iu if r.amount_iu is not None else (planned_iu if r.given else None),
        "lot": r.lot or None,
        "expiry": str(r.expiry) if r.expiry else None,
        "site": str(r.site) if r.site else None,
        "by": r.by,
        "checked_by": r.checked_by,
        "reason": str(r.reason) if r.reason else None,
        "note": r.note or None,
        "recorded_at": r.recorded_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "replaces": r.replaces,
        "correction_reason": r.correction_reason or None,
        "text": record_text(r, planned_iu, texts),
    }


def deviation(value: Deviation, texts: Texts) -> dict[str, Any]:
    """A rule broken, by which dose, and the sentence saying so."""
    return {
        "dose": str(value.dose),
        "rule": str(value.rule),
        "planned_iu": value.planned_iu or None,
        "given_iu": value.given_iu,
        "given_on": value.given_on.isoformat() if value.given_on else None,
        "window": [value.window.first.isoformat(), value.window.last.isoformat()] if value.window else None,
        "text": deviation_line(value, texts),
    }


def dose(d: ReconciledDose, texts: Texts) -> dict[str, Any]:
    """A planned dose, what became of it, its record in force and the ones it replaced."""
    a = d.admin
    return {
        "dose": str(d.ref),
        "cycle": a.cycle,
        "cycle_day": a.cycle_day,
        "planned_date": a.date.isoformat(),
        "planned_iu": a.dose_iu,
        "attention": str(a.attention) if a.attention else None,
        "state": str(d.state),
        "state_text": state_text(d, texts),
        "given_iu": d.given_iu,
        "record": record(d.record, a.dose_iu, texts) if d.record else None,
        "history": [record(r, a.dose_iu, texts) for r in d.history],
        "rules": [str(v.rule) for v in d.deviations],
    }


def dose_row(d: ReconciledDose, patient: str, texts: Texts) -> dict[str, Any]:
    """A planned dose as a CSV row of :data:`DOSE_COLUMNS`."""
    a, r = d.admin, d.record
    return {
        "patient": patient,
        "cycle": a.cycle,
        "cycle_day": a.cycle_day,
        "planned_date": a.date.isoformat(),
        "planned_iu": a.dose_iu,
        "attention": str(a.attention or ""),
        "state": str(d.state),
        "given_at": r.given_at.isoformat(sep=" ", timespec="minutes") if r and r.given_at else "",
        "given_iu": d.given_iu if d.state.given else "",
        "lot": r.lot if r else "",
        "expiry": str(r.expiry) if r and r.expiry else "",
        "site": str(r.site) if r and r.site else "",
        "by": r.by if r else "",
        "checked_by": (r.checked_by or "") if r else "",
        "reason": str(r.reason) if r and r.reason else "",
        "note": r.note if r else "",
        "entry": r.entry if r else "",
        "window_first": d.window.first.isoformat(),
        "window_last": d.window.last.isoformat(),
        "rules": " ".join(str(v.rule) for v in d.deviations),
        "state_text": state_text(d, texts),
        "deviation": texts.joined(*(deviation_text(v, texts) for v in d.deviations)),
    }


def ward_row(result: Reconciliation, texts: Texts) -> dict[str, Any]:
    """An active patient's line of the ward report, as a CSV row of :data:`WARD_COLUMNS`."""
    to_date, course = result.to_date, result.course
    return {
        "patient": result.patient,
        "regimen": result.schedule.regimen.id,
        "start": result.schedule.plan.start.isoformat(),
        "doses_given": to_date.doses_given,
        "doses_due": to_date.doses_planned,
        "doses_percent": _shown(to_date.doses_percent),
        "units_given": to_date.units_given,
        "units_due": to_date.units_planned,
        "units_percent": _shown(to_date.units_percent),
        "course_doses_given": course.doses_given,
        "course_doses_planned": course.doses_planned,
        "deviations": len(result.deviations),
        "overdue": result.count(DoseState.OVERDUE),
        "not_given": result.count(DoseState.NOT_GIVEN),
    }


def _shown(value: Decimal | None) -> str:
    """A percentage in a machine column: "74.2", "80", empty when nothing was due."""
    return "" if value is None else str(value)


def window_words(result: Reconciliation, texts: Texts) -> list[str]:
    """Each cycle's window rule, in cycle order."""
    return [window_rule(c.window, texts) for c in result.cycles]
