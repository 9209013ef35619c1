"""The report of the ward record: a patient's plan reconciled with what was recorded (``il2sched report
CODE``), or every active patient's deviations, overdue doses and adherence (``il2sched report --ward``).

The plan comes from the stored truth alone (the stored regimen and options: :mod:`il2sched.app.ward`), the
judgement from the pure core (:func:`il2sched.core.reconcile.reconcile`), the bytes from one renderer per
format (``export/report_*.py``). The day judged is ``--as-of``, else today in the patient's zone.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from il2sched.app.report_commands import REPORT_FORMATS
from il2sched.core.model import DEFAULT_TZ
from il2sched.core.reconcile import Reconciliation, reconcile
from il2sched.core.texts import Texts
from il2sched.errors import InvalidValue

#: The zone of the ward report's day: the default zone of every plan.
WARD_TZ = DEFAULT_TZ


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """One patient's report (``code``), or the ward's (``code`` None)."""

    code: str | None
    format: str = "table"
    as_of: dt.date | None = None  # None: today, in the patient's zone
    lang: str | None = None  # None: the patient's stored language (the ward's: English)
    db: str | None = None
    output: str = "-"


def report_request(code: str | None, ward: bool, values: dict[str, Any]) -> ReportRequest:
    """The request of ``report``'s parsed options: a code or ``--ward``, not both, not neither."""
    if (code is None) == (not ward):
        raise InvalidValue(
            "give a patient code (il2sched report P-014) or --ward for every active patient, not both"
            if ward
            else "give a patient code (il2sched report P-014), or --ward for every active patient"
        )
    fmt = values.get("format") or _format_of(values.get("output") or "-")
    return ReportRequest(code, fmt, values.get("as_of"), values.get("lang"), values.get("db"),
                         values.get("output") or "-")  # fmt: skip


def _format_of(output: str) -> str:
    """The format an output's suffix names (``.csv``, ``.json``), else the table."""
    suffix = output.rsplit(".", 1)[-1].lower() if "." in output.rsplit("/", 1)[-1] else ""
    return suffix if suffix in REPORT_FORMATS else "table"


def today_in(tz: str) -> dt.date:
    """Today's date in zone ``tz`` (the clock, read at the edge)."""
    from il2sched.sources.clock import today_in as clock_today

    return clock_today(tz)


def patient_reconciliation(
    code: str, as_of: dt.date | None = None, lang: str | None = None, db: str | None = None
) -> tuple[Reconciliation, Texts]:
    """Patient ``code``'s plan reconciled with its records on ``as_of`` (default: today in its zone), and
    the texts of ``lang`` (default: the patient's language). The ward's page calls this too."""
    from il2sched.app.ward import WardPlanners, load_patient, open_ward
    from il2sched.sources.locale import texts_for

    with open_ward(db) as store:
        patient = load_patient(store, code)
    language = lang or patient.options.lang
    schedule = WardPlanners().schedule(patient, language)
    day = as_of or today_in(patient.options.tz)
    return reconcile(schedule, patient.records, day), texts_for(language)


def ward_reconciliations(as_of: dt.date | None = None, db: str | None = None) -> tuple[Reconciliation, ...]:
    """Every active patient's plan reconciled with its records on ``as_of`` (default: today in
    :data:`WARD_TZ`), in the order they were added."""
    from il2sched.app.ward import active_patients, open_ward

    day = as_of or today_in(WARD_TZ)
    with open_ward(db) as store:
        active = active_patients(store)
    return tuple(reconcile(schedule, p.records, day) for p, schedule in active)


def _renderer(fmt: str, name: str) -> Callable[..., bytes]:
    module = importlib.import_module(f"il2sched.export.report_{fmt}")
    function: Callable[..., bytes] = getattr(module, name)
    return function


def render_patient(result: Reconciliation, texts: Texts, fmt: str) -> bytes:
    """One patient's report in format ``fmt`` (table, csv, json)."""
    return _renderer(fmt, "render")(result, texts)


def render_ward(results: Sequence[Reconciliation], texts: Texts, day: dt.date, fmt: str) -> bytes:
    """The ward's report in format ``fmt``."""
    return _renderer(fmt, "render_ward")(results, texts, day.isoformat())


def report(request: ReportRequest) -> bytes:
    """The report's bytes."""
    from il2sched.sources.locale import texts_for

    if request.code is not None:
        result, texts = patient_reconciliation(request.code, request.as_of, request.lang, request.db)
        return render_patient(result, texts, request.format)
    day = request.as_of or today_in(WARD_TZ)
    results = ward_reconciliations(day, request.db)
    return render_ward(results, texts_for(request.lang or "en"), day, request.format)
