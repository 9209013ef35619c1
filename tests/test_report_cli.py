"""``il2sched report`` and ``il2sched export ex|fhir`` on a real ward record (SQLite and PostgreSQL): the
scripted scenario's records stored as the store stores them, then read back through the command line."""

from __future__ import annotations

import csv
import io
import json

import pytest
from helpers import one_line_error, run_cli
from reconcile_scenario import stored_scenario
from ward_db import ward_url

__all__ = ["ward_url"]


@pytest.fixture
def ward(ward_url: str) -> tuple[str, dict[int, int]]:
    return ward_url, stored_scenario(ward_url)


def test_report_table_names_every_deviation(ward: tuple[str, dict[int, int]]) -> None:
    url, _ = ward
    result = run_cli("report", "P-001", "--as-of", "2026-07-02", "--db", url)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Adherence to date: 16 of 20 doses (80%); 39 million units of 52.5 million units (74.2%)" in text
    assert (
        "Cycle 4, day 1: given 2026-07-02, outside its window: cycle 4's window is 2026-06-22 to 2026-06-28 "
        "(days 1 to 5 of week 9, 2 days' tolerance)" in text
    )
    assert text.count("nothing recorded and its window ended 2026-06-28") == 3
    assert "wrong lot copied" in text


def test_report_in_french(ward: tuple[str, dict[int, int]]) -> None:
    url, _ = ward
    result = run_cli("report", "P-001", "--as-of", "2026-07-02", "--lang", "fr", "--db", url)
    assert result.exit_code == 0, result.output
    assert "Observance à ce jour\u202f: 16 doses sur 20 (80\u202f%)" in result.stdout
    assert "non administrée\u202f: refusée par le patient" in result.stdout


def test_report_json_is_stable_and_exact(ward: tuple[str, dict[int, int]]) -> None:
    url, entries = ward
    args = ("report", "P-001", "--as-of", "2026-07-02", "-f", "json", "--db", url)
    first, second = run_cli(*args), run_cli(*args)
    assert first.exit_code == 0, first.output
    assert first.stdout_bytes == second.stdout_bytes
    document = json.loads(first.stdout)
    assert document["adherence"]["to_date"]["units_percent"] == 74.2
    assert [c["adherence"]["to_date"]["doses_percent"] for c in document["cycles"]] == [100, 100, 80, 40]
    assert [(v["dose"], v["rule"]) for v in document["deviations"]] == [
        ("4:1", "window"), ("4:2", "amount"), ("4:3", "recorded"), ("4:4", "recorded"), ("4:5", "recorded"),
    ]  # fmt: skip
    day3 = document["cycles"][0]["doses"][2]
    assert day3["record"]["entry"] == entries[6] and day3["record"]["replaces"] == entries[3]
    assert [h["entry"] for h in day3["history"]] == [entries[3]]


def test_report_csv_one_row_per_planned_dose(ward: tuple[str, dict[int, int]]) -> None:
    url, _ = ward
    result = run_cli("report", "P-001", "--as-of", "2026-07-02", "-f", "csv", "--db", url)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 20
    states = [r["state"] for r in rows]
    assert states.count("given_as_planned") == 13 and states.count("overdue") == 3
    moved = next(r for r in rows if r["state"] == "given_moved")
    assert (moved["cycle"], moved["cycle_day"], moved["given_at"]) == ("2", "4", "2026-05-16 09:30")


