"""The database's failures as one line each, naming the database and what to do (nothing was changed: the
transaction that failed is rolled back whole).

SQLite says what went wrong by its result code, PostgreSQL by its SQLSTATE; both map to the same few
sentences: locked past the timeout, read-only, full, not a database, unreachable.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError, IntegrityError

from il2sched.errors import StoreError

if TYPE_CHECKING:
    from il2sched.store.location import Location

# SQLite's primary result codes (https://sqlite.org/rescode.html).
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 10, 11, 13, 14, 26


def _locked(where: str, timeout: float) -> str:
    return (
        f"the ward record {where} stayed locked by another program for more than {timeout:g} s; nothing was "
        "changed: try again, or find what holds it (another il2sched run, a database browser)"
    )


def _read_only(where: str) -> str:
    return (
        f"the ward record {where} is read-only here; nothing was changed: check the file's and its folder's "
        "permissions, or the database role's rights"
    )


def _full(where: str) -> str:
    return f"cannot write to the ward record {where}: the disk is full; nothing was changed: free some space"


def sqlite_message(code: int, text: str, where: str, timeout: float) -> str:
    """The one line for SQLite's result ``code`` (extended codes too)."""
    primary = code & 0xFF
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return _locked(where, timeout)
    if primary in (_SQLITE_READONLY, _SQLITE_PERM):
        return _read_only(where)
    if primary == _SQLITE_FULL:
        return _full(where)
    if primary == _SQLITE_IOERR:
        return (
            f"cannot write to the ward record {where}: the disk failed or is full ({text}); nothing was "
            "changed: free some space or check the disk"
        )
    if primary in (_SQLITE_NOTADB, _SQLITE_CORRUPT):
        return (
            f"{where} is not a SQLite database il2sched can read ({text}); il2sched leaves it alone: restore "
            "it from a backup (il2sched backup) or give another --db"
        )
    if primary == _SQLITE_CANTOPEN:
        return f"cannot open the ward record {where}: check the path and its folder's permissions"
    return f"the ward record {where} failed: {text}"


def postgres_message(sqlstate: str | None, text: str, where: str, timeout: float) -> str:
    """The one line for PostgreSQL's ``sqlstate`` (None: the server was not reached)."""
    first = text.strip().splitlines()[0] if text.strip() else "no answer"
    if sqlstate is None or sqlstate.startswith("08"):
        return f"cannot reach the PostgreSQL server of {where}: {first}; check the URL and that it runs"
    if sqlstate in ("55P03", "57014", "40P01"):
        return _locked(where, timeout)
    if sqlstate in ("25006", "42501"):
        return _read_only(where)
    if sqlstate.startswith("53"):
        return (
            _full(where)
            if sqlstate == "53100"
            else f"the PostgreSQL server of {where} is out of resources: {first}"
        )
    if sqlstate.startswith("28"):
        return f"the PostgreSQL server refused the login to {where}: {first}; check the user and password"
    if sqlstate == "3D000":
        return f"{where}: {first}; create it first (createdb) or check the URL"
    return f"the ward record {where} failed: {first}"


def _writable(path: Path) -> bool:
    """Whether this process may write the file and its folder (a read-only mount says no, even to root)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _full_disk(path: Path) -> bool:
    """Whether the disk of ``path``'s folder has no block left (SQLite says "disk I/O error" for a -shm or
    -wal file it could not grow)."""
    try:
        return os.statvfs(path.parent).f_bavail == 0
    except (OSError, AttributeError):  # no statvfs on Windows
        return False


def message_of(error: DBAPIError, location: Location) -> str:
    """The one line for a database driver's error."""
    original, where, timeout = error.orig, location.shown, location.timeout
    code = getattr(original, "sqlite_errorcode", None)
    if isinstance(code, int):
        path = location.path
        if code & 0xFF == _SQLITE_CANTOPEN and path is not None and path.exists() and not _writable(path):
            return _read_only(
                where
            )  # WAL needs its -shm file beside the database: a read-only folder or disk
        if code & 0xFF in (_SQLITE_IOERR, _SQLITE_FULL) and path is not None and _full_disk(path):
            return _full(where)
        return sqlite_message(code, str(original), where, timeout)
    return postgres_message(getattr(original, "sqlstate", None), str(original), where, timeout)


@contextmanager
def translated(location: Location) -> Iterator[None]:
    """A database failure inside (not a broken constraint: each change says what that means) as one line."""
    try:
        yield
    except IntegrityError:
        raise
    except DBAPIError as exc:
        raise StoreError(message_of(exc, location)) from None
