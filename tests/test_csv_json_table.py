"""CSV, JSON and the terminal table: exact columns, safe cells, totals and the grid."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from helpers import QUIET_START, render, schedule

from il2sched.core.schedule import Closure, Policy
from il2sched.export.csv import neutralize
from il2sched.export.rows import COLUMNS

HEADER = (
    "patient,cycle,cycle_day,study_day,date,weekday,time,dose_iu,dose,route,drug,status,note,attention,"
    "setting"
)


def rows(data: bytes, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_csv_header_is_exact_and_rows_read_back() -> None:
    sched = schedule(time=dt.time(9))
    data = render("csv", sched)
    assert data.decode().split("\r\n")[0] == HEADER == ",".join(COLUMNS)
    back = rows(data)
    assert len(back) == 20
    first = back[0]
    assert first == {
        "patient": "P", "cycle": "1", "cycle_day": "1", "study_day": "1", "date": "2026-01-05",
        "weekday": "Monday", "time": "09:00", "dose_iu": "1500000", "dose": "1.5 million units",
        "route": "subcutaneous", "drug": "aldesleukin", "status": "planned", "note": "", "attention": "",
        "setting": "site",
    } | {"patient": first["patient"]}  # fmt: skip
    assert [r["date"] for r in back] == [a.date.isoformat() for a in sched.administrations]
    assert sum(int(r["dose_iu"]) for r in back) == 52_500_000


def test_french_excel_flavour_has_bom_semicolons_and_decimal_comma() -> None:
    data = render("csv", schedule(), lang="fr", excel=True)
    assert data.startswith("\ufeff".encode())
    back = rows(data, delimiter=";")
    assert back[0]["dose"] == "1,5 million d'unités" and back[0]["weekday"] == "lundi"
    assert back[0]["route"] == "sous-cutanée"
    assert data.decode("utf-8-sig").splitlines()[0] == HEADER.replace(",", ";")


def test_english_excel_flavour_still_uses_a_decimal_comma() -> None:
    assert rows(render("csv", schedule(), excel=True), ";")[0]["dose"] == "1,5 million units"


@pytest.mark.parametrize("bad", ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_cells_a_spreadsheet_would_run_are_neutralized(bad: str) -> None:
    assert neutralize(bad) == "'" + bad
    assert neutralize("safe") == "safe"


def test_every_csv_cell_is_safe_even_with_hostile_names() -> None:
    closures = {QUIET_START: Closure("closed", '=HYPERLINK("http://x")')}
    data = render("csv", schedule(patient="-P", closures=closures))
    for record in rows(data):
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in record.values())
    assert rows(data)[0]["patient"] == "'-P" and '(=HYPERLINK("http://x"))' in rows(data)[0]["note"]


def test_json_carries_plan_totals_and_rows() -> None:
    doc = json.loads(render("json", schedule(patient="P-7")))
    assert doc["patient"] == "P-7" and doc["start"] == "2026-01-05"
    assert doc["regimen"]["id"] == "nct01840046" and doc["regimen"]["trial_id"] == "NCT01840046"
    assert doc["totals"] == {"administrations": 20, "skipped": 0, "to_decide": 0, "dose_iu": 52_500_000,
                             "dose": "52.5 million units"}  # fmt: skip
    admins = doc["administrations"]
    assert len(admins) == 20 and list(admins[0]) == list(COLUMNS)
    assert isinstance(admins[0]["dose_iu"], int) and admins[0]["dose_iu"] == 1_500_000
    assert doc["closed_days"] == []


def test_json_lists_the_closed_days_met_and_skipped_totals() -> None:
    closures = {QUIET_START + dt.timedelta(days=1): Closure("holiday", "Test Day")}
    doc = json.loads(render("json", schedule(closures=closures, policy=Policy.SKIP)))
    assert doc["closed_days"] == [{"date": "2026-01-06", "kind": "holiday", "name": "Test Day"}]
    assert doc["totals"]["administrations"] == 19 and doc["totals"]["skipped"] == 1
    assert doc["totals"]["dose_iu"] == 51_000_000
    assert doc["administrations"][1]["status"] == "skipped"


def test_table_groups_by_cycle_with_totals_and_a_nine_week_grid() -> None:
    text = render("table", schedule()).decode()
    for cycle, week, dose in [(1, 1, "1.5 million units"), (2, 3, "3 million units"), (3, 6, "3 million"),
                              (4, 9, "3 million units")]:  # fmt: skip
        assert f"Cycle {cycle} · week {week} · {dose}" in text
    assert "Total: 20 administrations, 52.5 million units" in text
    grid = text.split("Calendar, weeks 1 to 9")[1].splitlines()
    weeks = [line for line in grid if line.startswith("Week ")]
    assert len(weeks) == 9
    assert [line.count("*") for line in weeks] == [5, 0, 5, 0, 0, 5, 0, 0, 5]
    assert "Mon 5 Jan 2026" in text


def test_table_in_french() -> None:
    text = render("table", schedule(), lang="fr").decode()
    assert "Total\u202f: 20 administrations, 52,5 millions d'unités" in text
    assert "lun. 5 janv. 2026" in text and "Semaine 9" in text
    assert "sous-cutanée" in text


def test_table_marks_moved_and_skipped_days_in_the_grid() -> None:
    closures = {QUIET_START + dt.timedelta(days=2): Closure("holiday", "Test Day")}
    text = render("table", schedule(closures=closures, policy=Policy.SHIFT, weekends_open=True)).decode()
    week1 = next(line for line in text.splitlines() if line.startswith("Week 1 "))
    assert "7-" in week1 and "8*" in week1 and "10>" in week1  # only the dose on the closed day moves
    assert "moved from Wed 7 Jan 2026 (Test Day)" in text
    strict = render("table", schedule(closures=closures, policy=Policy.SHIFT)).decode()
    week1 = next(line for line in strict.splitlines() if line.startswith("Week 1 "))
    assert "7!" in week1 and "10 " in week1 and "Investigator to decide" in strict
