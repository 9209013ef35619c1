"""Doses on the nights the clocks change: placed alike in every format, explained, and zones from tzdata.

A wall time that does not exist (the clocks go forward over it) is given at the wall time of its RFC 5545
instant (Paris 02:30 is 03:30); one that happens twice (they go back) is the first occurrence, written in UTC
in calendars so that no reader can pick the second. CSV, JSON, the table, the worklist, the sheet and FHIR
show the same time and say why; so does stderr.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
import zoneinfo
from importlib import resources
from pathlib import Path

import icalendar
import pytest
from helpers import dose_on, render, run_cli

from il2sched.core.clock import Edge
from il2sched.core.worklist import build_worklist
from il2sched.export.vtimezone import build_vtimezone
from il2sched.sources.locale import texts_for
from il2sched.sources.zones import load_zone, local_time, transitions

SPRING, AUTUMN = dt.date(2026, 3, 29), dt.date(2026, 10, 25)  # Paris changes its clocks on these Sundays
TWO_THIRTY = dt.time(2, 30)


def package_zone(key: str) -> zoneinfo.ZoneInfo:
    """The zone as the tzdata package has it (the test's own reading, not il2sched's)."""
    with resources.files("tzdata.zoneinfo").joinpath(key).open("rb") as handle:
        return zoneinfo.ZoneInfo.from_file(handle, key=key)


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def on(day: dt.date, items: list[icalendar.Event]) -> icalendar.Event:
    matches = [e for e in items if e.decoded("DTSTART").astimezone(load_zone("Europe/Paris")).date() == day]
    assert len(matches) == 1
    return matches[0]


def rows_on(day: dt.date, data: bytes) -> dict[str, str]:
    (row,) = [r for r in csv.DictReader(io.StringIO(data.decode())) if r["date"] == day.isoformat()]
    return row


# --- which times the clocks skip or repeat ---


@pytest.mark.parametrize(
    ("zone", "day", "time", "edge", "wall"),
    [
        ("Europe/Paris", SPRING, TWO_THIRTY, Edge.GAP, dt.time(3, 30)),
        ("Europe/Paris", AUTUMN, TWO_THIRTY, Edge.FOLD, TWO_THIRTY),
        ("Europe/Paris", AUTUMN, dt.time(3, 30), Edge.NONE, dt.time(3, 30)),
        ("Africa/Cairo", dt.date(2026, 10, 29), dt.time(23, 30), Edge.FOLD, dt.time(23, 30)),
        ("Africa/Cairo", dt.date(2026, 4, 24), dt.time(0, 30), Edge.GAP, dt.time(1, 30)),
        ("Asia/Jerusalem", dt.date(2026, 3, 27), TWO_THIRTY, Edge.GAP, dt.time(3, 30)),
        ("America/Santiago", dt.date(2026, 9, 6), dt.time(0, 15), Edge.GAP, dt.time(1, 15)),
        ("America/Santiago", dt.date(2026, 4, 4), dt.time(23, 15), Edge.FOLD, dt.time(23, 15)),
        ("Australia/Lord_Howe", dt.date(2026, 10, 4), dt.time(2, 15), Edge.GAP, dt.time(2, 45)),
        ("UTC", AUTUMN, TWO_THIRTY, Edge.NONE, TWO_THIRTY),
    ],
)
def test_local_time_tells_a_skipped_and_a_repeated_time_from_an_ordinary_one(
    zone: str, day: dt.date, time: dt.time, edge: Edge, wall: dt.time
) -> None:
    local = local_time(day, time, zone)
    assert (local.edge, local.wall.time()) == (edge, wall)
    truth = dt.datetime.combine(day, time, package_zone(zone)).astimezone(dt.UTC)  # fold=0: RFC 5545
    assert local.utc == truth


# --- every format says the same time, and why ---


def test_a_skipped_time_is_the_existing_wall_time_in_every_format() -> None:
    sched = dose_on(SPRING, TWO_THIRTY)
    ics = render("ics", sched)
    event = on(SPRING, events(ics))
    assert event.decoded("DTSTART").replace(tzinfo=None) == dt.datetime(2026, 3, 29, 3, 30)
    assert "02:30 does not exist on Sun 29 Mar 2026 in Europe/Paris" in str(event["DESCRIPTION"])
    row = rows_on(SPRING, render("csv", sched))
    assert row["time"] == "03:30"
    assert "02:30 does not exist" in row["note"] and "the dose is at 03:30" in row["note"]
    assert row["note"].startswith("moved from")  # the closure's note first, then the clock's
    (admin,) = [a for a in json.loads(render("json", sched))["administrations"] if a["date"] == "2026-03-29"]
    assert admin["time"] == "03:30" and "clocks go forward" in admin["note"]
    table = render("table", sched).decode()
    line = next(line for line in table.splitlines() if "29 Mar 2026" in line)
    assert "03:30" in line and "02:30 does not exist" in line
    bundle = json.loads(render("fhir", sched))
    timing = [e for r in bundle["entry"] for e in _events(r["resource"])]
    assert "2026-03-29T03:30:00+02:00" in timing
    assert any("02:30 does not exist" in n for r in bundle["entry"] for n in _notes(r["resource"]))


def test_a_repeated_time_is_the_first_one_in_every_format_and_in_utc_in_calendars() -> None:
    sched = dose_on(AUTUMN, TWO_THIRTY)
    lines = render("ics", sched).decode().split("\r\n")
    assert "DTSTART:20261025T003000Z" in lines and "DTEND:20261025T004500Z" in lines
    assert "X-IL2SCHED-TZID:Europe/Paris" in lines
    parsed = events(render("ics", sched))
    event = on(AUTUMN, parsed)
    assert "the dose is at the first 02:30 (UTC+02:00)" in str(event["DESCRIPTION"]).replace("\n", " ")
    others = [e for e in parsed if e is not event]
    assert len(others) == 19
    assert all(e.get("DTSTART").params.get("TZID") == "Europe/Paris" for e in others)
    row = rows_on(AUTUMN, render("csv", sched))
    assert row["time"] == "02:30" and "happens twice" in row["note"] and "UTC+02:00" in row["note"]
    bundle = json.loads(render("fhir", sched))
    assert "2026-10-25T02:30:00+02:00" in [e for r in bundle["entry"] for e in _events(r["resource"])]


def test_an_event_that_ends_in_the_repeated_hour_is_written_in_utc_too() -> None:
    sched = dose_on(AUTUMN, dt.time(1, 50))
    lines = render("ics", sched).decode().split("\r\n")
    assert "DTSTART:20261024T235000Z" in lines and "DTEND:20261025T000500Z" in lines


def test_an_event_that_starts_in_the_repeated_hour_lasts_its_duration() -> None:
    # 02:50 (the first) + 15 minutes is 02:05 in the second hour: not the wall time 03:05, an hour later.
    sched = dose_on(AUTUMN, dt.time(2, 50))
    lines = render("ics", sched).decode().split("\r\n")
    assert "DTSTART:20261025T005000Z" in lines and "DTEND:20261025T010500Z" in lines


def test_the_worklist_and_the_sheet_say_the_time_and_why() -> None:
    sched = dose_on(SPRING, TWO_THIRTY)
    days = build_worklist([sched], SPRING, 1)
    from helpers import STAMP

    from il2sched.core.options import RenderOptions
    from il2sched.export.csv import render_worklist
    from il2sched.export.table import render_worklist as worklist_table
    from il2sched.print.sheet import build_sheet
    from il2sched.print.worklist import build_printed_worklist

    texts = texts_for("fr", use_cache=False)
    options = RenderOptions(texts=texts, stamp=STAMP)
    text = worklist_table(days, options).decode()
    assert "03:30" in text and "02:30 n'existe pas le dim. 29 mars 2026 à Europe/Paris" in text
    assert rows_on(SPRING, render_worklist(days, options))["time"] == "03:30"
    printed = build_printed_worklist(days, texts, site="", paper="a4", stamp=STAMP)
    rows = [r for p in printed.pages for block in p.days for r in block.rows]
    assert [(r.text("time"), "n'existe pas" in r.text("notice")) for r in rows] == [("03:30", True)]
    sheet = build_sheet(sched, texts, site="", paper="a4", stamp=STAMP)
    sheet_rows = [r for p in sheet.pages for block in p.cycles for r in block.rows]
    notices = [r.text("notice") for r in sheet_rows]
    assert sum("02:30 n'existe pas" in n and "la dose est à 03:30" in n for n in notices) == 1
    dates = [r.cell("date") for r in sheet_rows]
    assert (
        sum(d is not None and d.text[-1].text == "03:30" for d in dates) == 1
    )  # the time it really happens at


def test_stderr_says_it_in_the_chosen_language() -> None:
    args = ["generate", "--start", "2026-10-19", "--time", "02:30", "--closed", "2026-10-23..2026-10-24",
            "--on-holiday", "shift", "--open-weekends", "--no-holidays", "-f", "csv"]  # fmt: skip
    english = run_cli(*args)
    assert english.exit_code == 0, english.output
    assert "il2sched: note: cycle 1 day 5, Fri 23 Oct 2026: 02:30 happens twice on Sun 25 Oct 2026" in (
        english.stderr
    )
    french = run_cli(*args, "--lang", "fr")
    said = "il2sched: note: cycle 1 jour 5, ven. 23 oct. 2026\u202f: 02:30 a lieu deux fois le dim. 25 oct."
    assert said in (french.stderr)


def _events(resource: dict[str, object]) -> list[str]:
    dosage = resource.get("dosageInstruction")
    if not isinstance(dosage, list):
        return []
    return [e for d in dosage for e in d.get("timing", {}).get("event", [])]


def _notes(resource: dict[str, object]) -> list[str]:
    notes = resource.get("note")
    return [n["text"] for n in notes] if isinstance(notes, list) else []


# --- VTIMEZONE onsets against zoneinfo, at every change in the span ---

ZONES = ("Asia/Jerusalem", "Africa/Cairo", "America/Santiago", "Asia/Tehran", "Africa/Casablanca",
         "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata")  # fmt: skip


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("year", [2019, 2026, 2031])
def test_our_vtimezone_changes_the_clocks_when_zoneinfo_does(zone: str, year: int) -> None:
    """The VTIMEZONE gives zoneinfo's offset around every change of the span (a year either side of the
    schedule's times): at every instant, read as RFC 5545 defines onsets (local DTSTART, RDATE and RRULE
    times in the TZOFFSETFROM offset), and at every wall time that exists once, read by icalendar under
    another name (so that it cannot look the zone up)."""
    truth = package_zone(zone)
    instants = [dt.datetime(year, 3, 2, 9), dt.datetime(year, 11, 20, 9)]
    text = build_vtimezone(zone, instants).to_ical().replace(zone.encode(), f"Renamed-{zone}-{year}".encode())
    reader = icalendar.Timezone.from_ical(text).to_tz()
    onsets = rfc_onsets(text, dt.datetime(year + 3, 1, 1))
    changes = [t for y in range(year - 1, year + 2) for t in transitions(zone, y)]
    for wall in instants:
        assert wall.replace(tzinfo=reader).utcoffset() == wall.replace(tzinfo=truth).utcoffset()
    checked = 0
    for change in changes:
        for minutes in range(-150, 151, 15):
            instant = change.instant + dt.timedelta(minutes=minutes)
            local = instant.astimezone(truth)
            assert offset_at(onsets, instant) == local.utcoffset(), (zone, change, instant)
            wall = local.replace(tzinfo=None)
            if wall.replace(tzinfo=truth, fold=1).utcoffset() != wall.replace(tzinfo=truth).utcoffset():
                continue  # repeated or skipped: any wall-time reading is one of two
            assert wall.replace(tzinfo=reader).utcoffset() == local.utcoffset(), (zone, change, wall)
            checked += 1
    assert checked >= 10 * len(changes)


def rfc_onsets(vtimezone: bytes, until: dt.datetime) -> list[tuple[dt.datetime, dt.timedelta]]:
    """Every onset of a VTIMEZONE as (UTC instant, offset after it), as RFC 5545 section 3.6.5 has them."""
    from dateutil.rrule import rrulestr

    out = []
    for observance in icalendar.Timezone.from_ical(vtimezone).subcomponents:
        start: dt.datetime = observance.decoded("DTSTART")
        before, after = observance["TZOFFSETFROM"].td, observance["TZOFFSETTO"].td
        local = {start}
        rdates = observance.get("RDATE", [])
        for rdate in rdates if isinstance(rdates, list) else [rdates]:
            local.update(d.dt for d in rdate.dts)
        if "RRULE" in observance:
            rule = rrulestr(observance["RRULE"].to_ical().decode(), dtstart=start)
            local.update(rule.between(start, until, inc=True))
        out += [((t - before).replace(tzinfo=dt.UTC), after) for t in local]
    return sorted(out)


def offset_at(onsets: list[tuple[dt.datetime, dt.timedelta]], instant: dt.datetime) -> dt.timedelta:
    return [after for onset, after in onsets if onset <= instant][-1]


def test_icalendar_from_tzinfo_puts_forward_changes_an_hour_late_which_we_work_around() -> None:
    """The upstream bug (icalendar 7.3.2): a DAYLIGHT onset is the wall time after the change, not before."""
    zone = load_zone("Asia/Jerusalem")
    theirs = icalendar.Timezone.from_tzinfo(
        zone, "Asia/Jerusalem", first_date=dt.date(2026, 1, 1), last_date=dt.date(2027, 1, 1)
    )
    (daylight,) = theirs.walk("DAYLIGHT")
    ours = build_vtimezone("Asia/Jerusalem", [dt.datetime(2026, 3, 27, 9)])
    (mine,) = ours.walk("DAYLIGHT")
    # zoneinfo: the clocks go from 02:00 (+02:00) to 03:00 on 27 March 2026, at 00:00 UTC.
    assert transitions("Asia/Jerusalem", 2026)[0].instant == dt.datetime(2026, 3, 27, tzinfo=dt.UTC)
    rdates = mine["RDATE"] if isinstance(mine["RDATE"], list) else [mine["RDATE"]]
    assert dt.datetime(2026, 3, 27, 2) in [d.dt for r in rdates for d in r.dts]
    assert mine["TZOFFSETFROM"].td == dt.timedelta(hours=2)
    if daylight.decoded("DTSTART") == dt.datetime(2026, 3, 27, 2):
        pytest.fail("icalendar's from_tzinfo is fixed: the workaround in export/vtimezone.py can go")
    assert daylight.decoded("DTSTART") == dt.datetime(2026, 3, 27, 3)


# --- the zone data is the tzdata package's, whatever the machine has ---


#: One process writes every format (a process per format and zone database took most of this test's time).
_EVERY_FORMAT = """
import sys
from il2sched.cli import main
folder, formats, args = sys.argv[1], sys.argv[2].split(","), sys.argv[3:]
for fmt in formats:
    try:
        main([*args, "-f", fmt, "-o", f"{folder}/out.{fmt}"])
    except SystemExit as stop:
        if stop.code:
            raise
