"""Roster parsing: every row checked, every bad row reported with its line number."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from il2sched.app.roster import parse_roster, read_roster
from il2sched.errors import RosterError

GOOD = (
    "patient,start,time,regimen,delays,site,lang\n"
    "P-001,2026-01-05,09:00,,,Dermatologie,fr\n"
    "P-002,2026-01-12,,nct01840046,3:1 4:1,,\n"
    "\n"
    "P-003,2026-01-19,14:30,,2:2,,en\n"
)


def problems(raw: bytes | str) -> list[str]:
    data = raw.encode() if isinstance(raw, str) else raw
    with pytest.raises(RosterError) as err:
        parse_roster(data, "ward.csv")
    return err.value.problems


def test_a_good_roster_parses_every_cell() -> None:
    rows = parse_roster(GOOD.encode(), "ward.csv")
    assert [r.patient for r in rows] == ["P-001", "P-002", "P-003"]
    assert [r.line for r in rows] == [2, 3, 5]
    first, second, third = rows
    assert first.start == dt.date(2026, 1, 5) and first.time == dt.time(9) and first.lang == "fr"
    assert first.site == "Dermatologie" and first.regimen is None and first.delays == {}
    assert second.regimen is not None and second.regimen.id == "nct01840046"
    assert second.delays == {3: 1, 4: 1} and second.time is None and second.site is None
    assert third.delays == {2: 2} and third.lang == "en"


def test_french_excel_rosters_with_semicolons_and_a_bom_are_read() -> None:
    raw = "\ufeffpatient;start\nP-1;2026-01-05\n".encode()
    assert parse_roster(raw, "x.csv")[0].patient == "P-1"


def test_every_bad_row_is_reported_with_its_line() -> None:
    raw = (
        "patient,start,time,regimen,delays,lang\n"
        "P-1,2026-01-05,,,,\n"
        "P-2,2026-01-07,,,,\n"  # a Wednesday
        "P-3,05/01/2026,,,,\n"
        "P-1,2026-01-12,,,,\n"  # duplicate
        "../x,2026-01-05,,,,\n"
        "con,2026-01-05,,,,\n"
        "P-7,2026-01-05,25:00,,,\n"
        "P-8,2026-01-05,,nope,,\n"
        "P-9,2026-01-05,,,3-1,\n"
        "P-10,2026-01-05,,,,de\n"
        "Jean Dupont,2026-01-05,,,,\n"
    )
    found = problems(raw)
    expected = [
        ("line 3", "Wednesday"),
        ("line 4", "YYYY-MM-DD"),
        ("line 5", "already on line 2"),
        ("line 6", "patient code"),
        ("line 7", "patient code"),
        ("line 8", "HH:MM"),
        ("line 9", "unknown regimen"),
        ("line 10", "CYCLE:WEEKS"),
        ("line 11", "language 'de'"),
        ("line 12", "patient code"),
    ]
    assert len(found) == len(expected)
    for line, (where, what) in zip(found, expected, strict=True):
        assert line.startswith(f"ward.csv {where}: ") and what in line, line
    assert "--align" not in found[0]


@pytest.mark.parametrize(
    ("raw", "what"),
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        (b"patient,begin\nP-1,2026-01-05\n", "missing column start"),
        (b"patient,start,name\nP-1,2026-01-05,Jean\n", "unknown column name"),
        (b"patient,start\n", "no patient"),
        ("patient,start\nP-é,2026-01-05\n".encode("latin-1"), "line 2: not UTF-8"),
        (b"patient,start\nP-1,2026-01-05,extra\n", "more cells than columns"),
    ],
)
def test_rosters_that_cannot_be_read_say_why(raw: bytes, what: str) -> None:
    assert what in problems(raw)[0]


def test_missing_roster_file(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match="not found"):
        read_roster(str(tmp_path / "none.csv"))
