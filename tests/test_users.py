"""``il2sched users add|list|disable`` (issue 20, item 5): accounts of initials and an argon2id hash, never a
name; each change an entry of the audit trail and a row nobody can update; every refusal one line and exit
code 2 that changes nothing; the layout upgraded from revisions 0001 and 0002; on SQLite and PostgreSQL. The
password typed twice on a real terminal (a pseudo-terminal), never echoed."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time

import pytest
from helpers import one_line_error, run_cli
from test_ward_failures import sql
from ward_db import backend_of, ward_url

from il2sched.store.database import Store, engine_for
from il2sched.store.layout import HEAD, create_layout
from il2sched.store.location import locate

__all__ = ["ward_url"]

PASSWORD = "correct horse battery"


def add(url: str, initials: str = "CD", password: str = PASSWORD, *more: str) -> object:
    return run_cli("users", "add", initials, "--by", "AB", "--password-stdin", "--db", url, *more,
                   input=password + "\n")  # fmt: skip


def rows(url: str, table: str) -> int:
    store = Store(locate(url), engine_for(locate(url)))
    with store.reading() as conn:
        count = int(conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() or 0)
    store.close()
    return count


def test_an_account_is_added_listed_and_disabled_each_change_an_entry(ward_url: str) -> None:
    result = add(ward_url, "cd")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "account CD added (entry 1)" in result.output  # type: ignore[attr-defined]
    listed = run_cli("users", "list", "--db", ward_url, "--lang", "fr")
    assert listed.exit_code == 0 and "CD" in listed.stdout and "actif" in listed.stdout
    off = run_cli("users", "disable", "CD", "--reason", "left the ward", "--by", "AB", "--db", ward_url)
    assert off.exit_code == 0 and "account CD disabled (entry 2)" in off.stdout
    listed = run_cli("users", "list", "--db", ward_url)
    assert "disabled" in listed.stdout and "left the ward" in listed.stdout
    trail = run_cli("audit", "list", "--db", ward_url)
    assert "account added" in trail.stdout and "account disabled" in trail.stdout
    machine = run_cli("audit", "list", "--db", ward_url, "-f", "csv").stdout
    assert "user.add" in machine and "argon2" not in machine and PASSWORD not in machine
    verified = run_cli("audit", "verify", "--db", ward_url)
    assert verified.exit_code == 0 and "2 entries" in verified.stdout
    assert rows(ward_url, "users") == 2


def test_the_password_is_kept_only_as_an_argon2id_hash(ward_url: str) -> None:
    assert add(ward_url).exit_code == 0  # type: ignore[attr-defined]
    store = Store(locate(ward_url), engine_for(locate(ward_url)))
    with store.reading() as conn:
        (stored,) = conn.exec_driver_sql("SELECT password FROM users").scalars()
        trail = " ".join(str(v) for v in conn.exec_driver_sql("SELECT * FROM entries").one())
    store.close()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored and stored not in trail
    from argon2 import PasswordHasher

    assert PasswordHasher().verify(stored, PASSWORD)


@pytest.mark.parametrize(
    ("initials", "password", "words"),
    [
        ("C1", PASSWORD, "'C1' are not initials: write 1 to 4 letters"),
        ("ABCDE", PASSWORD, "are not initials"),
        ("CD", "short pass", "too short (10 characters): use at least 12"),
        ("CD", "aaaaaabbbbbbbb", "fewer than 6 different characters"),
        ("CD", "cdcdcdcdcd-2026", "repeats the initials"),
        ("CD", "x" * 300, "too long"),
        ("CD", "", "too short (0 characters)"),
    ],
)
def test_bad_initials_or_a_weak_password_is_one_line_and_adds_nothing(
    ward_url: str, initials: str, password: str, words: str
) -> None:
    assert add(ward_url, "EF").exit_code == 0  # type: ignore[attr-defined]
    one_line_error(add(ward_url, initials, password), words)  # type: ignore[arg-type]
    assert rows(ward_url, "users") == 1 and rows(ward_url, "entries") == 1


def test_initials_already_taken_are_refused_before_any_password(ward_url: str) -> None:
    assert add(ward_url).exit_code == 0  # type: ignore[attr-defined]
    taken = add(ward_url, "cd", "another password 2026")
    line = one_line_error(taken, "CD already has an account", "by AB")  # type: ignore[arg-type]
    assert "choose others" in line
    refused = run_cli("users", "add", "CD", "--by", "AB", "--db", ward_url)  # no terminal: no question asked
    one_line_error(refused, "CD already has an account")
    assert rows(ward_url, "users") == 1


def test_disabling_twice_or_an_unknown_account_is_one_line(ward_url: str) -> None:
    assert add(ward_url).exit_code == 0  # type: ignore[attr-defined]
    off = ("users", "disable", "CD", "--reason", "left", "--by", "AB", "--db", ward_url)
    assert run_cli(*off).exit_code == 0
    one_line_error(run_cli(*off), "the account of CD is already disabled (entry 2")
    one_line_error(run_cli("users", "disable", "ZZ", "--reason", "x", "--by", "AB", "--db", ward_url),
                   "ZZ has no account")  # fmt: skip
    one_line_error(run_cli("users", "disable", "CD", "--by", "AB", "--db", ward_url), "--reason")
    assert rows(ward_url, "users") == 2


def test_without_a_terminal_the_password_is_not_asked(tmp_path: object) -> None:
    one_line_error(run_cli("users", "add", "CD", "--by", "AB", "--db", f"sqlite:///{tmp_path}/w.db"),
                   "no terminal to ask the password on", "--password-stdin")  # fmt: skip
    one_line_error(run_cli("users", "add", "CD", "--by", "AB", "--password-stdin", "--db",
                           f"sqlite:///{tmp_path}/w.db", input=""), "read nothing")  # fmt: skip


def test_the_users_table_refuses_update_and_delete_from_any_program(ward_url: str) -> None:
    assert add(ward_url).exit_code == 0  # type: ignore[attr-defined]
    for statement in ("UPDATE users SET password = 'x'", "DELETE FROM users"):
        with pytest.raises(Exception, match="append-only"):
            sql(ward_url, statement)
    assert rows(ward_url, "users") == 1


def test_audit_verify_names_a_password_hash_swapped_behind_its_back(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/w.db"
    assert add(url, "CD").exit_code == 0  # type: ignore[attr-defined]
    assert add(url, "EF", "another long password").exit_code == 0  # type: ignore[attr-defined]
    other = "(SELECT password FROM users WHERE initials = 'EF')"
    sql(url, "DROP TRIGGER users_no_update", f"UPDATE users SET password = {other} WHERE initials = 'CD'")
    result = run_cli("audit", "verify", "--db", url)
    assert result.exit_code == 1 and "entry 1" in result.output


@pytest.mark.parametrize("revision", ["0001", "0002"])
def test_db_upgrade_from_an_older_layout_adds_the_accounts(ward_url: str, revision: str) -> None:
    location = locate(ward_url)
    if location.path is not None:
        location.path.touch(mode=0o600)
    store = Store(location, engine_for(location))
    with store.changing() as conn:
        create_layout(conn, revision)
    store.close()
    one_line_error(add(ward_url), f"older layout (revision {revision}")  # type: ignore[arg-type]
    upgraded = run_cli("db", "upgrade", "--db", ward_url)
    assert upgraded.exit_code == 0 and f"from layout {revision} to {HEAD}" in upgraded.stdout
    assert add(ward_url).exit_code == 0  # type: ignore[attr-defined]
    with pytest.raises(Exception, match="append-only"):
        sql(ward_url, "DELETE FROM users")
    assert backend_of(ward_url) in ("sqlite", "postgresql")


def _terminal(initials: str, answers: list[str], tmp: object) -> tuple[int, str]:
    """``users add INITIALS`` on a pseudo-terminal, typing ``answers`` at its questions; (exit code, what the
    terminal showed)."""
    leader, follower = os.openpty()
    command = [sys.executable, "-m", "il2sched", "users", "add", initials, "--by", "AB", "--db",
               f"sqlite:///{tmp}/w.db"]  # fmt: skip
    process = subprocess.Popen(
        command, stdin=follower, stdout=follower, stderr=follower, start_new_session=True
    )
    os.close(follower)
    screen, pending, answered = b"", list(answers), 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk
            # Answer a question only once it is on the screen: the line break after an answer is not a new
            # question, and typing before the next prompt would meet the terminal's echo still on.
            if pending and screen[answered:].rstrip(b" ").endswith(b":"):
                os.write(leader, pending.pop(0).encode() + b"\r")
                answered = len(screen)
        elif process.poll() is not None:
            break
    os.close(leader)
    return process.wait(timeout=30), screen.decode("utf-8", "replace")


@pytest.mark.slow
def test_on_a_terminal_the_password_is_asked_twice_without_echo(tmp_path: object) -> None:
    code, screen = _terminal("CD", ["correct horse battery", "correct horse battery"], tmp_path)
    assert code == 0, screen
    assert "Password for CD (12 characters or more)" in screen and "account CD added" in screen
    assert "horse" not in screen  # never echoed
    code, screen = _terminal("EF", ["a long password one", "a long password two"], tmp_path)
    assert code == 2 and "il2sched: error: the two passwords differ: nothing was added" in screen
    assert "password one" not in screen
