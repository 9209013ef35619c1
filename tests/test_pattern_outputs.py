"""Every output, batch, publishing and the worklist for the example regimens of samples/regimens, and their
edges (a start the regimen accepts as it is, late cycles, the end of year 9999)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_patterns import BODY, EXPECTED, FIXTURES, D, fixture, flat, induction_maintenance

from il2sched.app.requests import ScheduleOptions
from il2sched.core.schedule import Closure, Plan, Policy, build_schedule

SIZES = ["--bsa", "1.73"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_format_works_for_each_fixture(name: str, tmp_path: Path) -> None:
    import csv
    import io
    import json

    import icalendar
    from click.testing import CliRunner
    from fhir.resources.R4B.bundle import Bundle

    from il2sched.cli import main

    start = D(2026, 4, 29)  # a Wednesday, across French holidays
    base = ["generate", "--start", start.isoformat(), "--regimen", str(FIXTURES / f"{name}.toml"), *SIZES]
    env = {"SOURCE_DATE_EPOCH": "1767600000"}
    formats = ["ics", "csv", "json", "table", "fhir", "html"] + (["pdf"] if name != "daily-3-years" else [])
    outputs = {}
    for fmt in formats:
        target = tmp_path / f"out.{fmt}"
        result = CliRunner().invoke(main, [*base, "-f", fmt, "-o", str(target)], env=env)
        assert result.exit_code == 0, result.output
        outputs[fmt] = target.read_bytes()
    expected = flat(EXPECTED[name](start))
    calendar = icalendar.Calendar.from_ical(outputs["ics"])
    events = list(calendar.walk("VEVENT"))
    assert [e.decoded("DTSTART") for e in events] == [d for d, _ in expected]
    regimen = fixture(name)
    if any(p.name for p in regimen.phases):  # the phase's name is in every title
        for event in events:
            assert any(f"– {p.name}, cycle" in str(event["SUMMARY"]) for p in regimen.phases if p.name)
    rows = list(csv.DictReader(io.StringIO(outputs["csv"].decode("utf-8"))))
    assert [(r["date"], int(r["dose_iu"])) for r in rows] == [(d.isoformat(), u) for d, u in expected]
    document = json.loads(outputs["json"])
    assert document["totals"]["dose_iu"] == sum(u for _, u in expected)
    Bundle.model_validate_json(outputs["fhir"])
    timing = [
        event
        for entry in json.loads(outputs["fhir"])["entry"][1:]
        for event in entry["resource"]["dosageInstruction"][0]["timing"]["event"]
    ]
    assert timing == [d.isoformat() for d, _ in expected]
    assert f"{len(expected)} administrations".encode() in outputs["table"]
    if "pdf" in outputs:
        assert outputs["pdf"].startswith(b"%PDF")


def test_a_batch_runs_rosters_of_any_pattern_and_start_day(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from il2sched.cli import main

    roster = tmp_path / "ward.csv"
    roster.write_text(
        "patient,start,regimen,bsa\n"
        f"IM-1,2026-04-29,{FIXTURES / 'induction-maintenance.toml'},\n"
        f"AD-1,2026-05-02,{FIXTURES / 'alternate-days.toml'},\n"
        f"BSA-1,2026-05-03,{FIXTURES / 'bsa-daily.toml'},1.73\n"
        "NCT-1,2026-04-27,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(roster), "-d", str(out), "-f", "ics,csv", "-j", "1"])
    assert result.exit_code == 0, result.output
    counts = {p.stem: p.read_bytes().count(b"BEGIN:VEVENT") for p in out.glob("*.ics") if p.stem != "ward"}
    assert counts == {"IM-1": 17, "AD-1": 21, "BSA-1": 5, "NCT-1": 20}
    assert (out / "ward.ics").read_bytes().count(b"BEGIN:VEVENT") == 63
    wednesday = roster.read_text(encoding="utf-8").replace("NCT-1,2026-04-27", "NCT-1,2026-04-29")
    roster.write_text(wednesday, encoding="utf-8")
    refused = CliRunner().invoke(main, ["batch", str(roster), "-d", str(out), "-f", "ics"])
    assert refused.exit_code == 2
    assert "line 5: start date 2026-04-29 is a Wednesday, but week 1 starts on a Monday" in refused.stderr


def test_align_moves_only_a_start_the_regimen_refuses() -> None:
    from click.testing import CliRunner

    from il2sched.cli import main

    path = str(FIXTURES / "induction-maintenance.toml")
    args = ["generate", "--start", "2026-04-29", "--regimen", path, "--align", "next", "-f", "csv"]
    kept = CliRunner().invoke(main, args)
    assert kept.exit_code == 0
    assert "regimen induction-maintenance starts on any day: keeping 2026-04-29" in kept.stderr
    assert kept.stdout.splitlines()[1].split(",")[4] == "2026-04-29"
    moved = CliRunner().invoke(main, ["generate", "--start", "2026-04-29", "--align", "next", "-f", "csv"])
    assert moved.stdout.splitlines()[1].split(",")[4] == "2026-05-04"


def test_a_delay_can_name_a_late_cycle_of_a_long_maintenance() -> None:
    from il2sched.core.parsing import parse_delay

    regimen = fixture("induction-maintenance")
    assert parse_delay("13:2") == (13, 2) and parse_delay("1200:1") == (1200, 1)
    start = D(2026, 6, 3)
    schedule = build_schedule(Plan(regimen=regimen, start=start, delays={13: 2}))
    assert [a.date for a in schedule.administrations][-2:] == [
        start + dt.timedelta(days=14 + 14 * 10),
        start + dt.timedelta(days=14 + 14 * 11 + 14),
    ]
    assert schedule.administrations[-1].protocol_date == start + dt.timedelta(days=14 + 14 * 11)


def test_publish_prepares_one_object_per_dose_of_any_pattern_from_any_day() -> None:
    import icalendar

    from il2sched.app.publish import PublishRequest, prepare

    options = ScheduleOptions(regimen=str(FIXTURES / "induction-maintenance.toml"), country=None)
    request = PublishRequest("https://cal.example.org/", "IL-2", "coord", start=D(2026, 6, 6), patient="P-9",
                             options=options)  # fmt: skip
    prepared = prepare(request)
    assert len(prepared.planned) == 17
    starts = [
        icalendar.Calendar.from_ical(p.ical).walk("VEVENT")[0].decoded("DTSTART") for p in prepared.planned
    ]
    assert starts == [d for d, _ in flat(induction_maintenance(D(2026, 6, 6)))]
    titles = [
        str(icalendar.Calendar.from_ical(p.ical).walk("VEVENT")[0]["SUMMARY"]) for p in prepared.planned
    ]
    assert "induction, cycle 1, day 1" in titles[0] and "maintenance, cycle 13, day 1" in titles[-1]


@pytest.mark.parametrize(
    ("name", "start", "closed"),
    [
        ("daily-3-years", D(9999, 1, 1), None),  # 1,096 days from 1 January 9999
        ("bsa-daily", D(9999, 12, 28), None),  # its window would end on 3 January 10000
        ("escalation", D(9999, 11, 20), None),
    ],
)
def test_a_schedule_past_year_9999_is_an_error_never_an_overflow(name: str, start: D, closed: None) -> None:
    from il2sched.errors import ScheduleError

    with pytest.raises(ScheduleError, match="past year 9999"):
        build_schedule(Plan(regimen=fixture(name), start=start, body=BODY))


def test_a_schedule_ending_on_the_last_day_python_holds_still_builds_and_draws() -> None:
    from il2sched.core.closed_days import plan_years
    from il2sched.core.grid import calendar_grid
    from il2sched.core.regimen import parse_regimen
    from il2sched.errors import ScheduleError

    text = (FIXTURES / "bsa-daily.toml").read_text(encoding="utf-8").replace("tolerance_days = 2", "")
    regimen = parse_regimen(text, "edge")
    start = D(9999, 12, 27)
    plan = Plan(regimen=regimen, start=start, body=BODY)
    schedule = build_schedule(plan)
    assert schedule.administrations[-1].date == D(9999, 12, 31)
    assert plan_years(plan) == range(9999, 10000)
    assert calendar_grid(schedule)[-1].cells[-1].date == D(9999, 12, 31)
    shifted = Plan(regimen=regimen, start=start, body=BODY, policy=Policy.SHIFT,
                   closures={D(9999, 12, 31): Closure("closed", "x")})  # fmt: skip
    with pytest.raises(ScheduleError, match="year 10000"):
        build_schedule(shifted)


def test_the_printed_worklist_names_each_doses_phase(tmp_path: Path) -> None:
    import io
    import re

    import pypdf
    from click.testing import CliRunner

    from il2sched.cli import main

    roster = tmp_path / "ward.csv"
    roster.write_text(f"patient,start,regimen\nIM-1,2026-06-01,{FIXTURES / 'induction-maintenance.toml'}\n"
                      "NCT-1,2026-06-01,\n", encoding="utf-8")  # fmt: skip
    target = tmp_path / "worklist.pdf"
    args = ["worklist", str(roster), "--from", "2026-06-03", "--no-holidays", "-o", str(target)]
    assert CliRunner().invoke(main, args).exit_code == 0
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(target.read_bytes())).pages)
    text = re.sub(r"\s+", " ", text)
    assert "induction, cycle 1, day 3" in text and "cycle 1, day 3" in text.replace(
        "induction, cycle 1, day 3", ""
    )
    table = CliRunner().invoke(main, [*args[:-2], "-f", "table"]).stdout
    assert "induction, cycle 1, day 3" in table
