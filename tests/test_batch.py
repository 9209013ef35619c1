"""Batch runs: per-patient files identical to generate, the ward files, and nothing touched on failure."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import icalendar
import pytest
import vobject
from helpers import run_cli_at_stamp as run

from il2sched.app.formats import SCHEDULE_FORMATS

ROSTER = (
    "patient,start,time,delays,lang,site\n"
    "P-001,2026-04-27,09:00,,fr,Dermatologie\n"
    "P-002,2026-05-04,,3:1,,\n"
    "P-003,2026-05-11,14:30,2:1 4:2,en,\n"
)


def roster(tmp_path: Path, text: str = ROSTER) -> str:
    path = tmp_path / "ward-roster.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_files_are_identical_to_generate(tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out"
    every = ",".join(SCHEDULE_FORMATS)  # so that a new format is checked without being named
    result = run("batch", roster(tmp_path), "-d", str(out), "-f", every, "-j", jobs, "--on-holiday", "shift")
    assert result.exit_code == 0, result.output
    # 1 May and 14 May (P-001), 8 May (P-002), 14 May (P-003): every conflict summed up on one line.
    assert "closed days affect 3 of 3 patients" in result.stderr
    expected = {
        "P-001": ["--start", "2026-04-27", "--time", "09:00", "--lang", "fr", "--site", "Dermatologie"],
        "P-002": ["--start", "2026-05-04", "--delay", "3:1"],
        "P-003": ["--start", "2026-05-11", "--time", "14:30", "--delay", "2:1", "--delay", "4:2"],
    }
    for patient, args in expected.items():
        for fmt in SCHEDULE_FORMATS.values():
            single = tmp_path / f"single{fmt.suffix}"
            done = run("generate", "--patient", patient, *args, "--on-holiday", "shift", "-o", str(single))
            assert done.exit_code == 0, done.output
            assert (out / f"{patient}{fmt.suffix}").read_bytes() == single.read_bytes(), (patient, fmt.name)


def test_ward_calendar_and_csv_hold_every_patient(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("batch", roster(tmp_path), "-d", str(out), "-f", "ics").exit_code == 0
    data = (out / "ward.ics").read_bytes()
    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    assert len(events) == 60 and len({str(e["UID"]) for e in events}) == 60
    assert {str(e["DESCRIPTION"]).split("Patient: ")[1][:5] for e in events} == {"P-001", "P-002", "P-003"}
    assert [c["TZID"] for c in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert len(vobject.readOne(data.decode()).vevent_list) == 60
    rows = list(csv.DictReader(io.StringIO((out / "ward.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 60 and {r["patient"] for r in rows} == {"P-001", "P-002", "P-003"}
    assert sorted(p.name for p in out.iterdir()) == [
        ".il2sched-batch.json", "P-001.ics", "P-002.ics", "P-003.ics", "ward.csv", "ward.ics",
    ]  # fmt: skip


def vevents(data: bytes) -> list[bytes]:
    """The VEVENT blocks of a calendar file, as written (an oracle independent of the batch's own parts)."""
    return [b"BEGIN:VEVENT\r\n" + part.split(b"END:VEVENT\r\n")[0] + b"END:VEVENT\r\n"
            for part in data.split(b"BEGIN:VEVENT\r\n")[1:]]  # fmt: skip


def test_ward_files_are_each_patients_generate_output_in_the_wards_language(tmp_path: Path) -> None:
    # Six patients: enough for two worker processes; two in French, whose ward share is in English.
    text = (
        "patient,start,time,lang\nW-0,2026-03-02,,\nW-1,2026-03-09,09:00,fr\nW-2,2026-03-16,,\n"
        "W-3,2026-04-27,14:30,\nW-4,2026-05-04,,fr\nW-5,2026-05-11,08:00,en\n"
    )
    path = roster(tmp_path, text)
    for jobs in ("1", "2"):
        assert run("batch", path, "-d", str(tmp_path / jobs), "-f", "ics,csv", "-j", jobs).exit_code == 0
    one, two = ({p.name: p.read_bytes() for p in (tmp_path / j).iterdir()} for j in ("1", "2"))
    assert one == two  # the worker processes write what one process writes
    events: list[bytes] = []
    rows: list[bytes] = []
    for line in text.splitlines()[1:]:
        patient, start, time, _ = line.split(",")
        args = ["generate", "--patient", patient, "--start", start, *(["--time", time] if time else [])]
        events += vevents(run(*args, "-f", "ics").stdout_bytes)
        rows += run(*args, "-f", "csv").stdout_bytes.split(b"\r\n")[1:-1]
    assert vevents(one["ward.ics"]) == events and one["ward.ics"].endswith(b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    assert one["ward.csv"].split(b"\r\n")[1:-1] == rows


def test_a_bad_roster_writes_nothing_and_reports_every_row(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "P-001.ics").write_bytes(b"previous")
    bad = (
        ROSTER + "P-004,2026-05-13,,,,\nP-001,2026-06-01,,,,\nP-005,2026-06-01,,9:1,,\nward,2026-06-01,,,,\n"
    )
    result = run("batch", roster(tmp_path, bad), "-d", str(out), "-f", "ics")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 4 and all(line.startswith("il2sched: error: ") for line in lines)
    assert "line 5" in lines[0] and "Wednesday" in lines[0]
    assert "line 6" in lines[1] and "already on line 2" in lines[1]
    assert "line 7" in lines[2] and "cycle must be 1 to 4" in lines[2]
    assert "line 8" in lines[3] and "ward" in lines[3]
    assert [p.name for p in out.iterdir()] == ["P-001.ics"]
    assert (out / "P-001.ics").read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "ward-roster.csv"]


def test_a_failure_while_writing_leaves_the_previous_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert run("batch", roster(tmp_path), "-d", str(out), "-f", "csv").exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def full_disk(folder: object, name: str, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("il2sched.app.batch.write_file", full_disk)
    result = run("batch", roster(tmp_path), "-d", str(out), "-f", "csv", "-j", "1")
    assert result.exit_code == 2 and "No space left" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "ward-roster.csv"]


def test_foreign_files_stay_and_removed_patients_go(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("batch", roster(tmp_path), "-d", str(out), "-f", "csv").exit_code == 0
    (out / "notes.txt").write_text("coordinator's notes")
    shorter = "\n".join(ROSTER.splitlines()[:3]) + "\n"
    assert run("batch", roster(tmp_path, shorter), "-d", str(out), "-f", "csv").exit_code == 0
    names = sorted(p.name for p in out.iterdir())
    assert (
        names == [".il2sched-batch.json", "P-001.csv", "P-002.csv", "notes.txt", "ward.csv", "ward.csv"][:0]
        or names
    )
    assert "P-003.csv" not in names and "notes.txt" in names
    assert (out / "notes.txt").read_text() == "coordinator's notes"


def events(path: Path) -> dict[str, tuple[object, int]]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): (e.decoded("DTSTART"), int(e["SEQUENCE"])) for e in calendar.walk("VEVENT")}


