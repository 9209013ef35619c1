"""The ward record's database: opened, checked as il2sched's own and of this il2sched's layout, and used in
short transactions whose failures are one line each.

SQLite runs in WAL mode (readers never wait for a writer), ``synchronous=FULL`` (a change acknowledged is on
the disk: a power cut loses no record), foreign keys on, and a busy timeout; a change begins with ``BEGIN
IMMEDIATE``, so two changes never interleave and the audit trail never forks. PostgreSQL changes take a
transaction-level advisory lock on the trail's head for the same reason, waiting at most the timeout.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, select
from sqlalchemy.pool import NullPool

from il2sched.errors import StoreError
from il2sched.store.errors import translated
from il2sched.store.layout import APPLICATION, APPLICATION_ID, HEAD, REVISIONS, create_layout
from il2sched.store.location import Location, create_sqlite_file, sqlite_state
from il2sched.store.schema import STORE, VERSION_TABLE

#: The advisory lock key of the trail's head on PostgreSQL ("il2s").
HEAD_LOCK = 0x696C3273


@dataclass(frozen=True, slots=True)
class Store:
    """An open ward record: where it is and the engine that reaches it."""

    location: Location
    engine: Engine

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.location.backend

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reading, in one transaction (a consistent view)."""
        with translated(self.location), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def changing(self) -> Iterator[Connection]:
        """A connection holding the record's write lock for one transaction: committed whole at the end,
        rolled back whole on any error (nothing changed)."""
        with translated(self.location), self.engine.connect() as conn:
            conn = conn.execution_options(il2sched_write=True)
            with conn.begin():
                if self.backend == "postgresql":
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({HEAD_LOCK})")
                yield conn

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        """``with open_ward(db) as store:``: the connections released however the block ends."""
        self.close()


def engine_for(location: Location) -> Engine:
    """The engine reaching ``location``, with its connections set up (SQLite: WAL's settings, transactions
    begun as il2sched asks; PostgreSQL: the lock timeout)."""
    if location.backend == "sqlite":
        engine = create_engine(
            location.url,
            poolclass=NullPool,
            connect_args={"timeout": location.timeout, "check_same_thread": False},
        )
        event.listen(engine, "connect", _sqlite_connected)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    milliseconds = int(location.timeout * 1000)
    return create_engine(
        location.url,
        poolclass=NullPool,
        connect_args={
            "connect_timeout": max(1, int(location.timeout)),
            "options": f"-c lock_timeout={milliseconds} -c idle_in_transaction_session_timeout=600000",
            "application_name": "il2sched",
        },
    )


def _sqlite_connected(dbapi_connection: Any, record: Any) -> None:
    # The driver's own transaction handling is off: _sqlite_begin says BEGIN (IMMEDIATE for a change).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    write = conn.get_execution_options().get("il2sched_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def open_store(location: Location, *, create: bool, any_layout: bool = False) -> Store:
    """The ward record at ``location``, checked: il2sched's, of this il2sched's layout (of any il2sched
    layout with ``any_layout``: ``db upgrade``, ``db status``). A new database is created when ``create`` (a
    command that changes the record), else a missing one is one line."""
    if location.backend == "sqlite":
        state = sqlite_state(location)
        if state == "missing" and not create:
            raise _no_record(location)
        if state == "missing":
            create_sqlite_file(location)
    store = Store(location, engine_for(location))
    try:
        _check(store, create, any_layout)
    except BaseException:
        store.close()
        raise
    return store


def _no_record(location: Location) -> StoreError:
    return StoreError(
        f"no ward record at {location.shown} yet: add a patient first (il2sched patients add), or check --db "
        "and IL2SCHED_DB"
    )


def _check(store: Store, create: bool, any_layout: bool) -> None:
    """Refuse a database that is not il2sched's, or of another layout; create a new one when asked."""
    revision = layout_revision(store)
    if revision is None:
        if not create:
            raise _no_record(store.location)
        if store.backend == "sqlite":  # a new file: WAL is its lasting mode (never set on a file not ours)
            with translated(store.location):
                raw = store.engine.raw_connection()
                try:
                    raw.cursor().execute("PRAGMA journal_mode = WAL")
                finally:
                    raw.close()
        with store.changing() as conn:
            if (
                _revision(conn, store.location) is None
            ):  # nobody created it while this run waited for the lock
                create_layout(conn)
        return
    if not any_layout:
        check_revision(store, revision)


def layout_revision(store: Store) -> str | None:
    """The database's layout revision; None for an empty database; one line for another program's."""
    with store.reading() as conn:
        return _revision(conn, store.location)


def _revision(conn: Connection, location: Location) -> str | None:
    tables = set(inspect(conn).get_table_names())
    if conn.dialect.name == "sqlite":
        application = conn.exec_driver_sql("PRAGMA application_id").scalar()
        if application not in (0, APPLICATION_ID):
            raise _not_ours(location, f"SQLite application id {application:#x}")
    if not tables:
        return None
    ours = STORE.name in tables and VERSION_TABLE in tables
    marker = (
        conn.execute(select(STORE.c.value).where(STORE.c.key == "application")).scalar() if ours else None
    )
    if marker != APPLICATION:
        listed = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise _not_ours(location, f"its tables: {listed}")
    revision = conn.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalar()
    return str(revision) if revision is not None else "?"


def _not_ours(location: Location, what: str) -> StoreError:
    return StoreError(
        f"{location.shown} is not il2sched's ward record ({what}); il2sched leaves it alone: give it a "
        "database of its own (--db)"
    )


def check_revision(store: Store, revision: str) -> None:
    """Refuse a layout other than this il2sched's: an older one needs ``db upgrade``, a newer one a newer
    il2sched."""
    if revision == HEAD:
        return
    where = store.location.shown
    if revision in REVISIONS:
        backup = " (a backup copy is made first)" if store.backend == "sqlite" else ""
        raise StoreError(
            f"the ward record {where} has an older layout (revision {revision}, this il2sched uses {HEAD}): "
            f"run 'il2sched db upgrade --db {where}'{backup}"
        )
    raise StoreError(
        f"the ward record {where} was written by a newer il2sched (layout revision {revision}; this one "
        f"knows up to {HEAD}): install that version of il2sched to use it"
    )
