"""The nurses' worklist: who is due each day, with holidays, closures, moved and skipped doses."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import Result
from helpers import run_cli

# Three patients due on Thursday 14 May 2026 (Ascension): cycle 2 day 4, cycle 1 day 4, and week 2 (no dose).
ROSTER = "patient,start,time\nP-A,2026-04-27,09:00\nP-B,2026-05-11,08:30\nP-C,2026-05-04,\n"


def run(tmp_path: Path, *args: str) -> Result:
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return run_cli("worklist", str(path), *args)


def test_a_day_with_several_patients_and_a_holiday(tmp_path: Path) -> None:
    result = run(tmp_path, "--from", "2026-05-13", "--days", "2")
    assert result.exit_code == 0, result.output
    text = result.stdout
    wednesday, thursday = text.split("Wednesday 13 May 2026")[1].split("Thursday 14 May 2026")
    assert "public holiday: Ascension Day" in thursday.splitlines()[0]
    assert wednesday.index("08:30  P-B") < wednesday.index("09:00  P-A")  # by time
    assert "3 million units" in wednesday and "1.5 million units" in wednesday
    assert "cycle 2, day 3" in wednesday and "cycle 1, day 3" in wednesday
    assert "P-C" not in wednesday  # week 2 of P-C: no dose
    assert thursday.count("public holiday") == 1  # the heading...
    assert thursday.count("Holiday: give only if the unit is open") == 2  # ...and both doses' check
    assert "4 administrations in 2 days" in text


def test_shift_and_skip_policies_show_on_the_worklist(tmp_path: Path) -> None:
    shifted = run(tmp_path, "--from", "2026-05-14", "--days", "4", "--on-holiday", "shift", "--open-weekends")
    saturday = shifted.stdout.split("Saturday 16 May 2026")[1].split("Sunday")[0]
    assert "moved from Thu 14 May 2026 (Ascension Day)" in saturday
    closed = run(tmp_path, "--from", "2026-05-14", "--on-holiday", "shift").stdout  # weekends closed
    assert (
        closed.count("Investigator to decide") == 2 and "0 administrations; 2 for the investigator" in closed
    )
    skipped = run(tmp_path, "--from", "2026-05-14", "--on-holiday", "skip").stdout
    assert skipped.count("skipped") == 2 and "0 administrations" in skipped


def test_worklist_csv_has_generate_columns_one_row_per_administration(tmp_path: Path) -> None:
    out = tmp_path / "w.csv"
    result = run(tmp_path, "--from", "2026-05-11", "--days", "7", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(
        [
            "patient,cycle,cycle_day,study_day,date,weekday,time,dose_iu,dose,route,drug,status,note",
            "attention,setting",
        ]
    )
    assert len(rows) == 10  # P-A cycle 2 and P-B cycle 1, five days each
    assert {r["patient"] for r in rows} == {"P-A", "P-B"}
    assert sorted(r["date"] for r in rows) == [r["date"] for r in rows]
    assert {r["status"] for r in rows if r["date"] == "2026-05-14"} == {"holiday"}


def test_worklist_in_french(tmp_path: Path) -> None:
    text = run(tmp_path, "--from", "2026-05-14", "--lang", "fr").stdout
    assert "jeudi 14 mai 2026" in text and "Ascension" in text and "3 millions d'unités" in text


def test_bad_worklist_input_is_one_line(tmp_path: Path) -> None:
    result = run(tmp_path, "--from", "14/05/2026")
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    result = run(tmp_path, "--from", "2026-05-14", "-f", "docx")
    assert result.exit_code == 2 and "worklist format" in result.stderr