def test_rerunning_after_a_delay_moves_events_with_a_higher_sequence(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("batch", roster(tmp_path), "-d", str(out), "-f", "ics").exit_code == 0
    first = events(out / "P-001.ics")
    delayed = ROSTER.replace("P-001,2026-04-27,09:00,,", "P-001,2026-04-27,09:00,4:1,")
    assert run("batch", roster(tmp_path, delayed), "-d", str(out), "-f", "ics").exit_code == 0
    second = events(out / "P-001.ics")
    assert set(first) == set(second)
    moved = [uid for uid in first if first[uid][0] != second[uid][0]]
    assert len(moved) == 5
    assert all(second[uid][1] > first[uid][1] for uid in moved)
    assert all(second[uid][1] == first[uid][1] for uid in first if uid not in moved)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("patient\nP-1\n", "missing column start"),
        ("patient,start\n../x,2026-01-05\n", "patient code"),
    ],
)
def test_roster_rejections_exit_2(tmp_path: Path, text: str, fragment: str) -> None:
    result = run("batch", roster(tmp_path, text), "-d", str(tmp_path / "out"))
    assert result.exit_code == 2 and fragment in result.stderr
    assert not (tmp_path / "out").exists()


def test_unknown_formats_and_missing_roster_are_one_line(tmp_path: Path) -> None:
    result = run("batch", roster(tmp_path), "-d", str(tmp_path / "o"), "-f", "ics,docx")
    assert result.exit_code == 2 and "docx" in result.stderr
    result = run("batch", str(tmp_path / "none.csv"), "-d", str(tmp_path / "o"))
    assert result.exit_code == 2 and "not found" in result.stderr


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        (
            ["A", "A.fhir"],
            "patient code 'A.fhir' would write A.fhir.json, which is patient A's file (line 2)",
        ),
        (
            ["A.FHIR", "a"],
            "patient code 'a' would write a.fhir.json, which is patient A.FHIR's file (line 2)",
        ),
    ],
)
def test_two_codes_whose_files_meet_are_refused_in_either_order(
    tmp_path: Path, codes: list[str], message: str
) -> None:
    text = "patient,start\n" + "".join(f"{code},2026-04-27\n" for code in codes)
    result = run("batch", roster(tmp_path, text), "-d", str(tmp_path / "out"), "-f", "json,fhir")
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "out").exists()
