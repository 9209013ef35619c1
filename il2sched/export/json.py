"""JSON export: the plan and its administrations, for other programs."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from il2sched.core.options import RenderOptions
from il2sched.core.schedule import Schedule
from il2sched.core.summary import dose_basis
from il2sched.core.texts import Texts
from il2sched.export.rows import row


def _number(value: Decimal | None) -> int | float | None:
    """An exact decimal as a JSON number (at most a few significant digits: floats keep them exactly)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def body_records(schedule: Schedule, texts: Texts) -> dict[str, Any]:
    """``body_size`` and ``dose_basis`` for a regimen with body-size doses; nothing for fixed doses."""
    if not any(d.rule.per for d in schedule.doses):
        return {}
    body = schedule.plan.body
    size: dict[str, Any] = {
        "bsa_m2": _number(body.bsa_m2) if body else None,
        "bsa_formula": "mosteller" if body and body.mosteller else None,
        "height_cm": _number(body.height_cm) if body else None,
        "weight_kg": _number(body.weight_kg) if body else None,
    }
    basis = [
        {
            "phase": phase.number,
            "per": dose.rule.per or None,
            "amount_iu": dose.rule.amount_iu,
            "size": _number(dose.size),
            "exact_iu": _number(dose.exact),
            "round_to_iu": dose.rule.step_iu if dose.rule.per else None,
            "max_dose_iu": dose.rule.cap_iu,
            "dose_iu": dose.iu,
            "text": dose_basis(dose, texts),
        }
        for phase, dose in zip(schedule.regimen.phases, schedule.doses, strict=True)
    ]
    return {"body_size": size, "dose_basis": basis}


def render(schedule: Schedule, options: RenderOptions) -> bytes:
    """The schedule as a JSON object (UTF-8, keys in a stable order, ending with a newline)."""
    plan, regimen, texts = schedule.plan, schedule.regimen, options.texts
    document = {
        "patient": plan.shown_patient,
        "regimen": {
            "id": regimen.id,
            "title": regimen.title,
            "trial_id": regimen.trial_id,
            "local_code": regimen.local_code,
            "drug": regimen.drug,
            "brand": regimen.brand,
            "route": regimen.route,
            "dose_unit": regimen.dose_unit,
        },
        "start": plan.start.isoformat(),
        "end": schedule.last_date.isoformat(),
        "time": plan.time.strftime("%H:%M") if plan.time else None,
        "timezone": plan.tz if plan.time else None,
        "language": texts.lang,
        "policy": str(plan.policy),
        "delays": {str(c): w for c, w in sorted(plan.delays.items())},
        "totals": {
            "administrations": len(schedule.given),
            "skipped": len(schedule.administrations) - len(schedule.given),
            "to_decide": schedule.to_decide,
            "dose_iu": schedule.total_dose_iu,
            "dose": texts.dose(schedule.total_dose_iu),
        },
        **body_records(schedule, texts),
        "closed_days": [
            {"date": day.isoformat(), "kind": closure.kind, "name": closure.name}
            for day, closure in schedule.closures_met()
        ],
        "administrations": [
            row(a, texts, regimen.window_days(a.cycle), plan.tz) for a in schedule.administrations
        ],
        "generated": options.stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
