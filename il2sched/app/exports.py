"""The ward record for a trial's data systems: ``export ex`` (CDISC SDTM EX rows) and ``export fhir`` (FHIR R4
MedicationAdministration), every patient of the ward record (active, finished or withdrawn), each judged
against its plan as of today so that a moved or changed dose says so."""

from __future__ import annotations

from il2sched.core.reconcile import Reconciliation, reconcile


def _every_patient(db: str | None) -> tuple[Reconciliation, ...]:
    """Every patient's plan reconciled with its records, in the order they were added."""
    from il2sched.app.report import WARD_TZ, today_in
    from il2sched.app.ward import WardPlanners, load_ward, open_ward

    planners, day = WardPlanners(), today_in(WARD_TZ)
    return tuple(reconcile(planners.schedule(p), p.records, day) for p in load_ward(open_ward(db)))


def ex(db: str | None = None) -> bytes:
    """The EX dataset's CSV bytes (English: SDTM's language)."""
    from il2sched.export.ex import render
    from il2sched.sources.locale import texts_for

    return render(_every_patient(db), texts_for("en"))


def fhir(db: str | None = None, lang: str | None = None) -> bytes:
    """The MedicationAdministration Bundle's JSON bytes, its words in ``lang`` (default English)."""
    from il2sched.export.fhir_ma import render
    from il2sched.sources.clock import generation_stamp
    from il2sched.sources.locale import texts_for

    return render(_every_patient(db), texts_for(lang or "en"), generation_stamp())
