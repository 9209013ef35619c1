"""FHIR R4 export: validated by fhir.resources' R4B models, every date, dose and code checked."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.medicationrequest import MedicationRequest
from helpers import QUIET_START, render, run_cli_at_stamp, schedule
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profile import examples

from il2sched.core.schedule import Closure, Policy, Schedule

MONDAYS = st.integers(0, 52 * 30).map(lambda w: dt.date(2000, 1, 3) + dt.timedelta(weeks=w))


def bundle(sched: Schedule, lang: str = "en") -> tuple[dict[str, Any], Bundle]:
    data = render("fhir", sched, lang=lang)
    return json.loads(data), Bundle.model_validate_json(data)


def requests(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["resource"] for e in doc["entry"] if e["resource"]["resourceType"] == "MedicationRequest"]


def care_plan(doc: dict[str, Any]) -> dict[str, Any]:
    (plan,) = [e["resource"] for e in doc["entry"] if e["resource"]["resourceType"] == "CarePlan"]
    return plan


def test_bundle_validates_as_r4_collection_of_one_care_plan_and_a_request_per_cycle() -> None:
    doc, model = bundle(schedule())
    assert model.type == "collection"
    assert [type(e.resource) for e in model.entry] == [CarePlan] + [MedicationRequest] * 4
    assert doc["timestamp"] == "2026-01-05T08:00:00Z"
    for entry in doc["entry"]:
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"
        assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
                            entry["resource"]["id"])  # fmt: skip


def test_care_plan_instantiates_the_trial_for_a_pseudonymous_subject_over_the_protocol() -> None:
    sched = schedule(patient="P-0001")
    plan = care_plan(bundle(sched)[0])
    assert plan["instantiatesUri"] == ["https://clinicaltrials.gov/study/NCT01840046"]
    assert (plan["status"], plan["intent"]) == ("active", "plan")
    assert plan["subject"] == {
        "identifier": {"system": "urn:il2sched:patient:NCT01840046", "value": "P-0001"}
    }
    assert plan["period"] == {"start": "2026-01-05", "end": "2026-03-08"}
    ids = [r["id"] for r in requests(bundle(sched)[0])]
    assert [a["reference"]["reference"] for a in plan["activity"]] == [f"urn:uuid:{i}" for i in ids]


def test_no_patient_resource_and_no_name_anywhere() -> None:
    doc, _ = bundle(schedule(patient="P-0001"))
    text = json.dumps(doc)
    assert '"Patient"' not in text and '"name"' not in text


def test_each_request_codes_drug_route_and_dose_in_international_units() -> None:
    doc, _ = bundle(schedule())
    for cycle, (request, dose) in enumerate(
        zip(requests(doc), [1_500_000] + [3_000_000] * 3, strict=True), start=1
    ):
        assert (request["status"], request["intent"]) == ("active", "plan")
        assert request["medicationCodeableConcept"]["coding"] == [
            {"system": "http://www.whocc.no/atc", "code": "L03AC01", "display": "aldesleukin"}
        ]
        (dosage,) = request["dosageInstruction"]
        assert dosage["route"]["coding"] == [
            {"system": "http://snomed.info/sct", "code": "34206005", "display": "Subcutaneous route"}
        ]
        assert dosage["doseAndRate"] == [
            {"doseQuantity": {"value": dose, "unit": "international unit",
                              "system": "http://unitsofmeasure.org", "code": "[iU]"}}
        ]  # fmt: skip
        assert request["subject"] == care_plan(doc)["subject"]
        assert request["basedOn"] == [{"reference": f"urn:uuid:{care_plan(doc)['id']}"}]
        assert request["identifier"][0]["value"].endswith(f"/{cycle}")
    first, second = (r["dosageInstruction"][0]["text"] for r in requests(doc)[:2])
    assert first == "1.5 million units (1,500,000 international units), subcutaneous"
    assert second == "3 million units (3,000,000 international units), subcutaneous"


def test_dosage_wording_follows_the_language_and_never_abbreviates_units() -> None:
    doc, _ = bundle(schedule(), lang="fr")
    texts = [r["dosageInstruction"][0]["text"] for r in requests(doc)]
    assert texts[0] == "1,5 million d'unités (1\u202f500\u202f000 unités internationales), sous-cutanée"
    assert texts[1].startswith("3 millions d'unités (")
    for text in texts:
        assert not re.search(r"\b(IU|UI|U|MIU|MU)\b", text)


def test_timing_lists_each_cycles_dates_for_all_day_schedules() -> None:
    sched = schedule()
    for cycle, request in enumerate(requests(bundle(sched)[0]), start=1):
        expected = [a.date.isoformat() for a in sched.administrations if a.cycle == cycle]
        assert request["dosageInstruction"][0]["timing"] == {"event": expected}
    assert requests(bundle(sched)[0])[0]["dosageInstruction"][0]["timing"]["event"] == [
        "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09"
    ]  # fmt: skip


def test_timed_events_carry_the_local_time_and_that_days_utc_offset() -> None:
    # Cycle 1 in winter (+01:00), cycle 4 after the switch to summer time (+02:00).
    sched = schedule(dt.date(2026, 3, 2), time=dt.time(9, 30))
    events = [r["dosageInstruction"][0]["timing"]["event"] for r in requests(bundle(sched)[0])]
    assert events[0][0] == "2026-03-02T09:30:00+01:00"
    assert events[3][0] == "2026-04-27T09:30:00+02:00"
    kolkata = schedule(time=dt.time(8), tz="Asia/Kolkata")
    assert requests(bundle(kolkata)[0])[0]["dosageInstruction"][0]["timing"]["event"][0] == (
        "2026-01-05T08:00:00+05:30"
    )


def test_skipped_doses_are_not_listed_and_shifted_ones_are_at_their_new_date() -> None:
    closures = {
        dt.date(2026, 1, 6): Closure("holiday", "Feast"),
        dt.date(2026, 1, 20): Closure("closed", "Works"),
    }
    skipped = schedule(closures=closures, policy=Policy.SKIP)
    first, second = (r["dosageInstruction"][0]["timing"]["event"] for r in requests(bundle(skipped)[0])[:2])
    assert "2026-01-06" not in first and len(first) == 4
    assert "2026-01-20" not in second and len(second) == 4
    notes = requests(bundle(skipped)[0])[0]["note"]
    assert len(notes) == 1 and "Feast" in notes[0]["text"]
    shifted = schedule(closures=closures, policy=Policy.SHIFT, weekends_open=True)
    first = requests(bundle(shifted)[0])[0]["dosageInstruction"][0]["timing"]["event"]
    assert first == ["2026-01-05", "2026-01-07", "2026-01-08", "2026-01-09", "2026-01-10"]


def test_a_dose_for_the_investigator_to_decide_is_no_date_to_give_and_its_note_says_why() -> None:
    closures = {dt.date(2026, 1, 6): Closure("closed", "Works")}
    first = requests(bundle(schedule(closures=closures))[0])[0]  # flagged on a closure: to decide
    assert "2026-01-06" not in first["dosageInstruction"][0]["timing"]["event"]
    assert first["note"] == [{"text": "Tue 6 Jan 2026: Investigator to decide: the unit is closed (Works)"}]
    week = {dt.date(2026, 1, 5) + dt.timedelta(days=i): Closure("closed", "Works") for i in range(5)}
    on_hold = requests(bundle(schedule(closures=week, policy=Policy.SHIFT))[0])[0]
    assert on_hold["status"] == "on-hold" and "timing" not in on_hold["dosageInstruction"][0]
    holiday = {dt.date(2026, 1, 6): Closure("holiday", "Feast")}  # given only if the unit is open
    assert (
        "2026-01-06"
        in requests(bundle(schedule(closures=holiday))[0])[0]["dosageInstruction"][0]["timing"]["event"]
    )


def test_a_cycle_with_every_dose_skipped_is_a_cancelled_request_without_dates() -> None:
    week = {dt.date(2026, 1, 5) + dt.timedelta(days=i): Closure("closed", "Closed") for i in range(5)}
    doc, _ = bundle(schedule(closures=week, policy=Policy.SKIP))
    first = requests(doc)[0]
    assert first["status"] == "cancelled" and "timing" not in first["dosageInstruction"][0]
    assert requests(doc)[1]["status"] == "active"


def test_delays_move_the_listed_dates_and_the_care_plan_end() -> None:
    sched = schedule(delays={2: 1})
    doc, _ = bundle(sched)
    assert requests(doc)[1]["dosageInstruction"][0]["timing"]["event"][0] == "2026-01-26"
    assert care_plan(doc)["period"]["end"] == sched.last_date.isoformat() == "2026-03-15"


def test_ids_are_stable_and_differ_between_patients() -> None:
    one, _ = bundle(schedule(patient="P-1"))
    again, _ = bundle(schedule(patient="P-1", time=dt.time(9)))
    other, _ = bundle(schedule(patient="P-2"))
    ids = [e["resource"]["id"] for e in one["entry"]]
    assert ids == [e["resource"]["id"] for e in again["entry"]]
    assert not set(ids) & {e["resource"]["id"] for e in other["entry"]}
    assert render("fhir", schedule()) == render("fhir", schedule())


@settings(max_examples=examples(40), deadline=None)
@given(start=MONDAYS, timed=st.booleans())
def test_any_start_validates_and_lists_exactly_the_doses_to_give(start: dt.date, timed: bool) -> None:
    sched = schedule(start, time=dt.time(7, 45) if timed else None, tz="America/New_York")
    doc, _ = bundle(sched)
    listed = [e[:10] for r in requests(doc) for e in r["dosageInstruction"][0]["timing"]["event"]]
    assert listed == [a.date.isoformat() for a in sched.given]
    total = sum(
        r["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"]
        * len(r["dosageInstruction"][0]["timing"]["event"])
        for r in requests(doc)
    )
    assert total == 52_500_000


def test_cli_writes_a_fhir_bundle_with_f_fhir(tmp_path: Any) -> None:
    out = tmp_path / "p.fhir.json"
    args = ["generate", "--start", QUIET_START.isoformat(), "--patient", "P-7", "-f", "fhir", "-o", str(out)]
    result = run_cli_at_stamp(*args)
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_bytes())
    Bundle.model_validate(doc)
    assert care_plan(doc)["subject"]["identifier"]["value"] == "P-7"
    assert doc["timestamp"] == "2026-01-05T08:00:00Z"
