"""``worklist``, ``batch`` and ``publish`` with ``--db`` in place of a roster: every patient under treatment
in the ward record, each from its stored plan, gives the same bytes as the roster that says the same; on
SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import one_line_error
from helpers import run_cli_at_stamp as run
from ward_db import ward_url

__all__ = ["ward_url"]

#: The roster that says what :func:`enrol` stores (W-3 is withdrawn: not under treatment, not listed).
ROSTER = "patient,start,time,lang,delays\nW-1,2026-01-05,08:30,fr,\nW-2,2026-01-12,,,2:1\n"


def enrol(url: str) -> None:
    """W-1 (French, 08:30), W-2 (cycle 2 delayed one week, with a reason) and W-3 (withdrawn)."""
    for args in (
        ("add", "W-1", "--start", "2026-01-05", "--time", "08:30", "--lang", "fr"),
        ("add", "W-2", "--start", "2026-01-12"),
        ("add", "W-3", "--start", "2026-01-05"),
        ("delay", "W-2", "2:1", "--reason", "neutropenia"),
        ("withdraw", "W-3", "--reason", "consent withdrawn"),
    ):
        result = run("patients", *args, "--by", "AB", "--db", url)
        assert result.exit_code == 0, result.output


@pytest.fixture
def roster(tmp_path: Path) -> str:
    path = tmp_path / "ward.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("fmt", ["csv", "table"])
def test_the_worklist_of_the_ward_record_is_its_rosters(ward_url: str, roster: str, fmt: str) -> None:
    enrol(ward_url)
    period = ["--from", "2026-01-05", "--days", "40", "-f", fmt]
    stored = run("worklist", "--db", ward_url, *period)
    typed = run("worklist", roster, *period)
    assert stored.exit_code == 0, stored.output
    assert stored.stdout_bytes == typed.stdout_bytes
    assert "W-1" in stored.stdout and "W-2" in stored.stdout and "W-3" not in stored.stdout
    french = run("worklist", "--db", ward_url, *period, "--lang", "fr")  # the output's language, typed
    assert french.stdout_bytes == run("worklist", roster, *period, "--lang", "fr").stdout_bytes


def test_batch_from_the_ward_record_writes_the_rosters_files(
    ward_url: str, roster: str, tmp_path: Path
) -> None:
    enrol(ward_url)
    formats = ["--formats", "csv,ics"]
    stored = run("batch", "--db", ward_url, "-d", str(tmp_path / "stored"), *formats)
    typed = run("batch", roster, "-d", str(tmp_path / "typed"), *formats)
    assert stored.exit_code == 0, stored.output
    assert typed.exit_code == 0, typed.output
    names = sorted(p.name for p in (tmp_path / "typed").iterdir())
    assert sorted(p.name for p in (tmp_path / "stored").iterdir()) == names
    assert any(n.startswith("W-1") for n in names) and not any(n.startswith("W-3") for n in names)
    for name in names:
        assert (tmp_path / "stored" / name).read_bytes() == (tmp_path / "typed" / name).read_bytes(), name


def test_a_plans_option_beside_db_is_refused_naming_patients_set(ward_url: str, roster: str) -> None:
    enrol(ward_url)
    period = ["--from", "2026-01-05", "--days", "5"]
    one_line_error(run("worklist", "--db", ward_url, *period, "--delay", "1:1"), "--delay", "patients set")
    one_line_error(run("worklist", roster, "--db", ward_url, *period), "not both")
    one_line_error(run("worklist", *period), "ROSTER.csv", "--db")
    one_line_error(run("batch", "--db", ward_url, "-d", "out", "--on-holiday", "shift"), "patients set")
    one_line_error(run("generate", "--db", ward_url, "--patient", "W-1", "--start", "2026-01-05"), "--start")


def test_patients_whose_ward_options_differ_are_not_batched_together(ward_url: str, tmp_path: Path) -> None:
    enrol(ward_url)
    changed = run("patients", "set", "W-2", "--on-holiday", "shift", "--reason", "unit policy", "--by", "AB",
                  "--db", ward_url)  # fmt: skip
    assert changed.exit_code == 0, changed.output
    out = tmp_path / "out"
    one_line_error(run("batch", "--db", ward_url, "-d", str(out)), "W-1", "W-2", "generate --patient")
    assert not out.exists()


def test_an_empty_ward_record_says_how_to_enrol(ward_url: str, tmp_path: Path) -> None:
    one_line_error(run("batch", "--db", ward_url, "-d", str(tmp_path / "out")), "patients add")


@pytest.mark.slow  # a real Radicale server
def test_publish_from_the_ward_record_plans_the_rosters_events(
    ward_url: str, roster: str, tmp_path: Path
) -> None:
    from radicale_server import radicale

    enrol(ward_url)
    (tmp_path / "radicale").mkdir()
    with radicale(tmp_path / "radicale") as server:
        env = {"IL2SCHED_CALDAV_PASSWORD": server.password}
        base = ["publish", "--url", server.url, "--username", server.user, "--calendar", "Ward", "--dry-run"]
        stored = run(*base, "--db", ward_url, env=env)
        typed = run(*base, "--roster", roster, env=env)
        assert stored.exit_code == 0, stored.output
        assert stored.stdout == typed.stdout
        assert stored.stdout.count("create W-1 ") == 20 and "W-3" not in stored.stdout
        one = run(*base, "--db", ward_url, "--patient", "W-2", env=env)
        assert one.exit_code == 0, one.output
        assert one.stdout.count("create W-2 ") == 20 and "W-1" not in one.stdout
        one_line_error(run(*base, "--db", ward_url, "--roster", roster, env=env), "--db")
