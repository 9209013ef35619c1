"""The command line asks instead of guessing: output names, binary output, zones, delays, reminders, notes."""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
from click.testing import Result
from helpers import one_line_error
from helpers import run_cli as run

START = ["generate", "--start", "2026-01-05", "--no-holidays"]


def roster(tmp_path: Path, body: str) -> str:
    path = tmp_path / "ward.csv"
    path.write_text("patient,start,time,delays\n" + body, encoding="utf-8")
    return str(path)


# --- output names ---


@pytest.mark.parametrize("name", ["out.xlsx", "out", "out.ics.bak"])
def test_an_output_name_that_names_no_format_is_refused_with_the_suffixes(tmp_path: Path, name: str) -> None:
    one_line_error(
        run(*START, "-o", str(tmp_path / name)), "names no format", ".ics", ".fhir.json", "-f FORMAT"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_explicit_format_writes_any_name(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    assert run(*START, "-f", "csv", "-o", str(target)).exit_code == 0
    assert target.read_bytes().startswith(b"patient,")


def test_the_worklist_lists_its_own_suffixes(tmp_path: Path) -> None:
    ward = roster(tmp_path, "P-1,2026-01-05,,\n")
    line = one_line_error(run("worklist", ward, "--from", "2026-01-05", "-o", str(tmp_path / "w.json")))
    assert ".pdf" in line and ".fhir.json" not in line and ".ics" not in line


# --- binary output and terminals ---


def _on_a_terminal(*args: str) -> tuple[int, bytes, bytes]:
    """Run il2sched with its standard output on a pseudo-terminal: the exit code, what the terminal got,
    and standard error."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "il2sched", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    os.close(follower)
    shown = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end closed: the program ended
            break
        if not chunk:
            break
        shown += chunk
    _, err = process.communicate(timeout=60)
    os.close(leader)
    return process.returncode, shown, err


@pytest.mark.parametrize(
    "args",
    [[*START, "-f", "pdf"], ["worklist", "ROSTER", "--from", "2026-01-05", "-f", "pdf"]],
)
def test_a_binary_format_is_refused_on_a_terminal(tmp_path: Path, args: list[str]) -> None:
    args = [roster(tmp_path, "P-1,2026-01-05,,\n") if a == "ROSTER" else a for a in args]
    code, shown, err = _on_a_terminal(*args)
    assert code == 2 and shown == b""
    assert err.decode().strip().startswith("il2sched: error: the pdf format is binary")
    assert "use -o FILE (e.g. -o schedule.pdf)" in err.decode()


def test_a_binary_format_still_goes_to_a_pipe() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "il2sched", *START, "-f", "pdf"], capture_output=True, check=False
    )
    assert done.returncode == 0 and done.stdout.startswith(b"%PDF-")


def test_text_still_goes_to_a_terminal() -> None:
    code, shown, _ = _on_a_terminal(*START)
    assert code == 0 and b"Total: 20 administrations" in shown


# --- zones and delays ---


@pytest.mark.parametrize("extra", [[], ["--time", "09:00"]])
def test_an_unknown_zone_is_refused_with_or_without_a_time(extra: list[str]) -> None:
    one_line_error(run(*START, "--tz", "Europe/Pariss", *extra), "unknown time zone 'Europe/Pariss'")


def test_an_unknown_zone_is_refused_before_a_roster_is_read(tmp_path: Path) -> None:
    ward = roster(tmp_path, "P-1,2026-01-05,09:00,\n")
    one_line_error(run("worklist", ward, "--from", "2026-01-05", "--tz", "Mars/Olympus"), "unknown time zone")


def test_a_cycle_delayed_twice_is_refused_with_the_total_to_write() -> None:
    one_line_error(
        run(*START, "--delay", "2:1", "--delay", "2:1"), "--delay", "cycle 2 is delayed twice", "2:2"
    )


def test_a_roster_cell_that_delays_a_cycle_twice_is_refused(tmp_path: Path) -> None:
    ward = roster(tmp_path, "P-1,2026-01-05,,3:1 3:2\n")
    result = run("worklist", ward, "--from", "2026-01-05")
    assert result.exit_code == 2 and "cycle 3 is delayed twice" in result.stderr and "line 2" in result.stderr


# --- reminders of all-day events ---


def test_remind_on_all_day_events_says_when_it_fires() -> None:
    result = run(*START, "--remind", "1h", "--remind", "1d", "--remind", "2d12h", "-f", "ics")
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "--remind" in line]
    assert notes == [
        "il2sched: note: all-day events start at midnight, so --remind 1h fires at 23:00 the day before; use "
        "--remind-at HH:MM for a time of day, or --time HH:MM for timed events",
        "il2sched: note: all-day events start at midnight, so --remind 1d fires at 00:00 the day before; use "
        "--remind-at HH:MM for a time of day, or --time HH:MM for timed events",
        "il2sched: note: all-day events start at midnight, so --remind 2d12h fires at 12:00, 3 days before; "
        "use --remind-at HH:MM for a time of day, or --time HH:MM for timed events",
    ]
    french = run(*START, "--remind", "1h", "--lang", "fr", "-f", "ics")
    assert "--remind 1h sonne la veille à 23:00" in french.stderr
    assert "--remind" not in run(*START, "--remind", "1h", "--time", "09:00", "-f", "ics").stderr


def _triggers(result: Result) -> list[dt.timedelta]:
    assert result.exit_code == 0, result.output
    event = icalendar.Calendar.from_ical(result.stdout_bytes).walk("VEVENT")[0]
    return [a.decoded("TRIGGER") for a in event.walk("VALARM")]


def test_remind_at_rings_at_a_time_of_the_dose_day() -> None:
    assert _triggers(run(*START, "--remind-at", "08:00", "-f", "ics")) == [dt.timedelta(hours=8)]
    timed = run(*START, "--time", "09:30", "--remind-at", "08:00", "--remind", "10m", "-f", "ics")
    assert _triggers(timed) == [-dt.timedelta(minutes=10), -dt.timedelta(minutes=90)]


def test_remind_at_counts_the_clock_change_between_the_reminder_and_the_dose() -> None:
    # Sunday 29 March 2026 in Paris: 01:00 to 09:00 is seven hours of real time.
    args = ["generate", "--start", "2026-03-23", "--closed", "2026-03-27..2026-03-28", "--on-holiday",
            "shift", "--open-weekends", "--no-holidays", "--time", "09:00", "--remind-at", "01:00",
            "-f", "ics"]  # fmt: skip
    result = run(*args)
    assert result.exit_code == 0, result.output
    events = icalendar.Calendar.from_ical(result.stdout_bytes).walk("VEVENT")
    sunday = next(e for e in events if e.decoded("DTSTART").date() == dt.date(2026, 3, 29))
    assert [a.decoded("TRIGGER") for a in sunday.walk("VALARM")] == [-dt.timedelta(hours=7)]


def test_remind_at_after_the_dose_time_is_refused() -> None:
    one_line_error(run(*START, "--time", "09:00", "--remind-at", "10:00"), "--remind-at 10:00", "09:00")


# --- notes: the holiday note, the language, an empty schedule ---


def test_notes_follow_the_language() -> None:
    args = ["generate", "--start", "2026-04-27", "-f", "csv", "--lang", "fr"]
    lines = [line for line in run(*args).stderr.splitlines() if line.startswith("il2sched: note: ")]
    assert lines[0] == (
        "il2sched: note: cycle 1 jour 5, ven. 1er mai 2026 (jour férié\u202f: Fête du Travail)\u202f: "
        "Jour férié\u202f: à administrer seulement si le service est ouvert\u202f; --on-holiday shift la "
        "déplace au prochain jour ouvert, --on-holiday skip la retire"
    )
    shifted = run(*args, "--on-holiday", "shift", "--open-weekends").stderr
    assert (
        "cycle 1 jour 5, ven. 1er mai 2026, déplacée au sam. 2 mai 2026 (jour férié\u202f: Fête du Travail)"
        in shifted
    )
    aligned = run("generate", "--start", "2026-04-29", "--align", "next", "--lang", "fr", "-f", "csv").stderr
    assert (
        "il2sched: note: le début 2026-04-29 n'est pas un lundi\u202f; début le 2026-05-04 (--align next)"
        in aligned
    )


def test_a_schedule_with_every_dose_skipped_warns() -> None:
    args = [*START, "--closed", "2026-01-01..2026-04-30", "--on-holiday", "skip", "-f", "ics"]
    result = run(*args)
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == (
        "il2sched: warning: all 20 doses are skipped (closed days with --on-holiday skip): there is nothing "
        "to give; check the closed days, or use --on-holiday flag or shift"
    )
    assert b"BEGIN:VEVENT" not in result.stdout_bytes
    assert "warning" not in run(*START, "-f", "ics").stderr


def test_batch_notes_follow_the_language(tmp_path: Path) -> None:
    ward = roster(tmp_path, "P-1,2026-04-27,,\nP-2,2026-01-05,,\n")
    result = run("batch", ward, "-d", str(tmp_path / "out"), "--lang", "fr", "--remind", "1h")
    assert result.exit_code == 0, result.output
    assert "des jours fermés concernent 1 des 2 patients (jour férié\u202f: 2)" in result.stderr
    assert "--remind 1h sonne la veille à 23:00" in result.stderr
    assert "il2sched: 6 fichiers écrits pour 2 patients dans " in result.stderr


def test_json_output_of_the_run_is_unchanged_by_notes() -> None:
    result = run(*START, "--remind", "1h", "-f", "json")
    assert json.loads(result.stdout)["patient"] == "PATIENT"
