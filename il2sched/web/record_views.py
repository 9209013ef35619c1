"""What the ward record's pages show, as plain values: patients with what is open, one patient's doses merged
with their records, the day's doses, the trail; worded by the outputs' own texts and the reconciliation's
sentences (:mod:`il2sched.core.reconcile_words`), so the page says what the report says.

Pure: models in, values out; the templates only lay them out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from il2sched.core.reconcile import ReconciledDose
from il2sched.core.reconcile_words import (
    adherence_text,
    correction_text,
    deviation_line,
    deviation_text,
    dose_position,
    record_text,
    state_text,
)
from il2sched.core.record import DoseRef
from il2sched.core.texts import Texts

if TYPE_CHECKING:
    from il2sched.app.ward_overview import DueDose, PatientLine, PatientView


@dataclass(frozen=True, slots=True)
class PatientRow:
    """A patient of the list."""

    code: str
    link: str
    regimen: str
    start_iso: str
    start: str
    next_dose: str
    status: str
    status_key: str
    deviations: int
    overdue: int


def patient_row(line: PatientLine, texts: Texts, url: str) -> PatientRow:
    """One patient of the list in words."""
    p, admin = line.patient, line.next_dose
    following = "–"
    if admin is not None:
        following = texts.labelled(
            texts.date(admin.date), texts("attention." + admin.attention.value)
        ) if admin.attention is not None else texts.date(admin.date)  # fmt: skip
        following = f"{following} · {dose_position(_ref(admin.cycle, admin.cycle_day), texts)}"
    return PatientRow(
        p.code, url, p.regimen_name, p.start.isoformat(), texts.date(p.start), following,
        texts(f"ward.status.{line.status.value}"), line.status.value, line.deviations, line.overdue,
    )  # fmt: skip


def _ref(cycle: int, day: int) -> DoseRef:
    return DoseRef(cycle, day)


@dataclass(frozen=True, slots=True)
class DoseLine:
    """One planned dose merged with its record."""

    iso: str
    date: str
    position: str
    dose: str
    state: str
    state_key: str
    attention: str  # what it needs from a person, in words ("" when nothing)
    record: str  # the record in force, in words ("" when none)
    entry: int | None  # its entry
    deviations: tuple[str, ...]
    history: tuple[str, ...]  # the records it replaced, with the corrections' reasons


def dose_line(dose: ReconciledDose, texts: Texts) -> DoseLine:
    """A planned dose, its state in words, its record, the rules it breaks and its history."""
    admin = dose.admin
    record = dose.record
    history = tuple(
        texts.labelled(texts("audit.column.entry") + f" {old.entry}", record_text(old, admin.dose_iu, texts))
        for old in dose.history
    )
    if record is not None and record.replaces is not None:
        history = (*history, correction_text(record, texts))
    attention = texts(admin.attention.phrase) if admin.attention is not None else ""
    return DoseLine(
        admin.date.isoformat(), texts.date(admin.date), dose_position(dose.ref, texts),
        texts.dose(admin.dose_iu),
        state_text(dose, texts), dose.state.value, attention,
        record_text(record, admin.dose_iu, texts) if record is not None else "",
        record.entry if record is not None else None,
        tuple(deviation_text(d, texts) for d in dose.deviations), history,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class CycleLine:
    label: str
    to_date: str
    course: str


@dataclass(frozen=True, slots=True)
class ChangeLine:
    entry: int
    at: str
    by: str
    action: str
    what: str
    reason: str


@dataclass(frozen=True, slots=True)
class PatientPage:
    """One patient's page."""

    code: str
    regimen: str
    version: str
    start: str
    status: str
    status_key: str
    as_of: str
    doses: tuple[DoseLine, ...]
    deviations: tuple[str, ...]
    cycles: tuple[CycleLine, ...]
    overall: CycleLine
    changes: tuple[ChangeLine, ...]
    unplanned: tuple[str, ...]


def patient(view: PatientView, texts: Texts) -> PatientPage:
    """One patient's page in words: every dose in date order."""
    from il2sched.app.audit import what

    result, p = view.result, view.patient
    doses = sorted(result.doses, key=lambda d: (d.admin.date, d.admin.cycle, d.admin.cycle_day))
    cycles = tuple(
        CycleLine(str(c.window.cycle), adherence_text(c.to_date, texts), adherence_text(c.course, texts))
        for c in result.cycles
    )  # fmt: skip
    changes = tuple(
        ChangeLine(e.number, f"{e.at:%Y-%m-%d %H:%M}", e.by, texts(f"audit.action.{e.action}"),
                   what(e, texts), e.reason)
        for e in p.changes
    )  # fmt: skip
    return PatientPage(
        p.code, p.regimen_name, p.regimen_version or "–", texts.date(p.start),
        texts(f"ward.status.{view.status.value}"), view.status.value, texts.date(result.today),
        tuple(dose_line(d, texts) for d in doses),
        tuple(deviation_line(d, texts) for d in result.deviations),
        cycles, CycleLine("", adherence_text(result.to_date, texts), adherence_text(result.course, texts)),
        changes, tuple(deviation_line(d, texts) for d in result.unplanned),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class DueLine:
    """A dose of the day's list, with what its forms need."""

    key: str
    code: str
    patient_link: str
    dose_ref: str
    time: str
    planned: str  # its planned day, in words
    waiting_until: str  # planned an earlier day, not recorded, within its window: the window's last day
    dose: str
    line: DoseLine
    double_check: bool
    given_default: str  # the form's time: "YYYY-MM-DDTHH:MM"


def due_line(due: DueDose, texts: Texts, url: str, day: dt.date, now: dt.datetime) -> DueLine:
    """A dose of ``day`` in words; the form's time defaults to ``now`` on that day (the planned time on
    another day)."""
    dose = due.dose
    admin = dose.admin
    waiting = dose.record is None and admin.date < day
    clock = now.time() if day == now.date() else (admin.time or now.time())
    return DueLine(
        due.key, due.patient.code, url, str(dose.ref), texts.time(admin.time), texts.date(admin.date),
        texts.date(dose.window.last) if waiting else "", texts.dose(admin.dose_iu), dose_line(dose, texts),
        due.double_check, f"{day.isoformat()}T{clock:%H:%M}",
    )  # fmt: skip
