"""JSON export: the plan and its administrations, for other programs."""

from __future__ import annotations

import json

from il2sched.core.options import RenderOptions
from il2sched.core.schedule import Schedule
from il2sched.export.rows import row


def render(schedule: Schedule, options: RenderOptions) -> bytes:
    """The schedule as a JSON object (UTF-8, keys in a stable order, ending with a newline)."""
    plan, regimen, texts = schedule.plan, schedule.regimen, options.texts
    document = {
        "patient": plan.patient,
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
            "dose_iu": schedule.total_dose_iu,
            "dose": texts.dose(schedule.total_dose_iu),
        },
        "closed_days": [
            {"date": day.isoformat(), "kind": closure.kind, "name": closure.name}
            for day, closure in schedule.closures_met()
        ],
        "administrations": [row(a, texts, regimen.window_days(a.cycle)) for a in schedule.administrations],
        "generated": options.stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
