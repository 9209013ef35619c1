"""Copies of a SQLite ward record: consistent while others write (SQLite's online backup reads one snapshot),
written beside the target under a temporary name and renamed into place, mode 0600, so a copy is whole or
absent. PostgreSQL's own tool, ``pg_dump``, copies a server's database."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from il2sched.errors import StoreError
from il2sched.store.database import Store


def use_pg_dump(where: str) -> StoreError:
    """The one line for ``backup`` of a PostgreSQL ward record: the server's own tool copies it."""
    return StoreError(
        f"il2sched backup copies a SQLite ward record; {where} is on a PostgreSQL server: copy it with "
        "pg_dump (pg_dump --format=custom --file=ward.dump 'postgresql://...'; README, The ward record)"
    )


def copy_sqlite(store: Store, target: Path) -> Path:
    """Copy ``store``'s SQLite file to ``target`` (replaced whole; a failure leaves it as it was)."""
    source = store.location.path
    if source is None:
        raise use_pg_dump(store.location.shown)
    if target.exists() and (target.is_dir() or os.path.samefile(target, source)):
        what = "a folder" if target.is_dir() else "the ward record itself"
        raise StoreError(f"the backup's path {target} is {what}; give a new file's path (-o ward-backup.db)")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise StoreError(f"cannot write the backup in {folder}: {exc.strerror}; check the folder") from None
    os.close(fd)  # mkstemp made it mode 0600: the copy holds the ward's records
    try:
        raw = store.engine.raw_connection()
        try:
            with sqlite3.connect(temporary) as copy:
                raw.driver_connection.backup(copy)  # type: ignore[union-attr]
            copy.close()
        finally:
            raw.close()
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as exc:
        Path(temporary).unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise StoreError(f"cannot write the backup {target}: {reason}; nothing was written") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
