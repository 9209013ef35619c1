"""The audit trail finds what was changed behind il2sched's back, on SQLite and PostgreSQL: a flipped byte,
a deleted row and two swapped rows, each named by ``audit verify`` (exit code 1), in the trail's order; and
the tables refuse an UPDATE or DELETE from any program."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

import pytest
from helpers import run_cli
from ward_db import backend_of, ward_url

from il2sched.store.location import locate

__all__ = ["ward_url"]

CODE = "P-1"
COLUMNS = "number, at, by, action, patient, reason, detail, previous, digest"


def course(url: str, doses: int = 4) -> None:
    """A patient (entry 1) and ``doses`` records of cycle 1 (entries 2 onwards), lots LOTX1, LOTX2..."""
    assert run_cli("patients", "add", CODE, "--start", "2026-04-27", "--by", "AB", "--db", url).exit_code == 0
    for day in range(1, doses + 1):
        result = run_cli("record", CODE, "--dose", f"1:{day}", "--given", f"2026-04-{26 + day} 09:00",
                         "--lot", f"LOTX{day}", "--expiry", "2027-01", "--by", "AB", "--db", url)  # fmt: skip
        assert result.exit_code == 0, result.output


def tamper(url: str, statements: Iterable[str]) -> None:
    """Run SQL as another program would, past il2sched's triggers and foreign keys."""
    statements = list(statements)
    if backend_of(url) == "sqlite":
        path = locate(url).path
        conn = sqlite3.connect(str(path), isolation_level=None)
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            conn.execute(f"DROP TRIGGER {name}")
        for sql in statements:
            conn.execute(sql)
        conn.close()
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")  # no trigger, no foreign key
        for sql in statements:
            conn.execute(sql)  # type: ignore[arg-type]


def verify(url: str, lang: str = "en") -> tuple[int, str]:
    result = run_cli("audit", "verify", "--db", url, "--lang", lang)
    return result.exit_code, (result.stdout + result.stderr).strip()


def broken(url: str, *fragments: str) -> str:
    code, line = verify(url)
    assert code == 1 and len(line.splitlines()) == 1 and line.startswith("il2sched: error: "), line
    for fragment in fragments:
        assert fragment in line, line
    return line


def test_an_untouched_record_holds(ward_url: str) -> None:
    course(ward_url)
    code, line = verify(ward_url)
    assert code == 0 and "holds: 5 entries" in line
    code, line = verify(ward_url, "fr")
    assert code == 0 and "est intact" in line


def test_a_flipped_byte_in_an_entry_is_named(ward_url: str) -> None:
    course(ward_url)
    tamper(ward_url, ["UPDATE entries SET detail = replace(detail, 'LOTX3', 'LOTX8') WHERE number = 4"])
    broken(ward_url, "entry 4 does not match its digest")


def test_a_flipped_byte_in_a_record_row_is_named(ward_url: str) -> None:
    course(ward_url)
    tamper(ward_url, ["UPDATE dose_records SET lot = 'LOTX9' WHERE entry = 3"])
    broken(ward_url, "entry 3's row (patient or dose record) differs")


def test_an_edited_patient_row_is_named(ward_url: str) -> None:
    course(ward_url)
    tamper(ward_url, ["UPDATE patients SET start = '2026-05-04'"])
    broken(ward_url, "entry 1's row (patient or dose record) differs")
    tamper(ward_url, ["UPDATE patients SET start = '2026-04-27', regimen_source = regimen_source || ' '"])
    broken(ward_url, "entry 1's row")


def test_a_deleted_entry_is_named(ward_url: str) -> None:
    course(ward_url)
    tamper(ward_url, ["DELETE FROM entries WHERE number = 3"])
    broken(ward_url, "entry 3 is missing")


def test_a_deleted_record_row_is_named(ward_url: str) -> None:
    course(ward_url)
    tamper(ward_url, ["DELETE FROM dose_records WHERE entry = 4"])
    broken(ward_url, "entry 4's row (patient or dose record) is missing")


def test_a_deleted_entry_and_its_row_are_named(ward_url: str) -> None:
    course(ward_url)
    tamper(ward_url, ["DELETE FROM dose_records WHERE entry = 5", "DELETE FROM entries WHERE number = 5"])
    # The last entry gone with its row leaves a shorter chain that holds: only the head's digest, noted
    # elsewhere, shows it (README); an entry gone from the middle breaks the chain.
    code, line = verify(ward_url)
    assert code == 0 and "holds: 4 entries" in line
    tamper(ward_url, ["DELETE FROM dose_records WHERE entry = 3", "DELETE FROM entries WHERE number = 3"])
    broken(ward_url, "entry 3 is missing")


@pytest.mark.parametrize("first", [2, 3])
def test_two_swapped_entries_are_named(ward_url: str, first: int) -> None:
    course(ward_url)
    second = first + 1
    tamper(ward_url, [
        f"CREATE TABLE moved AS SELECT {COLUMNS} FROM entries WHERE number IN ({first}, {second})",
        f"DELETE FROM entries WHERE number IN ({first}, {second})",
        f"INSERT INTO entries ({COLUMNS}) SELECT {first} + {second} - number, at, by, action, patient, "
        "reason, detail, previous, digest FROM moved",
        "DROP TABLE moved",
    ])  # fmt: skip
    broken(ward_url, f"entry {first} does not match its digest")


def test_two_swapped_records_are_named(ward_url: str) -> None:
    course(ward_url)
    tamper(ward_url, [
        "UPDATE dose_records SET lot = CASE lot WHEN 'LOTX2' THEN 'LOTX3' ELSE 'LOTX2' END "
        "WHERE entry IN (3, 4)",
    ])  # fmt: skip
    broken(ward_url, "entry 3's row")


def test_a_flipped_byte_in_the_sqlite_file_is_named(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ward.db'}"
    course(url)
    path = tmp_path / "ward.db"
    sqlite3.connect(str(path)).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    data = bytearray(path.read_bytes())
    at = data.find(b'"lot":"LOTX2"')
    assert at > 0 and data.count(b'"lot":"LOTX2"') == 1
    data[at + len(b'"lot":"LOTX')] ^= 0x01  # "2" becomes "3": one bit of one byte
    path.write_bytes(bytes(data))
    broken(url, "entry 3 does not match its digest")


@pytest.mark.parametrize(
    "sql",
    ["UPDATE entries SET reason = 'x'", "DELETE FROM entries", "UPDATE dose_records SET lot = 'x'",
     "DELETE FROM dose_records", "UPDATE patients SET start = '2026-05-04'", "DELETE FROM patients"],
)  # fmt: skip
def test_the_tables_refuse_any_change_in_place(ward_url: str, sql: str) -> None:
    course(ward_url, doses=1)
    if backend_of(ward_url) == "sqlite":
        conn = sqlite3.connect(str(locate(ward_url).path), isolation_level=None)
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(sql)
        conn.close()
    else:
        import psycopg

        with (
            psycopg.connect(ward_url, autocommit=True) as conn,
            pytest.raises(psycopg.Error, match="append-only"),
        ):
            conn.execute(sql)  # type: ignore[arg-type]
    assert verify(ward_url)[0] == 0
