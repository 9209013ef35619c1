"""Use cases: a patient added to the ward record, its options changed, a cycle postponed, a withdrawal.

A patient is added once, with a copy of its regimen file's text and every option of ``generate``, after its
whole schedule has been built from them (what cannot be planned is refused before anything is stored).
Each later change is one entry of the audit trail with who and why; nothing stored is ever rewritten.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from il2sched.app.generate import plan_schedule
from il2sched.app.options import Raw, about, dump, field_values, parse_values
from il2sched.app.requests import (
    GenerateRequest,
    ScheduleOptions,
    options_record,
    parse_command,
    schedule_options,
)
from il2sched.app.ward import StoredPatient, WardPlanners, load_patient, open_ward
from il2sched.app.ward_commands import PATIENTS_ADD, PATIENTS_DELAY, PATIENTS_SET, PATIENTS_WITHDRAW, SETTABLE
from il2sched.core.audit import Action, Entry
from il2sched.core.parsing import merge_delays, parse_delay
from il2sched.core.regimen import Regimen, parse_regimen
from il2sched.core.schedule import check_patient_code
from il2sched.errors import InvalidValue, StoreError
from il2sched.sources.locale import texts_for
from il2sched.sources.regimens import regimen_text
from il2sched.store.database import Store
from il2sched.store.patients import NewPatient, add_patient, append_change


@dataclass(frozen=True, slots=True)
class AddRequest:
    """A patient to add: code, start, options, who (and why, if said), into which ward record."""

    code: str
    start: Any  # dt.date
    options: ScheduleOptions
    by: str
    reason: str = ""
    align: str | None = None
    db: str | None = None


@dataclass(frozen=True, slots=True)
class Changed:
    """What a change did: the entry appended, the patient as it now stands, and the line saying so."""

    entry: Entry
    patient: StoredPatient
    message: str
    notes: tuple[str, ...] = ()


def add_request(code: str, raw: Mapping[str, Raw]) -> AddRequest:
    """``patients add CODE``'s request from its options' texts."""
    values = parse_command(PATIENTS_ADD, raw)
    with about("patient"):
        code = check_patient_code(code)
    return AddRequest(
        code, values["start"], schedule_options(values), values["by"], values["reason"] or "",
        values["align"], values["db"],
    )  # fmt: skip


def new_patient(request: AddRequest) -> tuple[NewPatient, tuple[str, ...]]:
    """The patient to store for ``request``, its schedule built first (a plan that cannot be made is refused
    before anything is stored), and the notes for the user."""
    options = absolute(request.options)
    planned = plan_schedule(GenerateRequest(request.start, options, request.code, request.align))
    regimen = planned.schedule.regimen
    stored = stored_new(
        request.code, planned.schedule.plan.start, options, regimen, regimen_copy(options.regimen, regimen)
    )
    return stored, planned.notes


def absolute(options: ScheduleOptions) -> ScheduleOptions:
    """``options`` with the closures file's path made absolute: the next run may start elsewhere."""
    if options.closed_file is None:
        return options
    return replace(options, closed_file=os.path.abspath(options.closed_file))


def regimen_copy(name: str, regimen: Regimen) -> str:
    """The text of regimen file (or built-in) ``name``, which the patient's plan ``regimen`` was read from:
    the copy the ward record keeps (a file changed since it was read is refused)."""
    text, source = regimen_text(name)
    if parse_regimen(text, source) != regimen:
        raise StoreError(f"{source} changed while it was read; add the patient again")
    return text


def stored_new(
    code: str, start: dt.date, options: ScheduleOptions, regimen: Regimen, text: str
) -> NewPatient:
    """The patient to store: its code and start, its regimen (as given, its id and version, its text) and
    its options' record."""
    return NewPatient(
        code, start, options.regimen, regimen.id, regimen.version, text, options_record(options)
    )


def add(request: AddRequest) -> Changed:
    """Add ``request``'s patient to its ward record (created on first use)."""
    stored, notes = new_patient(request)
    with open_ward(request.db, create=True) as store:
        entry = add_patient(store, stored, request.by, request.reason)
        patient = load_patient(store, stored.code)
    texts = texts_for(patient.options.lang)
    schedule = WardPlanners().schedule(patient)
    message = texts(
        "ward.added", code=patient.code, entry=entry.number, regimen=patient.regimen_name,
        start=patient.start.isoformat(), doses=texts.plural("sheet.administrations", len(schedule.given)),
    )  # fmt: skip
    return Changed(entry, patient, message, notes)


