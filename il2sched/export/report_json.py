"""The ward record's report as JSON: one patient's reconciliation, or the ward's active patients.

Stable bytes: keys in a fixed order, no clock (the day judged is in the document), UTF-8, a final newline.
The ward's page serves exactly these bytes (``/patients/{code}/report.json``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from il2sched.core.reconcile import Reconciliation
from il2sched.core.texts import Texts
from il2sched.export import report_rows as rows


def document(result: Reconciliation, texts: Texts) -> dict[str, Any]:
    """One patient's reconciliation as a JSON object (the page reads the same)."""
    schedule = result.schedule
    regimen = schedule.regimen
    return {
        "patient": result.patient,
        "as_of": result.today.isoformat(),
        "language": texts.lang,
        "regimen": {
            "id": regimen.id,
            "trial_id": regimen.trial_id,
            "drug": regimen.drug,
            "route": regimen.route,
            "version": regimen.version,
        },
        "start": schedule.plan.start.isoformat(),
        "delays": {str(c): w for c, w in sorted(schedule.plan.delays.items())},
        "adherence": {
            "to_date": rows.adherence(result.to_date, texts),
            "course": rows.adherence(result.course, texts),
        },
        "cycles": [
            {
                "cycle": c.window.cycle,
                "window": {
                    "first": c.window.first.isoformat(),
                    "last": c.window.last.isoformat(),
                    "rule": rule,
                },
                "adherence": {
                    "to_date": rows.adherence(c.to_date, texts),
                    "course": rows.adherence(c.course, texts),
                },
                "doses": [rows.dose(d, texts) for d in c.doses],
            }
            for c, rule in zip(result.cycles, rows.window_words(result, texts), strict=True)
        ],
        "deviations": [rows.deviation(v, texts) for v in result.deviations],
        "not_counted": [r.entry for r in result.not_counted],
    }


def _bytes(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render(result: Reconciliation, texts: Texts) -> bytes:
    """One patient's report as JSON bytes."""
    return _bytes(document(result, texts))


def render_ward(results: Sequence[Reconciliation], texts: Texts, today: str) -> bytes:
    """The ward's report as JSON bytes: each active patient's adherence to date and deviations."""
    return _bytes(
        {
            "as_of": today,
            "language": texts.lang,
            "patients": [
                {
                    **rows.ward_row(r, texts),
                    "adherence": rows.adherence(r.to_date, texts),
                    "deviations": [rows.deviation(v, texts) for v in r.deviations],
                }
                for r in results
            ],
        }
    )
