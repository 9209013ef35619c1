"""Alembic's environment for il2sched's ward record: run programmatically by :mod:`il2sched.store.migrate`,
always on the connection it is given (``config.attributes["connection"]``), inside its transaction. Users
never need an ``alembic.ini``."""

from __future__ import annotations

from alembic import context

from il2sched.store.schema import VERSION_TABLE, metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
