"""Every output, batch, publishing and the worklist for every registered pattern kind and the example
regimens of samples/regimens, and their edges (a start the regimen accepts as it is, late cycles, the end of
year 9999). The kinds and the formats come from their registries: a new one is run here without being named
(and fails until it has an oracle in tests/pattern_kinds.py, or a reader in :data:`READERS`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import run_cli, run_cli_at_stamp
from pattern_kinds import example_params, oracle, phase_toml, regimen_toml, start_for
from test_patterns import BODY, EXPECTED, FIXTURES, D, fixture, flat, induction_maintenance

from il2sched.app.formats import SCHEDULE_FORMATS, WORKLIST_FORMATS
from il2sched.app.requests import ScheduleOptions
from il2sched.core.patterns import KINDS
from il2sched.core.schedule import Closure, Plan, Policy, Status, build_schedule

SIZES = ["--bsa", "1.73"]


WEEKDAY = "(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
ROW_DATE = r'<tr class="row [^"]*" data-date="([0-9-]+)"'  # a dose's row on the HTML sheet


def _pdf_text(data: bytes) -> str:
    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def _ics_dates(data: bytes) -> list[D]:
    import icalendar

    return [e.decoded("DTSTART") for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]


def _fhir_dates(data: bytes) -> list[D]:
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate_json(data)  # a valid R4B bundle, by the HL7 models
    entries = json.loads(data)["entry"][1:]
    timing = [e["resource"]["dosageInstruction"][0]["timing"]["event"] for e in entries]
    return [D.fromisoformat(day) for events in timing for day in events]


def _table_dates(data: bytes) -> list[D]:
    rows = re.findall(r"^ +[0-9]+ +[0-9]+ +(\w{3} [0-9]{1,2} \w{3} [0-9]{4}) ", data.decode(), re.MULTILINE)
    return [dt.datetime.strptime(day, "%a %d %b %Y").date() for day in rows]


def _pdf_dates(data: bytes) -> list[D]:
    rows = re.findall(rf"{WEEKDAY}\n([0-9]{{1,2}} \w+)\n([0-9]{{4}})", _pdf_text(data))
    return [dt.datetime.strptime(f"{day} {year}", "%d %B %Y").date() for _, day, year in rows]


#: How to read the dates of the doses back from each schedule format, with a reader independent of
#: il2sched's renderers (icalendar, csv, json, the FHIR models, pypdf, the text as a person reads it).
READERS: dict[str, Callable[[bytes], list[D]]] = {
    "ics": _ics_dates,
    "csv": lambda data: [D.fromisoformat(r["date"]) for r in csv.DictReader(io.StringIO(data.decode()))],
    "json": lambda data: [D.fromisoformat(a["date"]) for a in json.loads(data)["administrations"]],
    "table": _table_dates,
    "html": lambda data: [D.fromisoformat(d) for d in re.findall(ROW_DATE, data.decode())],
    "pdf": _pdf_dates,
    "fhir": _fhir_dates,
}  # fmt: skip


def generated(args: list[str], fmt: str, tmp_path: Path) -> bytes:
    """What ``il2sched generate ARGS -f FMT`` writes to a file."""
    target = tmp_path / f"out.{fmt}"
    result = run_cli_at_stamp("generate", *args, "-f", fmt, "-o", str(target))
    assert result.exit_code == 0, result.output
    return target.read_bytes()


def test_every_format_has_a_reader() -> None:
    missing = sorted(set(SCHEDULE_FORMATS) - set(READERS))
    assert not missing, f"formats {missing} have no reader in tests/test_pattern_outputs.py READERS: add one"


@pytest.mark.parametrize("fmt", list(SCHEDULE_FORMATS))
@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_through_every_format(kind: str, fmt: str, tmp_path: Path) -> None:
    """Each registered kind's README example, from a Wednesday (or its Monday): the doses every format
    writes are the days rrule gives (tests/pattern_kinds.py)."""
    params = example_params(kind)
    start = start_for(kind, D(2026, 4, 29))
    regimen = tmp_path / f"{kind}.toml"
    regimen.write_text(regimen_toml(phase_toml(kind, params)), encoding="utf-8")
    args = ["--start", start.isoformat(), "--regimen", str(regimen), "--no-holidays"]
    cycles, _ = oracle(kind).days(params, start)
    assert READERS[fmt](generated(args, fmt, tmp_path)) == [day for cycle in cycles for day in cycle]


Dose = tuple[D, str]  # a worklist's line: the day and the patient


def _lines_doses(text: str, patients: set[str]) -> list[Dose]:
    """The doses of a worklist as a person reads it: each day's heading, then its patients' codes."""
    out: list[Dose] = []
    day: D | None = None
    for line in text.splitlines():
        try:
            day = dt.datetime.strptime(line.strip(), "%A %d %B %Y").date()
        except ValueError:
            out += [(day, word) for word in line.split() if word in patients and day is not None]
    return out


def _html_doses(data: bytes, patients: set[str]) -> list[Dose]:
    out: list[Dose] = []
    day: D | None = None
    for name, value in re.findall(r'data-(date|patient)="([^"]*)"', data.decode()):
        if name == "date":
            day = D.fromisoformat(value)
        elif day is not None:
            out.append((day, value))
    return out


#: How to read each worklist format's doses back (the day and the patient of each line).
WORKLIST_READERS: dict[str, Callable[[bytes, set[str]], list[Dose]]] = {
    "table": lambda data, patients: _lines_doses(data.decode(), patients),
    "csv": lambda data, _: [(D.fromisoformat(r["date"]), r["patient"])
                            for r in csv.DictReader(io.StringIO(data.decode()))],
    "html": _html_doses,
    "pdf": lambda data, patients: _lines_doses(_pdf_text(data), patients),
}  # fmt: skip


@pytest.mark.parametrize("fmt", list(WORKLIST_FORMATS))
def test_a_ward_of_every_kind_through_every_worklist_format(fmt: str, tmp_path: Path) -> None:
    """One patient per registered kind (its README example) on one roster: each worklist format lists each
    patient on exactly the days rrule gives."""
    assert fmt in WORKLIST_READERS, f"worklist format {fmt!r} has no reader in WORKLIST_READERS: add one"
    lines, expected = ["patient,start,regimen"], Counter[Dose]()
    for kind in KINDS:
        params, start, patient = example_params(kind), start_for(kind, D(2026, 4, 29)), f"K-{kind}"
        regimen = tmp_path / f"{kind}.toml"
        regimen.write_text(regimen_toml(phase_toml(kind, params)), encoding="utf-8")
        lines.append(f"{patient},{start.isoformat()},{regimen}")
        expected.update((day, patient) for cycle in oracle(kind).days(params, start)[0] for day in cycle)
    roster = tmp_path / "ward.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = min(day for day, _ in expected)
    target = tmp_path / f"worklist.{fmt}"
    args = ["worklist", str(roster), "--from", first.isoformat(), "--days", "366", "--no-holidays"]
    result = run_cli_at_stamp(*args, "-f", fmt, "-o", str(target))
    assert result.exit_code == 0, result.output
    doses = WORKLIST_READERS[fmt](target.read_bytes(), {f"K-{kind}" for kind in KINDS})
    assert Counter(doses) == expected
    assert [day for day, _ in doses] == sorted(day for day, _ in doses)  # in date order


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_format_works_for_each_fixture(name: str, tmp_path: Path) -> None:
    import icalendar

    start = D(2026, 4, 29)  # a Wednesday, across French holidays
    args = ["--start", start.isoformat(), "--regimen", str(FIXTURES / f"{name}.toml"), *SIZES]
    # Every format; a 1,096-dose sheet is left to the bench (bench/regimen.py), the PDF one among them.
    formats = [f for f in SCHEDULE_FORMATS if name != "daily-3-years" or not SCHEDULE_FORMATS[f].binary]
    outputs = {fmt: generated(args, fmt, tmp_path) for fmt in formats}
    expected = flat(EXPECTED[name](start))
    for fmt, data in outputs.items():
        assert READERS[fmt](data) == [d for d, _ in expected], fmt
    regimen = fixture(name)
    if any(p.name for p in regimen.phases):  # the phase's name is in every title
        for event in icalendar.Calendar.from_ical(outputs["ics"]).walk("VEVENT"):
            assert any(f"– {p.name}, cycle" in str(event["SUMMARY"]) for p in regimen.phases if p.name)
    rows = list(csv.DictReader(io.StringIO(outputs["csv"].decode("utf-8"))))
    assert [int(r["dose_iu"]) for r in rows] == [u for _, u in expected]
    assert json.loads(outputs["json"])["totals"]["dose_iu"] == sum(u for _, u in expected)
    assert f"{len(expected):,} administrations".encode() in outputs["table"]  # thousands grouped


def test_a_batch_runs_rosters_of_any_pattern_and_start_day(tmp_path: Path) -> None:
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
    result = run_cli("batch", str(roster), "-d", str(out), "-f", "ics,csv", "-j", "1")
    assert result.exit_code == 0, result.output
    counts = {p.stem: p.read_bytes().count(b"BEGIN:VEVENT") for p in out.glob("*.ics") if p.stem != "ward"}
    assert counts == {"IM-1": 17, "AD-1": 21, "BSA-1": 5, "NCT-1": 20}
    assert (out / "ward.ics").read_bytes().count(b"BEGIN:VEVENT") == 63
    wednesday = roster.read_text(encoding="utf-8").replace("NCT-1,2026-04-27", "NCT-1,2026-04-29")
    roster.write_text(wednesday, encoding="utf-8")
    refused = run_cli("batch", str(roster), "-d", str(out), "-f", "ics")
    assert refused.exit_code == 2
    assert "line 5: start date 2026-04-29 is a Wednesday, but week 1 starts on a Monday" in refused.stderr


def test_align_moves_only_a_start_the_regimen_refuses() -> None:
    path = str(FIXTURES / "induction-maintenance.toml")
    args = ["generate", "--start", "2026-04-29", "--regimen", path, "--align", "next", "-f", "csv"]
    kept = run_cli(*args)
    assert kept.exit_code == 0
    assert "regimen induction-maintenance starts on any day: keeping 2026-04-29" in kept.stderr
    assert kept.stdout.splitlines()[1].split(",")[4] == "2026-04-29"
    moved = run_cli("generate", "--start", "2026-04-29", "--align", "next", "-f", "csv")
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
    last = build_schedule(shifted).administrations[-1]  # no day after it: kept, for the investigator
    assert (last.date, last.status, last.proposed) == (D(9999, 12, 31), Status.OUT_OF_WINDOW, None)
    with pytest.raises(ScheduleError, match="past year 9999"):
        build_schedule(Plan(regimen=regimen, start=D(9999, 12, 28), body=BODY))


def test_the_printed_worklist_names_each_doses_phase(tmp_path: Path) -> None:
    import io
    import re

    import pypdf

    roster = tmp_path / "ward.csv"
    roster.write_text(f"patient,start,regimen\nIM-1,2026-06-01,{FIXTURES / 'induction-maintenance.toml'}\n"
                      "NCT-1,2026-06-01,\n", encoding="utf-8")  # fmt: skip
    target = tmp_path / "worklist.pdf"
    args = ["worklist", str(roster), "--from", "2026-06-03", "--no-holidays", "-o", str(target)]
    assert run_cli(*args).exit_code == 0
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(target.read_bytes())).pages)
    text = re.sub(r"\s+", " ", text)
    assert "induction, cycle 1, day 3" in text and "cycle 1, day 3" in text.replace(
        "induction, cycle 1, day 3", ""
    )
    table = run_cli(*args[:-2], "-f", "table").stdout
    assert "induction, cycle 1, day 3" in table
