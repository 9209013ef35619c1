"""``il2sched db status|upgrade`` and ``il2sched backup``: the ward record's database itself."""

from __future__ import annotations

from typing import Any

import click

from il2sched.app.ward_commands import BACKUP, DB_STATUS, DB_UPGRADE
from il2sched.cli.params import declared_options


@click.group()
def db() -> None:
    """The ward record's database: where it stands, and upgrading an older layout.

    \b
    Examples:
      il2sched db status
      il2sched db upgrade --db sqlite:///ward.db
    """


@db.command("status")
@declared_options(DB_STATUS)
def status_command(**values: Any) -> None:
    """Where the ward record is, its layout and how many patients and entries it holds."""
    from il2sched.app.db import status

    for line in status(values).lines:
        click.echo(line)


@db.command("upgrade")
@declared_options(DB_UPGRADE)
def upgrade_command(**values: Any) -> None:
    """Upgrade a ward record written by an older il2sched (a SQLite file is copied first)."""
    from il2sched.app.db import upgrade

    for line in upgrade(values).lines:
        click.echo(line)


@click.command()
@declared_options(BACKUP)
def backup(**values: Any) -> None:
    """Copy the SQLite ward record consistently while others write (PostgreSQL: use pg_dump).

    \b
    Example:
      il2sched backup -o ward-2026-05-12.db
    """
    from il2sched.app.db import backup as copy

    for line in copy(values).lines:
        click.echo(line)
