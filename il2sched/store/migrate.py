"""Upgrading a ward record's layout (``il2sched db upgrade``) and saying where it stands (``db status``).

An older layout is never upgraded behind anyone's back: a run that finds one stops and names this command.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert

from il2sched import __version__
from il2sched.store.database import Store, check_revision, layout_revision
from il2sched.store.layout import HEAD, REVISIONS, alembic_config, upgrade_to
from il2sched.store.schema import STORE


def script_revisions() -> tuple[str, ...]:
    """Every shipped revision, oldest first, as Alembic reads them (a test checks they are REVISIONS)."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    return tuple(reversed([s.revision for s in scripts.walk_revisions()]))


def upgrade(store: Store) -> tuple[str, str]:
    """Upgrade the ward record to this il2sched's layout; (revision before, after). The caller backs a SQLite
    file up first. A layout from a newer il2sched is refused."""
    before = layout_revision(store)
    if before is None or before == HEAD:
        return (before or HEAD, HEAD)
    if before not in REVISIONS:
        check_revision(store, before)  # refuses it, in the one words
    with store.changing() as conn:
        upgrade_to(conn, HEAD)
        stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        conn.execute(
            insert(STORE).values(key=f"upgraded {before} to {HEAD}", value=f"{stamp} il2sched {__version__}")
        )
    return (before, HEAD)
