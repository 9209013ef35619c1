"""Read-only use cases of the ward's page: the list of patients with what needs doing, the doses due on a day,
one patient's plan merged with its record, and the trail.

Each reads the ward record once (one transaction), plans every patient from the stored truth alone
(:mod:`.ward`) and judges it with the core's reconciliation (:func:`~il2sched.core.reconcile.reconcile`), so
the page shows exactly what ``report`` and ``patients list`` say. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from il2sched.app.ward import (
    Status,
    StoredPatient,
    WardPlanners,
    load_patient,
    load_ward,
    open_ward,
    status_of,
)
from il2sched.core.reconcile import DoseState, ReconciledDose, Reconciliation, reconcile
from il2sched.core.record import DoseRecord, DoseRef
from il2sched.core.schedule import Administration


@dataclass(frozen=True, slots=True)
class PatientLine:
    """One patient of the list: where its course stands, its next dose, and what is open."""

    patient: StoredPatient
    status: Status
    next_dose: Administration | None  # the first dose (date order) with no record in force
    deviations: int  # rules broken so far (overdue doses included)
    overdue: int


@dataclass(frozen=True, slots=True)
class DueDose:
    """A dose of the day's list: its patient, its plan, and its record in force (None: not recorded)."""

    patient: StoredPatient
    dose: ReconciledDose
    double_check: bool  # the regimen or the patient's options ask for a second nurse's check

    @property
    def key(self) -> str:
        """The row's identity on the page: the patient and the dose (``P-014-2-3``)."""
        return f"{self.patient.code}-{self.dose.admin.cycle}-{self.dose.admin.cycle_day}"


@dataclass(frozen=True, slots=True)
class PatientView:
    """One patient as its page shows it: the stored patient and its plan judged on ``as_of``."""

    patient: StoredPatient
    status: Status
    result: Reconciliation


def _judged(patient: StoredPatient, planners: WardPlanners, day: dt.date, lang: str | None) -> Reconciliation:
    return reconcile(planners.schedule(patient, lang), patient.records, day)


def patient_lines(db: str | None, day: dt.date, search: str = "") -> tuple[PatientLine, ...]:
    """Every patient (withdrawn and finished too) whose code contains ``search`` (any case), in code order,
    judged on ``day``."""
    with open_ward(db) as store:
        ward = load_ward(store)
    wanted = search.strip().casefold()
    planners, lines = WardPlanners(), []
    for patient in sorted(ward, key=lambda p: p.code.casefold()):
        if wanted and wanted not in patient.code.casefold():
            continue
        result = _judged(patient, planners, day, None)
        recorded = patient.in_force()
        waiting = [a for a in result.schedule.given if DoseRef(a.cycle, a.cycle_day) not in recorded]
        following = min(waiting, key=lambda a: (a.date, a.cycle, a.cycle_day), default=None)
        status = status_of(patient, result.schedule)
        lines.append(
            PatientLine(
                patient,
                status,
                following if status is Status.ACTIVE else None,
                len(result.deviations),
                result.count(DoseState.OVERDUE),
            )
        )
    return tuple(lines)


def _double_check(patient: StoredPatient) -> bool:
    return bool(patient.regimen.double_check or patient.options.double_check)


def due_on(db: str | None, day: dt.date, lang: str) -> tuple[DueDose, ...]:
    """The doses of ``day`` for every patient not withdrawn, in time order: those planned that day (recorded
    or not), and those of earlier days still waiting for a record within their window. A dose that needs a
    person's decision is among them (its ``dose.attention`` says so; the page never offers it to give)."""
    with open_ward(db) as store:
        ward = load_ward(store)
    planners, due = WardPlanners(), []
    for patient in ward:
        if patient.withdrawal is not None:
            continue
        for dose in _judged(patient, planners, day, lang).doses:
            admin = dose.admin
            today = admin.date == day
            waiting = admin.date < day and dose.record is None and dose.window.holds(day)
            if admin.given and (today or waiting):
                due.append(DueDose(patient, dose, _double_check(patient)))
    return tuple(sorted(due, key=_time_order))


def _time_order(due: DueDose) -> tuple[dt.date, dt.time, str, int, int]:
    admin = due.dose.admin
    return admin.date, admin.time or dt.time(0), due.patient.code, admin.cycle, admin.cycle_day


def one_due(db: str | None, code: str, dose: DoseRef, day: dt.date, lang: str) -> DueDose | None:
    """Patient ``code``'s ``dose`` as the day's list shows it (None: the plan has no such dose)."""
    with open_ward(db) as store:
        patient = load_patient(store, code)
    for judged in _judged(patient, WardPlanners(), day, lang).doses:
        if judged.ref == dose:
            return DueDose(patient, judged, _double_check(patient))
    return None


def patient_view(db: str | None, code: str, day: dt.date, lang: str) -> PatientView:
    """Patient ``code`` with its plan judged on ``day``, worded in ``lang``."""
    with open_ward(db) as store:
        patient = load_patient(store, code)
    result = _judged(patient, WardPlanners(), day, lang)
    return PatientView(patient, status_of(patient, result.schedule), result)


def corrections(records: tuple[DoseRecord, ...]) -> dict[int, DoseRecord]:
    """Entry number -> the record that replaced it."""
    return {r.replaces: r for r in records if r.replaces is not None}


def ward_shown(db: str | None) -> str:
    """Where the ward record is, as messages name it."""
    from il2sched.store.location import locate

    return locate(db).shown