def _change(
    store: Store, code: str, action: Action, by: str, reason: str, detail: Mapping[str, Any]
) -> Entry:
    patient = load_patient(store, code)
    if patient.withdrawal is not None and action is not Action.PATIENT_WITHDRAW:
        raise StoreError(
            f"patient {patient.code} was withdrawn (entry {patient.withdrawal.number}); a withdrawn "
            "patient's options are not changed"
        )
    return append_change(store, patient.code, action, by, reason, detail)


def set_options(code: str, raw: Mapping[str, Raw], db: str | None = None) -> Changed:
    """``patients set CODE``: the options given (only those) replace the stored ones; the new whole plan is
    built first, so a change that cannot be planned is refused."""
    given = {k: v for k, v in raw.items() if k not in ("by", "reason", "db") and v not in (None, False, ())}
    if not given:
        raise InvalidValue("patients set changes nothing: give the options to change, such as --time 09:00")
    values = parse_command(PATIENTS_SET, raw)
    chosen = [o for o in SETTABLE if o.key in given]
    fields = field_values(chosen, parse_values(chosen, given))
    with open_ward(db) as store:
        patient = load_patient(store, code)
        options = replace(patient.options, **fields)
        if options.closed_file is not None and options.closed_file != patient.options.closed_file:
            options = replace(options, closed_file=os.path.abspath(options.closed_file))
        WardPlanners().schedule(replace(patient, options=options))  # refuse a plan that cannot be made
        before, after = options_record(patient.options), options_record(options)
        changed = {name: value for name, value in after.items() if before.get(name) != value}
        if not changed:
            raise InvalidValue(f"patient {patient.code} already has these options; nothing to change")
        entry = _change(
            store, patient.code, Action.PATIENT_SET, values["by"], values["reason"], {"options": changed}
        )
        patient = load_patient(store, patient.code)
    texts = texts_for(patient.options.lang)
    what = ", ".join(f"{name} = {_shown(value)}" for name, value in sorted(changed.items()))
    return Changed(entry, patient, texts("ward.changed", code=patient.code, entry=entry.number, what=what))


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value) or "-"
    return "-" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def delay(code: str, cycle_weeks: str, raw: Mapping[str, Raw]) -> Changed:
    """``patients delay CODE CYCLE:WEEKS``: postpone that cycle and every later one (added to the stored
    delays; a cycle delayed again gets its new whole delay)."""
    values = parse_command(PATIENTS_DELAY, raw)
    with about("delay"):
        cycle, weeks = parse_delay(cycle_weeks)
    with open_ward(values["db"]) as store:
        patient = load_patient(store, code)
        delays = dict(patient.delays)
        delays[cycle] = weeks
        options = replace(patient.options, delays=merge_delays(sorted(delays.items())))
        WardPlanners().schedule(replace(patient, options=options))  # a cycle the regimen lacks: one line
        from il2sched.app.option_table import DELAY

        detail = {"options": {"delays": dump(DELAY, options.delays)}}
        entry = _change(store, patient.code, Action.PATIENT_DELAY, values["by"], values["reason"], detail)
        patient = load_patient(store, patient.code)
    texts = texts_for(patient.options.lang)
    what = texts("ward.delays", delays=" ".join(f"{c}:{w}" for c, w in sorted(patient.delays.items())))
    return Changed(entry, patient, texts("ward.changed", code=patient.code, entry=entry.number, what=what))


def withdraw(code: str, raw: Mapping[str, Raw]) -> Changed:
    """``patients withdraw CODE``: the patient leaves the trial (recorded once; the records stay)."""
    values = parse_command(PATIENTS_WITHDRAW, raw)
    with open_ward(values["db"]) as store:
        patient = load_patient(store, code)
        if patient.withdrawal is not None:
            raise StoreError(
                f"patient {patient.code} was already withdrawn (entry {patient.withdrawal.number}); a "
                "withdrawal is recorded once"
            )
        entry = _change(store, patient.code, Action.PATIENT_WITHDRAW, values["by"], values["reason"], {})
        patient = load_patient(store, patient.code)
    texts = texts_for(patient.options.lang)
    return Changed(entry, patient, texts("ward.withdrawn", code=patient.code, entry=entry.number))