def test_ward_report(ward: tuple[str, dict[int, int]]) -> None:
    url, _ = ward
    added = run_cli("patients", "add", "P-002", "--start", "2026-06-01", "--by", "AB", "--db", url)
    assert added.exit_code == 0, added.output
    result = run_cli("report", "--ward", "--as-of", "2026-07-02", "-f", "csv", "--db", url)
    assert result.exit_code == 0, result.output
    rows = {r["patient"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert (rows["P-001"]["deviations"], rows["P-001"]["overdue"], rows["P-001"]["doses_percent"]) == (
        "5", "3", "80",
    )  # fmt: skip
    # P-002 started 1 June: cycle 1 (1 to 7 June) and cycle 2 (15 to 21 June) passed with nothing recorded.
    assert (rows["P-002"]["overdue"], rows["P-002"]["doses_due"], rows["P-002"]["doses_percent"]) == (
        "10", "10", "0",
    )  # fmt: skip
    table = run_cli("report", "--ward", "--as-of", "2026-07-02", "--db", url)
    assert "P-002" in table.stdout and "Cycle 4, day 2: given 1.5 million units" in table.stdout


def test_export_ex(ward: tuple[str, dict[int, int]], tmp_path: object) -> None:
    url, _ = ward
    result = run_cli("export", "ex", "-o", "-", "--db", url)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # 16 doses given, in the order given; the dose not given has no row (SDTM: EC's ECOCCUR, not EX).
    assert len(rows) == 16
    assert [r["EXSEQ"] for r in rows] == [str(n) for n in range(1, 17)]
    assert {r["USUBJID"] for r in rows} == {"NCT01840046-P-001"}
    assert {r["EXDOSU"] for r in rows} == {"IU"} and {r["EXROUTE"] for r in rows} == {"SUBCUTANEOUS"}
    assert [r["EXSTDTC"] for r in rows] == sorted(r["EXSTDTC"] for r in rows)
    by_dose = {r["EXSPID"]: r for r in rows}
    assert by_dose["C1D3"]["EXLOT"] == "L100"  # the correction in force
    assert by_dose["C2D4"]["EXSTDTC"] == "2026-05-16T09:30" == by_dose["C2D4"]["EXENDTC"]
    assert by_dose["C2D4"]["EXADJ"] == (
        "moved from its planned day 2026-05-14 to 2026-05-16, within its cycle's window"
    )
    changed = by_dose["C4D2"]
    assert changed["EXDOSE"] == "1500000" and "in place of 3 million units" in changed["EXADJ"]
    assert "outside its window" in by_dose["C4D1"]["EXADJ"]
    assert by_dose["C1D1"]["EXADJ"] == "" and (by_dose["C1D1"]["EXLOC"], by_dose["C1D1"]["EXLAT"]) == (
        "ABDOMEN", "LEFT",
    )  # fmt: skip
    assert "C3D2" not in by_dose


def test_export_fhir_validates(ward: tuple[str, dict[int, int]]) -> None:
    from fhir.resources.R4B.bundle import Bundle

    url, entries = ward
    result = run_cli("export", "fhir", "-o", "-", "--db", url)
    assert result.exit_code == 0, result.output
    bundle = json.loads(result.stdout)
    Bundle.model_validate(bundle)
    resources = [e["resource"] for e in bundle["entry"]]
    assert all(r["resourceType"] == "MedicationAdministration" for r in resources)
    by_entry = {int(r["identifier"][0]["value"]): r for r in resources}
    assert len(by_entry) == 18  # every record, the replaced one included
    assert by_entry[entries[3]]["status"] == "entered-in-error"
    refused = by_entry[entries[13]]
    assert refused["status"] == "not-done" and refused["statusReason"][0]["coding"][0]["code"] == "refused"
    given = by_entry[entries[17]]
    assert given["status"] == "completed" and given["dosage"]["dose"]["value"] == 1_500_000
    assert given["contained"][0]["batch"] == {"lotNumber": "L200", "expirationDate": "2027-03-31"}
    assert given["effectiveDateTime"] == "2026-06-23T09:30:00+02:00"
    # The plan's ids: the request is the cycle's MedicationRequest of generate -f fhir's Bundle.
    plan = run_cli("generate", "--start", "2026-04-27", "--patient", "P-001", "-f", "fhir")
    plan_ids = {e["resource"]["resourceType"]: e["resource"]["id"] for e in json.loads(plan.stdout)["entry"]}
    requests = {
        e["resource"]["id"]
        for e in json.loads(plan.stdout)["entry"]
        if e["resource"]["resourceType"] == "MedicationRequest"
    }
    assert {r["request"]["reference"].removeprefix("urn:uuid:") for r in resources} <= requests
    assert {r["supportingInformation"][0]["reference"] for r in resources} == {
        f"urn:uuid:{plan_ids['CarePlan']}"
    }


def test_report_refusals(ward: tuple[str, dict[int, int]]) -> None:
    url, _ = ward
    one_line_error(run_cli("report", "--db", url), "--ward")
    one_line_error(run_cli("report", "P-001", "--ward", "--db", url), "not both")
    one_line_error(run_cli("report", "P-404", "--db", url), "P-404")
    one_line_error(run_cli("report", "P-001", "--as-of", "2026-13-01", "--db", url), "as-of")
