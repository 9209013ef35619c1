"""Use cases that read the ward record for people: the list of patients (``patients list``) and one
patient's page (``patients show``), in English or French."""

from __future__ import annotations

from collections.abc import Mapping

from il2sched.app.options import Raw
from il2sched.app.requests import parse_command
from il2sched.app.ward import StoredPatient, WardPlanners, load_patient, load_ward, open_ward, status_of
from il2sched.app.ward_commands import PATIENTS_LIST, PATIENTS_SHOW
from il2sched.core.record import DoseRecord, DoseRef
from il2sched.core.schedule import Schedule
from il2sched.core.texts import Texts
from il2sched.sources.locale import texts_for


def next_dose(patient: StoredPatient, schedule: Schedule, texts: Texts) -> str:
    """The first dose to give (in date order) that has no record in force, in words; "-" when none."""
    recorded = patient.in_force()
    for admin in sorted(schedule.given, key=lambda a: (a.date, a.cycle, a.cycle_day)):
        if DoseRef(admin.cycle, admin.cycle_day) not in recorded:
            return texts("ward.next", date=admin.date.isoformat(), cycle=admin.cycle, day=admin.cycle_day)
    return "-"


def patient_list(raw: Mapping[str, Raw]) -> bytes:
    """Every patient: code, regimen, start, next dose and status, as a table or CSV."""
    values = parse_command(PATIENTS_LIST, raw)
    texts = texts_for(values["lang"])
    with open_ward(values["db"]) as store:
        ward = load_ward(store)
    planners = WardPlanners()
    rows = []
    for patient in ward:
        schedule = planners.schedule(patient)
        status = status_of(patient, schedule)
        rows.append([
            patient.code, patient.regimen_name, patient.start.isoformat(),
            next_dose(patient, schedule, texts), texts(f"ward.status.{status.value}"),
        ])  # fmt: skip
    header = [texts(f"ward.column.{c}") for c in ("code", "regimen", "start", "next", "status")]
    from il2sched.export import ward as lay_out  # here: record's words need no renderer

    if values["format"] == "csv":
        return lay_out.csv(header, rows)
    if not rows:
        return (texts("ward.none", where=store.location.shown) + "\n").encode("utf-8")
    return lay_out.table(header, rows)


def record_words(record: DoseRecord, texts: Texts) -> str:
    """What a record says, in words: given (when, how much, lot, expiry, site, who) or not given (why)."""
    if not record.given:
        reason = texts(f"ward.reason.{record.reason.value}") if record.reason else "-"
        words = texts("ward.not_given", reason=reason, by=record.by)
        return texts.labelled(words, record.note) if record.note else words
    amount = texts.dose(record.amount_iu) if record.amount_iu is not None else texts("ward.planned_amount")
    site = texts(f"ward.site.{record.site.value}") if record.site else texts("ward.site.none")
    words = texts(
        "ward.given", at=f"{record.given_at:%Y-%m-%d %H:%M}" if record.given_at else "-", amount=amount,
        lot=record.lot or "-", expiry=str(record.expiry or "-"), site=site, by=record.by,
    )  # fmt: skip
    return f"{words}, {texts('ward.checked', by=record.checked_by)}" if record.checked_by else words


def patient_page(code: str, raw: Mapping[str, Raw]) -> bytes:
    """One patient: regimen, start, status, options, history (every entry) and records, as text."""
    values = parse_command(PATIENTS_SHOW, raw)
    texts = texts_for(values["lang"])
    with open_ward(values["db"]) as store:
        patient = load_patient(store, code)
    schedule = WardPlanners().schedule(patient)
    regimen = patient.regimen
    lines = [
        patient.code,
        texts("ward.show.regimen", regimen=patient.regimen_name, title=regimen.title_in(texts.lang),
              version=patient.regimen_version or "-"),
        texts("ward.show.start", start=patient.start.isoformat()),
        texts("ward.show.status", status=texts(f"ward.status.{status_of(patient, schedule).value}")),
        texts("ward.show.doses", planned=len(schedule.given), recorded=len(patient.in_force())),
        texts("ward.show.next", next=next_dose(patient, schedule, texts)),
    ]  # fmt: skip
    if patient.changes:
        lines.append(texts("ward.show.history"))
        for change in patient.changes:
            what = ", ".join(f"{k} = {v}" for k, v in sorted(change.detail.get("options", {}).items()))
            lines.append(f"  #{change.number} {change.at:%Y-%m-%d %H:%M} UTC {change.by} {change.action} "
                         f"{what} ({change.reason})".replace("  (", " ("))  # fmt: skip
    if patient.records:
        replaced = {r.replaces: r.entry for r in patient.records if r.replaces is not None}
        lines.append(texts("ward.show.records"))
        for record in patient.records:
            later = (
                f" {texts('ward.show.replaced', entry=replaced[record.entry])}"
                if record.entry in replaced
                else ""
            )
            lines.append(f"  #{record.entry} {record.dose}: {record_words(record, texts)}{later}")
    return ("\n".join(lines) + "\n").encode("utf-8")
