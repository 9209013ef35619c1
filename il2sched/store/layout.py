"""What the ward record's layout is (its revisions, what marks a database as il2sched's) and how a new one
is made: Alembic run from here on il2sched's own migrations (``migrations/``), on the caller's connection and
inside its transaction; no ``alembic.ini`` is needed.

Alembic is imported only on the paths that create or upgrade a layout: a run that reads or records never
loads it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, insert

from il2sched import __version__
from il2sched.store.schema import STORE

if TYPE_CHECKING:
    from alembic.config import Config

#: The revisions of the layout, oldest first (``migrations/versions/``); the last is this il2sched's.
REVISIONS = ("0001", "0002", "0003")
HEAD = REVISIONS[-1]
#: SQLite's application id for il2sched's ward record ("IL2S"): file(1) and tools name the file by it.
APPLICATION_ID = 0x494C3253
#: What ``il2sched_store`` says of a ward record.
APPLICATION = "il2sched ward record"
#: The migrations' folder, shipped inside the package.
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(conn: Connection | None = None) -> Config:
    """Alembic's configuration for il2sched's migrations (on ``conn``, inside its transaction)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if conn is not None:
        config.attributes["connection"] = conn
    return config


def upgrade_to(conn: Connection, revision: str) -> None:
    """Run the migrations up to ``revision`` on ``conn`` (which holds the record's write lock)."""
    from alembic import command

    command.upgrade(alembic_config(conn), revision)


def create_layout(conn: Connection, revision: str = HEAD) -> None:
    """Create the newest layout (or ``revision``'s) in the empty database ``conn`` holds locked, and say
    what the database is."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    upgrade_to(conn, revision)
    conn.execute(
        insert(STORE),
        [
            {"key": "application", "value": APPLICATION},
            {"key": "created", "value": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")},
            {"key": "created_by", "value": f"il2sched {__version__}"},
        ],
    )