"""
FORMATS = ("ics", "csv", "fhir")


def _run(env: dict[str, str], folder: Path, *args: str) -> dict[str, bytes]:
    """``il2sched generate args`` in every format of :data:`FORMATS`, in one fresh process with ``env``."""
    folder.mkdir()
    command = [sys.executable, "-c", _EVERY_FORMAT, str(folder), ",".join(FORMATS), "generate", *args]
    done = subprocess.run(command, capture_output=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return {fmt: (folder / f"out.{fmt}").read_bytes() for fmt in FORMATS}


@pytest.mark.parametrize(
    ("zone", "start"), [("Europe/Paris", "2026-03-23"), ("Africa/Casablanca", "2026-09-14")]
)
def test_output_does_not_depend_on_the_machines_tz_database(tmp_path: Path, zone: str, start: str) -> None:
    fake = tmp_path / "zoneinfo"
    (fake / zone).parent.mkdir(parents=True)
    # A "tz database" where the zone is Tokyo's: only a program that reads the machine's data would notice.
    shutil.copyfile(_package_file("Asia/Tokyo"), fake / zone)
    args = ("--start", start, "--time", "09:00", "--tz", zone, "--patient", "P-1", "--no-holidays")
    base = {k: v for k, v in os.environ.items() if k != "PYTHONTZPATH"}
    base["SOURCE_DATE_EPOCH"] = "1767600000"
    plain = _run(base, tmp_path / "plain", *args)
    assert _run({**base, "PYTHONTZPATH": str(fake)}, tmp_path / "fake", *args) == plain
    assert _run({**base, "PYTHONTZPATH": ""}, tmp_path / "none", *args) == plain
    assert all(plain.values())


def _package_file(key: str) -> Path:
    data = resources.files("tzdata.zoneinfo").joinpath(key)
    return Path(str(data))


def test_casablanca_after_september_2026_follows_the_pinned_tzdata() -> None:
    # tzdata 2026f: Morocco stays on +00 from 20 September 2026; tzdata 2025b had +01 with Ramadan breaks.
    local = local_time(dt.date(2026, 10, 5), dt.time(9), "Africa/Casablanca")
    assert local.offset == package_zone("Africa/Casablanca").utcoffset(dt.datetime(2026, 10, 5, 9))


@pytest.mark.parametrize("key", ["Europe/Pariss", "../../etc/passwd", "Europe", "zone.tab", "/etc/localtime"])
def test_a_name_that_is_no_zone_of_the_package_is_refused(key: str) -> None:
    from il2sched.errors import ScheduleError

    with pytest.raises(ScheduleError, match="unknown time zone"):
        load_zone(key)


@pytest.mark.parametrize("zone", ZONES)
def test_every_change_of_the_clocks_is_found(zone: str) -> None:
    """The changes il2sched lists (the TZif file's own, then its rule's) are those an hour-by-hour look at
    zoneinfo finds, to the minute, in years of listed changes, of rule changes, and where one gives way."""
    truth = package_zone(zone)
    for year in (1996, 2007, 2013, 2022, 2026, 2031):
        found = []
        moment = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
        while moment.year == year:
            before, after = (
                moment.astimezone(truth).utcoffset(),
                (moment + dt.timedelta(hours=1)).astimezone(truth).utcoffset(),
            )
            if before != after:
                instant = moment
                while instant.astimezone(truth).utcoffset() == before:
                    instant += dt.timedelta(minutes=1)
                found.append((instant, before, after))
            moment += dt.timedelta(hours=1)
        assert [(t.instant, t.before, t.after) for t in transitions(zone, year)] == found, year
