"""Edges found by foreign calendar readers (issue 22, item 10): every output gives a dose the same instant,
even when the clocks skip past midnight or a whole day; its note says that instant; a private calendar's
notes name no dose; one alarm per instant; a private status agrees with "rendez-vous"; body sizes in plain
numbers; patient codes a spreadsheet would change are refused where they are typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
from pathlib import Path

import icalendar
import pytest
from helpers import one_line_error
from helpers import run_cli_at_stamp as run
from tools import node_modules, require

from il2sched.sources.zones import load_zone, local_time

# (arguments, the dose whose time the clocks skip: its planned date and time, the zone)
PYONGYANG = (
    ["--start", "2018-04-30", "--time", "23:45", "--tz", "Asia/Pyongyang", "--on-holiday", "shift"],
    dt.date(2018, 5, 4), dt.time(23, 45), "Asia/Pyongyang",
)  # fmt: skip
APIA = (
    ["--start", "2011-12-26", "--time", "12:00", "--tz", "Pacific/Apia", "--no-holidays"],
    dt.date(2011, 12, 30), dt.time(12), "Pacific/Apia",
)  # fmt: skip
CASES = pytest.mark.parametrize("case", [PYONGYANG, APIA], ids=["Pyongyang", "Apia"])
Case = tuple[list[str], dt.date, dt.time, str]


def output(case: Case, fmt: str, *more: str) -> str:
    result = run("generate", *case[0], "--patient", "P-1", "-f", fmt, *more)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def instant(case: Case) -> dt.datetime:
    """The one instant of the dose the clocks move (il2sched's one function, checked against zoneinfo)."""
    _, day, time, zone = case
    utc = local_time(day, time, zone).utc
    assert utc == dt.datetime.combine(day, time, load_zone(zone)).astimezone(dt.UTC)  # RFC 5545: fold=0
    return utc


def utc_of(day: str, time: str, zone: str) -> dt.datetime:
    when = dt.datetime.combine(dt.date.fromisoformat(day), dt.time.fromisoformat(time))
    return when.replace(tzinfo=load_zone(zone)).astimezone(dt.UTC)


def starts_in_calendar(data: str) -> list[dt.datetime]:
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return sorted(e.decoded("DTSTART").astimezone(dt.UTC) for e in events)


def the_moved_row(rows: list[dict[str, str]], case: Case) -> dict[str, str]:
    (row,) = [r for r in rows if "does not exist" in r["note"] or "n'existe pas" in r["note"]]
    return row


@CASES
def test_csv_json_table_calendar_and_fhir_give_the_dose_one_instant(case: Case) -> None:
    zone, expected = case[3], instant(case)
    row = the_moved_row(list(csv.DictReader(io.StringIO(output(case, "csv")))), case)
    assert utc_of(row["date"], row["time"], zone) == expected
    assert row["weekday"] == dt.date.fromisoformat(row["date"]).strftime("%A")
    admins = json.loads(output(case, "json"))["administrations"]
    moved = the_moved_row(admins, case)
    assert utc_of(moved["date"], moved["time"], zone) == expected
    assert expected in starts_in_calendar(output(case, "ics"))
    bundle = json.loads(output(case, "fhir"))
    times = [
        dt.datetime.fromisoformat(t).astimezone(dt.UTC)
        for e in bundle["entry"]
        for t in e["resource"].get("dosageInstruction", [{}])[0].get("timing", {}).get("event", [])
    ]
    assert expected in times
    local = expected.astimezone(load_zone(zone))
    day_text, clock = f"{local:%a} {local.day} {local:%b %Y}", f"{local:%H:%M}"
    assert re.search(rf"{day_text}\s+{clock}\s", output(case, "table")), "the table's date and time"


@CASES
def test_the_note_names_the_instant_it_explains(case: Case) -> None:
    note = the_moved_row(list(csv.DictReader(io.StringIO(output(case, "csv")))), case)["note"]
    local = instant(case).astimezone(load_zone(case[3]))
    on_day = "" if local.date() == case[1] else f" on {local:%a} {local.day} {local:%b %Y}"
    assert note.endswith(f"is at {local:%H:%M}{on_day}")
    if case is APIA:
        assert "Fri 30 Dec 2011 does not exist in Pacific/Apia" in note
    fr = the_moved_row(list(csv.DictReader(io.StringIO(output(case, "csv", "--lang", "fr")))), case)
    assert f"la dose est à {local:%H:%M}" in fr["note"]


def test_the_worklist_gives_the_date_beside_a_time_the_clocks_put_on_the_next_day(tmp_path: Path) -> None:
    roster = tmp_path / "ward.csv"
    roster.write_text("patient,start\nP-1,2018-04-30\n", encoding="utf-8")
    result = run("worklist", str(roster), "--from", "2018-05-04", "--time", "23:45", "--tz", "Asia/Pyongyang",
                 "--on-holiday", "shift")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "00:15, Sat 5 May 2018" in result.stdout


def test_ical_js_reads_the_instant_every_other_output_gives(tmp_path: Path) -> None:
    node = require("node", "nodejs", install="apt-get install nodejs")
    node_modules()  # ical.js, installed by npm ci when missing (this test may run before any other node test)
    script = Path(__file__).resolve().parent / "node" / "read_ics.mjs"
    for case in (PYONGYANG, APIA):
        path = tmp_path / "p.ics"
        path.write_text(output(case, "ics"), encoding="utf-8")
        read = subprocess.run([node, str(script), str(path)], capture_output=True, text=True, check=True)
        starts = [row[1] for row in json.loads(read.stdout)[str(path)]]
        assert instant(case).strftime("%Y-%m-%dT%H:%M:%SZ") in starts


def test_a_private_calendar_says_appointment_in_its_clock_notes() -> None:
    for lang, word in (("en", "the appointment is at 12:00"), ("fr", "le rendez-vous est à 12:00")):
        data = output(APIA, "ics", "--private", "--lang", lang)
        text = "\n".join(str(e["DESCRIPTION"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT"))
        assert word in text and "dose" not in text


def test_a_private_moved_appointment_agrees_with_rendez_vous() -> None:
    data = run("generate", "--start", "2026-04-27", "--on-holiday", "shift", "--open-weekends", "--private",
               "--lang", "fr", "-f", "ics").stdout  # fmt: skip
    titles = {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    assert "Rendez-vous hôpital de jour (déplacé)" in titles
    assert not any("déplacée" in t for t in titles)


def test_a_reminder_at_the_same_instant_twice_is_one_alarm() -> None:
    data = run("generate", "--start", "2026-04-27", "--time", "09:00", "--remind", "1h",
               "--remind-at", "08:00", "--remind", "30m", "-f", "ics").stdout  # fmt: skip
    for event in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        triggers = [a.decoded("TRIGGER") for a in event.walk("VALARM")]
        assert triggers == [-dt.timedelta(hours=1), -dt.timedelta(minutes=30)]


def test_a_body_size_error_writes_plain_numbers() -> None:
    result = run("generate", "--start", "2026-04-27", "--regimen", "samples/regimens/bsa-daily.toml",
                 "--height", "200", "--weight", "400")  # fmt: skip
    line = one_line_error(result, "200 cm", "400 kg")
    assert "E+" not in line


@pytest.mark.parametrize("code", ["007", "1E5", "1e-3", "2026-04-27", "3.10", "27.04.2026", "01-003", "-5",
                                  "MAR1", "1-dec", "Sept2", "JAN-26", "TRUE", "faux"])  # fmt: skip
def test_a_code_a_spreadsheet_would_change_is_refused_saying_why(code: str, tmp_path: Path) -> None:
    line = one_line_error(run("generate", "--start", "2026-04-27", "--patient", code), code, "spreadsheet")
    assert f"P-{code}" in line
    roster = tmp_path / "ward.csv"
    roster.write_text(f"patient,start\n{code},2026-04-27\n", encoding="utf-8")
    one_line_error(run("batch", str(roster), "-d", str(tmp_path / "out")), code, "spreadsheet")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("code", ["P-007", "NICE-003", "A1", "E5", "DEC", "P1E5", "X-2026-04-27", "-P"])
def test_a_code_a_spreadsheet_keeps_as_text_is_accepted(code: str) -> None:
    assert run("generate", "--start", "2026-04-27", "--patient", code, "-f", "csv").exit_code == 0
