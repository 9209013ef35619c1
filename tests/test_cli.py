"""The command line through click's CliRunner: outputs, format inference and every error path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
from helpers import FIXED_CLOCK, one_line_error
from helpers import run_cli as run

from il2sched import __version__

START = ["generate", "--start", "2026-01-05"]


def test_default_output_is_the_table_on_stdout() -> None:
    result = run(*START)
    assert result.exit_code == 0
    assert "Total: 20 administrations, 52.5 million units" in result.stdout


@pytest.mark.parametrize(
    ("suffix", "check"),
    [
        (".ics", lambda b: b.startswith(b"BEGIN:VCALENDAR")),
        (".csv", lambda b: b.startswith(b"patient,cycle")),
        (".json", lambda b: json.loads(b)["patient"] == "PATIENT"),
        (".txt", lambda b: b"Total: 20" in b),
        (".fhir.json", lambda b: json.loads(b)["resourceType"] == "Bundle"),
        (".PDF", lambda b: b.startswith(b"%PDF-")),
    ],
)
def test_format_is_inferred_from_the_output_suffix(tmp_path: Path, suffix: str, check: object) -> None:
    target = tmp_path / f"out{suffix}"
    result = run(*START, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert check(target.read_bytes())  # type: ignore[operator]
    assert result.stdout == ""


def test_an_explicit_format_wins_over_the_suffix(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    assert run(*START, "-f", "csv", "-o", str(target)).exit_code == 0
    assert target.read_bytes().startswith(b"patient,")


def test_timed_calendar_with_reminders_and_zone(tmp_path: Path) -> None:
    target = tmp_path / "c.ics"
    result = run(*START, "--time", "08:30", "--duration", "20", "--tz", "America/New_York",
                 "--remind", "30m", "--remind", "1d", "--patient", "NY-1", "-o", str(target))  # fmt: skip
    assert result.exit_code == 0, result.output
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    event = cal.walk("VEVENT")[0]
    assert event.decoded("DTSTART").isoformat() == "2026-01-05T08:30:00-05:00"
    assert (event.decoded("DTEND") - event.decoded("DTSTART")).seconds == 20 * 60
    assert len(event.walk("VALARM")) == 2
    assert "NY-1" in str(event["DESCRIPTION"])


def test_source_date_epoch_makes_runs_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert run(*START, "-o", str(first), env=FIXED_CLOCK).exit_code == 0
    assert run(*START, "-o", str(second), env=FIXED_CLOCK).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert b"DTSTAMP:20260105T080000Z" in first.read_bytes()


@pytest.mark.parametrize(("align", "used"), [("next", "2026-01-12"), ("previous", "2026-01-05")])
def test_align_moves_a_start_to_a_monday_and_says_so(align: str, used: str) -> None:
    result = run("generate", "--start", "2026-01-07", "--align", align, "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["start"] == used
    assert f"using {used}" in result.stderr


def test_french_output() -> None:
    result = run(*START, "--lang", "fr")
    assert "Total\u202f: 20 administrations, 52,5 millions d'unités" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["generate", "--start", "2026-01-07"], ["Wednesday", "2026-01-05", "2026-01-12", "--align"]),
        (["generate", "--start", "07/01/2026"], ["--start", "YYYY-MM-DD"]),
        (["generate", "--start", "2026-02-30"], ["--start", "not a real calendar date"]),
        (["generate"], ["--start"]),
        ([*START, "--time", "25:00"], ["--time", "HH:MM"]),
        ([*START, "--time", "9h"], ["--time"]),
        ([*START, "--time", "09:00", "--tz", "Europe/Nice"], ["unknown time zone", "Europe/Paris"]),
        ([*START, "--time", "09:00", "--tz", "../../etc/passwd"], ["unknown time zone"]),
        ([*START, "--regimen", "nope"], ["unknown regimen", "nct01840046"]),
        ([*START, "--regimen", "missing.toml"], ["missing.toml", "not found"]),
        ([*START, "--patient", "Jean Dupont"], ["patient code", "never a name"]),
        ([*START, "--patient", "x" * 33], ["patient code"]),
        ([*START, "-f", "docx"], ["unknown format", "ics"]),
        ([*START, "--remind", "soon"], ["--remind", "30m"]),
        ([*START, "--remind", "0m"], ["--remind"]),
        ([*START, "--duration", "0"], ["--duration"]),
        ([*START, "--lang", "de"], ["--lang"]),
        ([*START, "-o", "/nonexistent-dir/x.ics"], ["/nonexistent-dir", "does not exist"]),
        ([*START, "--bogus"], ["--bogus"]),
        (["frobnicate"], ["frobnicate"]),
    ],
)
def test_bad_input_gives_one_line_and_exit_2(args: list[str], fragments: list[str]) -> None:
    one_line_error(run(*args), *fragments)


def test_a_bad_regimen_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text("[regimen]\nid = 'x'\n", encoding="utf-8")
    one_line_error(run(*START, "--regimen", str(path)), str(path), "'phase' is missing", "[[cycle]]")


def test_bad_source_date_epoch_is_one_line() -> None:
    one_line_error(run(*START, env={"SOURCE_DATE_EPOCH": "yesterday"}), "SOURCE_DATE_EPOCH")


def test_output_to_a_folder_is_refused(tmp_path: Path) -> None:
    one_line_error(run(*START, "-f", "table", "-o", str(tmp_path)), "is a folder")


def test_a_failed_run_leaves_an_existing_file_untouched(tmp_path: Path) -> None:
    target = tmp_path / "keep.ics"
    target.write_bytes(b"precious")
    one_line_error(run("generate", "--start", "2026-01-06", "-o", str(target)))
    assert target.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.ics"]


def test_an_unwritable_folder_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root (as in CI) may write anywhere, so the refusal is simulated where the OS would raise it.
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("il2sched.sources.files.tempfile.mkstemp", refuse)
    one_line_error(run(*START, "-o", str(tmp_path / "x.ics")), "cannot write", "Permission denied")


def test_a_failed_write_removes_its_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "x.ics"
    target.write_bytes(b"old")

    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("il2sched.sources.files.os.replace", full_disk)
    one_line_error(run(*START, "-o", str(target)), "No space left")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.ics"]


def test_a_successful_write_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "c.csv"
    target.write_text("old")
    assert run(*START, "-o", str(target)).exit_code == 0
    assert target.read_text().startswith("patient,")
    assert [p.name for p in tmp_path.iterdir()] == ["c.csv"]


def test_version_regimens_and_help_with_examples() -> None:
    assert run("--version").stdout.strip() == f"il2sched {__version__}"
    listing = run("regimens")
    assert listing.exit_code == 0
    assert "nct01840046" in listing.stdout and "52.5 million units" in listing.stdout
    for command in ([], ["generate"], ["regimens"], ["holidays"], ["batch"], ["worklist"], ["publish"]):
        result = run(*command, "--help")
        assert result.exit_code == 0
        # Click keeps an example block's lines only after a "\b" line: each example starts its own line.
        examples = result.stdout.split("Example", 1)[1].split("Options:")[0]
        assert "\\b" not in result.stdout
        assert all(
            line.strip().startswith("il2sched ") or line.startswith("      ")
            for line in examples.splitlines()[1:]
            if line.strip()
        ), examples


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "il2sched", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == f"il2sched {__version__}"


def test_delays_cascade_to_later_cycles_and_study_days_follow() -> None:
    result = run(*START, "--delay", "2:2", "--delay", "4:2", "-f", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["delays"] == {"2": 2, "4": 2}
    days = [a["study_day"] for a in doc["administrations"]]
    assert days[:5] == [1, 2, 3, 4, 5]
    assert days[5:10] == [29, 30, 31, 32, 33]  # week 3 + 2 weeks = week 5
    assert days[10:15] == [50, 51, 52, 53, 54]  # week 6 + 2 = week 8
    assert days[15:] == [85, 86, 87, 88, 89]  # week 9 + 4 = week 13


@pytest.mark.parametrize("bad", ["3", "0:1", "3:0", "x:y", "5:1"])
def test_bad_delays_are_one_line(bad: str) -> None:
    one_line_error(run(*START, "--delay", bad), "delay" if bad != "5:1" else "cycle must be 1 to 4")
