"""The ward record's backends for the tests: every store test runs on SQLite and on a real PostgreSQL server.

``ward_url`` is parametrized: a SQLite file in the test's folder, and a fresh database on the server named by
``IL2SCHED_TEST_POSTGRES_URL`` (``.ci/run`` starts one; by hand: ``apt install postgresql``, then ``initdb``
and ``pg_ctl start`` as an unprivileged user). Without that variable the PostgreSQL half skips, and
``IL2SCHED_REQUIRE_TOOLS=1`` turns the skip into a failure. Import the fixtures by name in a test module.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

POSTGRES_ENV = "IL2SCHED_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")


def postgres_admin_url() -> str:
    """The test server's URL (a role that may create databases), or skip (fail in CI) saying how."""
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    message = (
        f"{POSTGRES_ENV} is not set: no PostgreSQL server to test against (apt install postgresql, start a "
        "cluster as .ci/run does, and set the variable to its URL)"
    )
    if os.environ.get("IL2SCHED_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{message}; IL2SCHED_REQUIRE_TOOLS=1 asks for every backend")
    pytest.skip(message)


def _with_database(url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _admin(sql: str) -> None:
    import psycopg

    from il2sched.store.location import locate

    admin = locate(_with_database(postgres_admin_url(), "postgres"))
    with psycopg.connect(admin.url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def new_postgres_database() -> str:
    """A new empty database on the test server; its URL (``postgresql://...``)."""
    name = f"il2sched_test_{uuid.uuid4().hex[:12]}"
    _admin(f"CREATE DATABASE {name}")
    return _with_database(postgres_admin_url(), name)


def drop_postgres_database(url: str) -> None:
    """Drop a database :func:`new_postgres_database` made (whoever is still connected)."""
    from sqlalchemy.engine import make_url

    _admin(f"DROP DATABASE IF EXISTS {make_url(url).database} WITH (FORCE)")


@pytest.fixture(params=BACKENDS)
def ward_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty ward record's location on each backend: a new SQLite file, a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ward.db'}"
        return
    postgres_admin_url()
    url = new_postgres_database()
    try:
        yield url
    finally:
        drop_postgres_database(url)


def backend_of(url: str) -> str:
    """``"sqlite"`` or ``"postgresql"``."""
    return "postgresql" if url.startswith("postgresql") else "sqlite"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new empty database on the test server (the PostgreSQL-only tests: a read-only database)."""
    postgres_admin_url()
    url = new_postgres_database()
    try:
        yield url
    finally:
        drop_postgres_database(url)
