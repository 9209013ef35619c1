"""HL7 FHIR R4 export: a collection Bundle with one CarePlan and one MedicationRequest per cycle.

The patient appears only as a pseudonymous identifier (no Patient resource, no name). Each
MedicationRequest lists the exact dates (or, with a time, the exact instants with their UTC offset) of the
doses of its cycle that are to be given: skipped doses are left out, shifted ones appear at their new date,
and a dose the investigator must decide on is not among them (its note says why; a cycle left with nothing
but such doses is ``on-hold``).
Ids are uuid5 hashes of trial, regimen, patient and cycle, so a regenerated Bundle keeps its ids.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
import uuid
from collections.abc import Sequence
from typing import Any

from il2sched.core.attention import Attention
from il2sched.core.clock import clock_note
from il2sched.core.closed_days import note
from il2sched.core.options import RenderOptions
from il2sched.core.schedule import Administration, Schedule
from il2sched.core.summary import body_lines, dose_basis
from il2sched.core.texts import Texts
from il2sched.sources.zones import dose_time

_NAMESPACE = uuid.UUID("0b6f5a51-2d0e-5b8f-a7c4-5a3e0c1d9e27")

ATC_SYSTEM = "http://www.whocc.no/atc"
SNOMED_SYSTEM = "http://snomed.info/sct"
UCUM_SYSTEM = "http://unitsofmeasure.org"
#: Drug codes the exporter knows: the regimen's drug name -> ATC code.
ATC_CODES = {"aldesleukin": "L03AC01"}
#: Routes of administration -> SNOMED CT code and display.
ROUTE_CODES = {
    "subcutaneous": ("34206005", "Subcutaneous route"),
    "intravenous": ("47625008", "Intravenous route"),
    "intramuscular": ("78421000", "Intramuscular route"),
    "oral": ("26643006", "Oral route"),
}
#: Where the trial's protocol is registered; the CarePlan instantiates it.
REGISTRY_URL = "https://clinicaltrials.gov/study/{trial}"
#: The identifier system of pseudonymous patient codes (scoped to the trial: codes are per study).
PATIENT_SYSTEM = "urn:il2sched:patient:{trial}"


def uri_part(text: str) -> str:
    """``text`` percent-encoded (RFC 3986) to sit in one segment of a URI: a trial id is free text, and one
    with a space, ``<``, ``#`` or ``/`` pasted as it is would make the URI invalid or point elsewhere.

    Letters, digits and ``-._~`` stay as they are, so registry numbers (NCT01840046) read the same.
    """
    return urllib.parse.quote(text, safe="")


def resource_id(schedule: Schedule, *parts: object) -> str:
    """A stable id for a resource of ``schedule``'s Bundle: uuid5 of trial, regimen, patient, ``parts``.

    Without a patient code, the start date tells the schedules apart (as the calendar's UIDs do).
    """
    regimen, patient = schedule.regimen, schedule.plan.shown_patient
    if schedule.plan.patient is None:
        patient = f"{patient}/{schedule.plan.start.isoformat()}"
    name = "/".join(str(p) for p in (regimen.trial_id, regimen.id, patient, *parts))
    return str(uuid.uuid5(_NAMESPACE, name))


def render(schedule: Schedule, options: RenderOptions) -> bytes:
    """The schedule as a FHIR R4 Bundle in JSON (UTF-8, stable key order, ending with a newline)."""
    regimen, plan = schedule.regimen, schedule.plan
    subject = {
        "identifier": {
            "system": PATIENT_SYSTEM.format(trial=uri_part(regimen.trial_id)),
            "value": plan.shown_patient,
        }
    }
    care_plan_id = resource_id(schedule, "careplan")
    requests = [
        _medication_request(schedule, options, cycle.number, admins, subject, care_plan_id)
        for cycle, admins in schedule.by_cycle()
    ]
    care_plan: dict[str, Any] = {"resourceType": "CarePlan", "id": care_plan_id}
    if regimen.local_code:
        care_plan["identifier"] = [{"system": "urn:il2sched:protocol-code", "value": regimen.local_code}]
    care_plan |= {
        "instantiatesUri": [REGISTRY_URL.format(trial=uri_part(regimen.trial_id))],
        "status": "active",
        "intent": "plan",
        "title": regimen.title_in(options.texts.lang),
        "description": _plan_description(schedule, options),
        "subject": subject,
        "period": {"start": plan.start.isoformat(), "end": schedule.last_date.isoformat()},
        "activity": [{"reference": {"reference": f"urn:uuid:{r['id']}"}} for r in requests],
    }
    bundle = {
        "resourceType": "Bundle",
        "id": resource_id(schedule, "bundle"),
        "type": "collection",
        "timestamp": _instant(options.stamp),
        "entry": [
            {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}
            for resource in (care_plan, *requests)
        ],
    }
    return (json.dumps(bundle, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _plan_description(schedule: Schedule, options: RenderOptions) -> str:
    regimen, texts = schedule.regimen, options.texts
    parts = [f"{regimen.trial_id}" + (f" ({regimen.local_code})" if regimen.local_code else "")]
    parts.append(regimen.drug_in(texts.lang) + (f" ({regimen.brand})" if regimen.brand else ""))
    parts.append(texts.route(regimen.route))
    parts.append(texts.dose(schedule.total_dose_iu))
    return ", ".join(parts)


def _medication_request(
    schedule: Schedule,
    options: RenderOptions,
    cycle: int,
    admins: Sequence[Administration],
    subject: dict[str, Any],
    care_plan_id: str,
) -> dict[str, Any]:
    regimen, texts = schedule.regimen, options.texts
    given = [a for a in admins if a.given and a.attention is not Attention.TO_DECIDE]
    dose_iu = admins[0].dose_iu
    medication: dict[str, Any] = {}
    atc = ATC_CODES.get(regimen.drug.lower())
    if atc:
        medication["coding"] = [{"system": ATC_SYSTEM, "code": atc, "display": regimen.drug}]
    drug = regimen.drug_in(texts.lang)  # the coding's display stays the ATC's English name
    medication["text"] = f"{drug} ({regimen.brand})" if regimen.brand else drug
    route: dict[str, Any] = {}
    if regimen.route in ROUTE_CODES:
        code, display = ROUTE_CODES[regimen.route]
        route["coding"] = [{"system": SNOMED_SYSTEM, "code": code, "display": display}]
    route["text"] = texts.route(regimen.route)
    dosage: dict[str, Any] = {
        "sequence": 1,
        "text": _dosage_text(schedule, cycle, dose_iu, texts),
        "route": route,
        "doseAndRate": [
            {
                "doseQuantity": {
                    "value": dose_iu,
                    "unit": "international unit",
                    "system": UCUM_SYSTEM,
                    "code": "[iU]",
                }
            }
        ],
    }
    if given:
        dosage["timing"] = {"event": [_when(schedule, a) for a in given]}
    request: dict[str, Any] = {
        "resourceType": "MedicationRequest",
        "id": resource_id(schedule, "cycle", cycle),
        "identifier": [
            {
                "system": "urn:il2sched:cycle",
                "value": f"{regimen.trial_id}/{regimen.id}/{schedule.plan.shown_patient}/{cycle}",
            }
        ],
        # Nothing is left to give when every dose of the cycle is skipped; waiting for a decision, on hold.
        "status": "active" if given else "on-hold" if any(a.given for a in admins) else "cancelled",
        # A protocol's dated plan, not a prescription: il2sched does not order drugs.
        "intent": "plan",
        "groupIdentifier": {"system": "urn:il2sched:careplan", "value": care_plan_id},
        "medicationCodeableConcept": medication,
        "subject": subject,
        "basedOn": [{"reference": f"urn:uuid:{care_plan_id}"}],
        "dosageInstruction": [dosage],
    }
    tz = schedule.plan.tz
    notes = [
        f"{texts.date(a.date)}: {n}"
        for a in admins
        if (
            n := texts.joined(
                note(a, texts, regimen.window_days(a.cycle)), clock_note(dose_time(a.date, a.time, tz), texts)
            )
        )
    ]
    if notes:
        request["note"] = [{"text": line} for line in notes]
    return request


def _dosage_text(schedule: Schedule, cycle: int, dose_iu: int, texts: Texts) -> str:
    """The dose in words and the route; the phase's name first when it has one, and the arithmetic of a
    body-size dose after ("1 million units/m² × 1.73 m² = ...")."""
    regimen = schedule.regimen
    text = f"{texts.dose(dose_iu)} ({texts.dose_words(dose_iu)}), {texts.route(regimen.route)}"
    name = regimen.phase_of(cycle).name_in(texts.lang)
    if name:
        text = texts("pattern.named", name=name, text=text)
    dose = schedule.dose_of(cycle)
    basis = dose_basis(dose, texts) if dose is not None else ""
    body = body_lines(schedule.plan.body, (dose,) if dose is not None else (), texts)
    return texts("sheet.list_sep").join([text, *body, basis] if basis else [text])


def _when(schedule: Schedule, admin: Administration) -> str:
    """An administration's date, or its local date-time with the zone's UTC offset at that instant."""
    local = dose_time(admin.date, admin.time, schedule.plan.tz)
    if local is None:
        return admin.date.isoformat()
    # A wall time in a DST gap means the instant RFC 5545 gives it (the offset from before the gap), written
    # as the wall time that exists then; one that happens twice is the first, whose offset tells it apart.
    return local.wall.replace(tzinfo=dt.timezone(local.offset)).isoformat(timespec="seconds")


def _instant(stamp: dt.datetime) -> str:
    return stamp.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
