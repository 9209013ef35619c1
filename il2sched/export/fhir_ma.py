"""The ward record as FHIR R4 **MedicationAdministration** resources, in a collection Bundle.

One resource per record of the ward record: a dose given is ``completed`` (its lot and expiry in a contained
Medication's batch, its site, route and amount in ``dosage``, who gave it and who checked it as performers);
a dose not given is ``not-done`` with its reason as ``statusReason``; a record a correction replaced is kept,
as ``entered-in-error``, so the trail is in the export too. The patient is the pseudonymous identifier the
plan's Bundle uses (no Patient resource, no name).

FHIR R4 has no ``basedOn`` in MedicationAdministration (R5 adds it): the plan is reached through ``request``,
the cycle's MedicationRequest, which is the CarePlan's activity in the Bundle ``generate -f fhir`` writes for
the same patient: the ids are the same (:func:`il2sched.export.fhir.resource_id`), and
``supportingInformation`` names the CarePlan itself. Ids are uuid5 hashes, so a regenerated export keeps them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from typing import Any

from il2sched.core.reconcile import ReconciledDose, Reconciliation
from il2sched.core.reconcile_words import deviation_text, reason_text
from il2sched.core.record import DoseRecord
from il2sched.core.texts import Texts
from il2sched.export.fhir import (
    ATC_CODES,
    ATC_SYSTEM,
    PATIENT_SYSTEM,
    ROUTE_CODES,
    SNOMED_SYSTEM,
    UCUM_SYSTEM,
    resource_id,
    uri_part,
)
from il2sched.sources.zones import dose_time

#: The systems of il2sched's own codes: the ward record's entries and the reasons a dose was not given.
ENTRY_SYSTEM = "urn:il2sched:ward-record-entry"
REASON_SYSTEM = "urn:il2sched:not-given-reason"
#: Injection sites -> SNOMED CT body structure (the side is in the text).
SITE_CODES = {
    "abdomen": ("818983003", "Abdomen"),
    "thigh": ("68367000", "Thigh"),
    "arm": ("53120007", "Upper limb"),
}


def _medication(result: Reconciliation, texts: Texts) -> dict[str, Any]:
    regimen = result.schedule.regimen
    concept: dict[str, Any] = {}
    atc = ATC_CODES.get(regimen.drug.lower())
    if atc:
        concept["coding"] = [{"system": ATC_SYSTEM, "code": atc, "display": regimen.drug}]
    drug = regimen.drug_in(texts.lang)
    concept["text"] = f"{drug} ({regimen.brand})" if regimen.brand else drug
    return concept


def _effective(result: Reconciliation, record: DoseRecord, planned: dt.date) -> str:
    """When it was given, with the zone's UTC offset at that instant; the planned day for a dose not given."""
    if record.given_at is None:
        return planned.isoformat()
    local = dose_time(record.given_at.date(), record.given_at.time(), result.schedule.plan.tz)
    if local is None:
        return record.given_at.isoformat(timespec="seconds")
    return local.wall.replace(tzinfo=dt.timezone(local.offset)).isoformat(timespec="seconds")


def _dosage(result: Reconciliation, dose: ReconciledDose, record: DoseRecord, texts: Texts) -> dict[str, Any]:
    regimen = result.schedule.regimen
    amount = dose.admin.dose_iu if record.amount_iu is None else record.amount_iu
    route: dict[str, Any] = {}
    if regimen.route in ROUTE_CODES:
        code, display = ROUTE_CODES[regimen.route]
        route["coding"] = [{"system": SNOMED_SYSTEM, "code": code, "display": display}]
    route["text"] = texts.route(regimen.route)
    dosage: dict[str, Any] = {"text": f"{texts.dose(amount)} ({texts.dose_words(amount)}), {route['text']}"}
    if record.site is not None:
        part = str(record.site).partition("-")[0]
        site: dict[str, Any] = {}
        if part in SITE_CODES:
            code, display = SITE_CODES[part]
            site["coding"] = [{"system": SNOMED_SYSTEM, "code": code, "display": display}]
        site["text"] = texts(f"site.{record.site}")
        dosage["site"] = site
    dosage["route"] = route
    dosage["dose"] = {"value": amount, "unit": "international unit", "system": UCUM_SYSTEM, "code": "[iU]"}
    return dosage


def _administration(
    result: Reconciliation, dose: ReconciledDose, record: DoseRecord, texts: Texts, *, replaced: bool
) -> dict[str, Any]:
    schedule, regimen = result.schedule, result.schedule.regimen
    status = "entered-in-error" if replaced else "completed" if record.given else "not-done"
    resource: dict[str, Any] = {
        "resourceType": "MedicationAdministration",
        "id": resource_id(schedule, "administration", record.entry),
        "identifier": [{"system": ENTRY_SYSTEM, "value": str(record.entry)}],
        "status": status,
    }
    if not record.given and record.reason is not None:
        resource["statusReason"] = [
            {
                "coding": [{"system": REASON_SYSTEM, "code": str(record.reason)}],
                "text": reason_text(record, texts),
            }
        ]
    concept = _medication(result, texts)
    if record.given and (record.lot or record.expiry):
        batch: dict[str, Any] = {}
        if record.lot:
            batch["lotNumber"] = record.lot
        if record.expiry:
            batch["expirationDate"] = record.expiry.last_day.isoformat()
        resource["contained"] = [
            {"resourceType": "Medication", "id": "product", "code": concept, "batch": batch}
        ]
        resource["medicationReference"] = {"reference": "#product"}
    else:
        resource["medicationCodeableConcept"] = concept
    resource["subject"] = {
        "identifier": {
            "system": PATIENT_SYSTEM.format(trial=uri_part(regimen.trial_id)),
            "value": result.patient,
        }
    }
    resource["supportingInformation"] = [{"reference": f"urn:uuid:{resource_id(schedule, 'careplan')}"}]
    resource["effectiveDateTime"] = _effective(result, record, dose.admin.date)
    performers: list[dict[str, Any]] = [{"actor": {"display": record.by}}]
    if record.checked_by:
        second: dict[str, Any] = {"function": {"text": texts("record.second_check")}}
        performers.append({**second, "actor": {"display": record.checked_by}})
    resource["performer"] = performers
    resource["request"] = {"reference": f"urn:uuid:{resource_id(schedule, 'cycle', dose.admin.cycle)}"}
    notes = [] if replaced else [deviation_text(v, texts) for v in dose.deviations]
    if record.replaces is not None:
        notes.append(texts("record.corrected", entry=record.entry, replaces=record.replaces,
                           why=record.correction_reason))  # fmt: skip
    if record.note and record.given:
        notes.append(record.note)
    if notes:
        resource["note"] = [{"text": n} for n in notes]
    if record.given:
        resource["dosage"] = _dosage(result, dose, record, texts)
    return resource


def administrations(result: Reconciliation, texts: Texts) -> Iterator[dict[str, Any]]:
    """One patient's MedicationAdministration resources: each dose's records, oldest first."""
    for dose in result.doses:
        for old in dose.history:
            yield _administration(result, dose, old, texts, replaced=True)
        if dose.record is not None:
            yield _administration(result, dose, dose.record, texts, replaced=False)


def render(results: Sequence[Reconciliation], texts: Texts, stamp: dt.datetime) -> bytes:
    """Every patient's records as a FHIR R4 collection Bundle in JSON (UTF-8, stable key order)."""
    resources = [r for result in results for r in administrations(result, texts)]
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": stamp.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
    }
    return (json.dumps(bundle, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
