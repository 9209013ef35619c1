"""Use cases of the ward record's database itself: where it stands (``db status``), upgrading an older
layout (``db upgrade``, after a backup copy of a SQLite file), and a consistent copy (``backup``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from il2sched.app.options import Raw
from il2sched.app.requests import parse_command
from il2sched.app.ward import open_ward
from il2sched.app.ward_commands import BACKUP, DB_STATUS, DB_UPGRADE
from il2sched.errors import InvalidValue
from il2sched.store.backup import copy_sqlite, use_pg_dump
from il2sched.store.database import layout_revision, open_store
from il2sched.store.layout import HEAD, REVISIONS
from il2sched.store.location import locate
from il2sched.store.trail import head


@dataclass(frozen=True, slots=True)
class Lines:
    """What a command says, one line each."""

    lines: tuple[str, ...]


def status(raw: Mapping[str, Raw]) -> Lines:
    """Where the ward record is, its layout, and how many patients and entries it holds."""
    values = parse_command(DB_STATUS, raw)
    with open_ward(values["db"], any_layout=True) as store:
        revision = layout_revision(store) or "-"
        lines = [f"ward record: {store.location.shown} ({store.backend})"]
        if revision == HEAD:
            with store.reading() as conn:
                count, digest = head(conn)
                patients = conn.exec_driver_sql("SELECT count(*) FROM patients").scalar()
            lines += [f"layout: revision {revision} (this il2sched's)", f"patients: {patients}",
                      f"entries: {count}, last entry's SHA-256 {digest}"]  # fmt: skip
        elif revision in REVISIONS:
            lines.append(
                f"layout: revision {revision}, older than this il2sched's {HEAD}: run 'il2sched db upgrade'"
            )
        else:
            lines.append(f"layout: revision {revision}, from a newer il2sched (this one knows up to {HEAD})")
    return Lines(tuple(lines))


def upgrade(raw: Mapping[str, Raw], now: dt.datetime | None = None) -> Lines:
    """Upgrade an older layout to this il2sched's; a SQLite file is copied first (beside it, named by its
    revision and the time)."""
    from il2sched.store.migrate import upgrade as upgrade_layout

    values = parse_command(DB_UPGRADE, raw)
    with open_ward(values["db"], any_layout=True) as store:
        revision = layout_revision(store)
        if revision == HEAD or revision is None:
            return Lines(
                (f"the ward record {store.location.shown} already has this il2sched's layout ({HEAD})",)
            )
        lines = []
        if store.location.path is not None and revision in REVISIONS:
            stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
            path = store.location.path
            copy = copy_sqlite(store, path.with_name(f"{path.name}.before-{HEAD}-{stamp}.db"))
            lines.append(f"backup copy: {copy}")
        before, after = upgrade_layout(store)
        lines.append(f"upgraded the ward record {store.location.shown} from layout {before} to {after}")
    return Lines(tuple(lines))


def backup(raw: Mapping[str, Raw]) -> Lines:
    """A consistent copy of a SQLite ward record at ``-o FILE`` (PostgreSQL: one line pointing to pg_dump)."""
    values = parse_command(BACKUP, raw)
    output = values["output"]
    if output in ("-", ""):
        raise InvalidValue(
            "give the backup's file with -o FILE (il2sched backup -o ward-2026-05-12.db)", option="output"
        )
    location = locate(values["db"])
    if location.path is None:
        raise use_pg_dump(location.shown)
    with open_store(location, create=False) as store:
        copy = copy_sqlite(store, Path(output))
    return Lines((f"backup copy: {copy}",))
