"""A ward record il2sched cannot use as asked is one line and exit code 2, and nothing is changed: a database
that is not il2sched's, from a newer il2sched, of an older layout (until ``db upgrade``, which copies a SQLite
file first), read-only, on a full disk, or locked past the timeout; on SQLite and PostgreSQL where it means
something (a server's full disk cannot be made in a test: its SQLSTATE 53100 maps to the same line)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import one_line_error, run_cli
from ward_db import backend_of, postgres_url, ward_url

from il2sched.app.ward import open_ward
from il2sched.store.database import HEAD_LOCK, Store, engine_for
from il2sched.store.errors import postgres_message
from il2sched.store.layout import HEAD, create_layout
from il2sched.store.location import locate
from il2sched.store.trail import head

__all__ = ["postgres_url", "ward_url"]

CODE = "P-1"
RECORD = (
    "record", CODE, "--dose", "1:2", "--given", "2026-04-28 09:00", "--lot", "L1", "--expiry", "2027-01",
    "--by", "AB",
)  # fmt: skip


def ward(url: str) -> None:
    for args in (("patients", "add", CODE, "--start", "2026-04-27", "--by", "AB"),
                 ("record", CODE, "--dose", "1:1", "--given", "2026-04-27 09:00", "--lot", "L1", "--expiry",
                  "2027-01", "--by", "AB")):  # fmt: skip
        result = run_cli(*args, "--db", url)
        assert result.exit_code == 0, result.output


def entries_in(url: str) -> int:
    store = open_ward(url)
    with store.reading() as conn:
        count = head(conn)[0]
    store.close()
    return count


def sql(url: str, *statements: str) -> None:
    """Run SQL on the database itself, as its administrator would."""
    if backend_of(url) == "sqlite":
        conn = sqlite3.connect(str(locate(url).path), isolation_level=None)
        for statement in statements:
            conn.execute(statement)
        conn.close()
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)  # type: ignore[arg-type]


def test_a_database_of_another_program_is_left_alone(ward_url: str) -> None:
    sql(ward_url, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)")
    path = locate(ward_url).path
    before = path.read_bytes() if path else b""
    for args in (
        ("patients", "list"),
        ("patients", "add", CODE, "--start", "2026-04-27", "--by", "AB"),
        RECORD,
    ):
        one_line_error(
            run_cli(*args, "--db", ward_url), "is not il2sched's ward record (its tables: invoices)"
        )
    if path:
        assert path.read_bytes() == before and not Path(f"{path}-wal").exists()
    else:
        import psycopg

        with psycopg.connect(ward_url) as conn:
            tables = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
        assert tables == [("invoices",)]


def test_a_file_that_is_not_a_database_is_left_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("P-1 given 09:00\n", encoding="utf-8")
    one_line_error(run_cli(*RECORD, "--db", str(notes)), "is not a SQLite database")
    one_line_error(run_cli("patients", "list", "--db", str(tmp_path)), "is a folder")
    assert notes.read_text(encoding="utf-8") == "P-1 given 09:00\n"
    other = sqlite3.connect(str(tmp_path / "other.db"))
    other.execute("PRAGMA application_id = 42")
    other.execute("CREATE TABLE t (x)")
    other.close()
    one_line_error(run_cli("patients", "list", "--db", str(tmp_path / "other.db")), "application id 0x2a")


def test_a_missing_record_is_named_and_not_created_by_a_reading_command(tmp_path: Path) -> None:
    for args in (("patients", "list"), ("audit", "verify"), RECORD, ("backup", "-o", str(tmp_path / "b.db"))):
        one_line_error(run_cli(*args, "--db", str(tmp_path / "none.db")), "no ward record at")
    assert list(tmp_path.iterdir()) == []


def test_a_record_from_a_newer_il2sched_is_refused(ward_url: str) -> None:
    ward(ward_url)
    sql(ward_url, "UPDATE il2sched_schema SET version_num = '0099'")
    for args in (("patients", "list"), RECORD, ("db", "upgrade")):
        one_line_error(run_cli(*args, "--db", ward_url), "written by a newer il2sched (layout revision 0099")
    sql(ward_url, f"UPDATE il2sched_schema SET version_num = '{HEAD}'")
    assert entries_in(ward_url) == 2


def _older(url: str) -> None:
    """A ward record made by an il2sched whose layout was revision 0001."""
    location = locate(url)
    if location.path is not None:
        location.path.touch(mode=0o600)
    store = Store(location, engine_for(location))
    with store.changing() as conn:
        create_layout(conn, "0001")
    store.close()


def test_an_older_layout_waits_for_db_upgrade_which_copies_sqlite_first(ward_url: str) -> None:
    _older(ward_url)
    one_line_error(run_cli("patients", "list", "--db", ward_url), "has an older layout (revision 0001",
                   "run 'il2sched db upgrade --db")  # fmt: skip
    status = run_cli("db", "status", "--db", ward_url)
    assert status.exit_code == 0 and f"older than this il2sched's {HEAD}" in status.stdout
    result = run_cli("db", "upgrade", "--db", ward_url)
    assert result.exit_code == 0, result.output
    assert f"from layout 0001 to {HEAD}" in result.stdout
    path = locate(ward_url).path
    if path is not None:
        (copy,) = path.parent.glob(f"ward.db.before-{HEAD}-*.db")
        assert sqlite3.connect(str(copy)).execute("SELECT version_num FROM il2sched_schema").fetchone() == (
            "0001",
        )
        assert oct(copy.stat().st_mode & 0o777) == "0o600"
    ward(ward_url)  # now usable, and append-only (migration 0002's triggers)
    with pytest.raises(Exception, match="append-only"):
        sql(ward_url, "DELETE FROM entries")
    again = run_cli("db", "upgrade", "--db", ward_url)
    assert again.exit_code == 0 and "already has this il2sched's layout" in again.stdout


def test_a_record_locked_past_the_timeout_changes_nothing(ward_url: str) -> None:
    ward(ward_url)
    url = f"{ward_url}{'&' if '?' in ward_url else '?'}timeout=0.5"
    if backend_of(ward_url) == "sqlite":
        holder = sqlite3.connect(str(locate(ward_url).path), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
    else:
        import psycopg

        holder = psycopg.connect(ward_url, autocommit=True)  # type: ignore[assignment]
        holder.execute(f"SELECT pg_advisory_lock({HEAD_LOCK})")
    try:
        one_line_error(run_cli(*RECORD, "--db", url), "stayed locked by another program for more than 0.5 s")
    finally:
        holder.close()
    assert entries_in(ward_url) == 2


def test_a_read_only_postgresql_database_changes_nothing(postgres_url: str) -> None:
    ward_url = postgres_url
    ward(ward_url)
    from sqlalchemy.engine import make_url

    sql(ward_url, f"ALTER DATABASE {make_url(ward_url).database} SET default_transaction_read_only = on")
    one_line_error(run_cli(*RECORD, "--db", ward_url), "is read-only here; nothing was changed")
    assert run_cli("patients", "list", "--db", ward_url).exit_code == 0
    assert entries_in(ward_url) == 2


def _namespace(script: str) -> subprocess.CompletedProcess[str]:
    """``script`` (sh) in a mount namespace of its own, where it may mount (needs root: skipped otherwise)."""
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("making a read-only or full disk needs root and unshare (Linux)")
    return subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-ec", script],
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def _cli_line(args: tuple[str, ...], db: Path) -> str:
    quoted = " ".join(f"'{a}'" for a in args)
    return f"{sys.executable} -m il2sched {quoted} --db {db}"


def test_a_read_only_sqlite_file_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    ward(str(folder / "ward.db"))
    before = (folder / "ward.db").read_bytes()
    if os.geteuid() != 0:  # a user's own file made read-only
        os.chmod(folder / "ward.db", 0o400)
        os.chmod(folder, 0o500)
        try:
            one_line_error(run_cli(*RECORD, "--db", str(folder / "ward.db")), "is read-only here")
        finally:
            os.chmod(folder, 0o700)
        return
    done = _namespace(
        f"mount --bind -o ro {folder} {folder}\n{_cli_line(RECORD, folder / 'ward.db')} || true"
    )
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "is read-only here; nothing was changed" in lines[0], done.stderr
    assert (folder / "ward.db").read_bytes() == before


def test_a_full_disk_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "small"
    folder.mkdir()
    source = tmp_path / "ward.db"
    ward(str(source))
    db = folder / "ward.db"
    done = _namespace(
        f"mount -t tmpfs -o size=400k tmpfs {folder}\ncp {source} {db}\n"
        f"dd if=/dev/zero of={folder}/filler bs=4k 2>/dev/null || true\n"
        f"{_cli_line(RECORD, db)} || echo exit=$?\n"
        f"rm {folder}/filler\n{_cli_line(('audit', 'verify'), db)}\n"
    )
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "the disk is full; nothing was changed" in lines[0], done.stderr
    assert "exit=2" in done.stdout and "holds: 2 entries" in done.stdout


def test_a_postgresql_server_out_of_room_or_unreachable_is_one_line() -> None:
    where = "postgresql://il2sched@ward/ward"
    assert "the disk is full; nothing was changed" in postgres_message(
        "53100", "could not extend file", where, 10
    )
    assert "read-only here" in postgres_message("25006", "cannot execute INSERT", where, 10)
    assert "locked" in postgres_message("55P03", "lock timeout", where, 10)
    assert "cannot reach the PostgreSQL server" in postgres_message(
        None, "connection refused\nmore", where, 10
    )


def test_an_unreachable_server_is_one_line_without_its_password() -> None:
    result = run_cli("patients", "list", "--db", "postgresql://ward:s3cret@127.0.0.1:9/ward?timeout=1")
    line = one_line_error(
        result, "cannot reach the PostgreSQL server of postgresql://ward:***@127.0.0.1:9/ward"
    )
    assert "s3cret" not in line
