"""The ward record's report as CSV (RFC 4180, UTF-8): one row per planned dose of a patient, or one row per
active patient of the ward. Cells a spreadsheet would run as formulas are neutralised."""

from __future__ import annotations

from collections.abc import Sequence

from il2sched.core.reconcile import Reconciliation
from il2sched.core.texts import Texts
from il2sched.export.csv import lines, neutralize
from il2sched.export.report_rows import DOSE_COLUMNS, WARD_COLUMNS, dose_row, ward_row


def render(result: Reconciliation, texts: Texts) -> bytes:
    """One patient's planned doses, each with its state, record in force and deviations."""
    body = (dose_row(d, result.patient, texts) for d in result.doses)
    cells = [[neutralize(str(row[c])) for c in DOSE_COLUMNS] for row in body]
    return lines([list(DOSE_COLUMNS), *cells], excel=False)


def render_ward(results: Sequence[Reconciliation], texts: Texts, today: str) -> bytes:
    """One row per active patient: adherence to date, the whole course, deviations, overdue doses."""
    body = (ward_row(r, texts) for r in results)  # each row made once, not once a column
    cells = [[neutralize(str(row[c])) for c in WARD_COLUMNS] for row in body]
    return lines([list(WARD_COLUMNS), *cells], excel=False)
