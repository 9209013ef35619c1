"""``il2sched audit list|verify``: the ward record's trail, listed and checked."""

from __future__ import annotations

from typing import Any

import click

from il2sched.app.ward_commands import AUDIT_LIST, AUDIT_VERIFY
from il2sched.cli.params import declared_options


@click.group()
def audit() -> None:
    """The ward record's audit trail: every change with its time (UTC), who, what and why.

    \b
    Examples:
      il2sched audit list P-014
      il2sched audit verify
    """


@audit.command("list")
@click.argument("code", required=False)
@declared_options(AUDIT_LIST)
def list_command(code: str | None, **values: Any) -> None:
    """List every change, oldest first (one patient's with CODE), as a table or CSV."""
    from il2sched.app.audit import audit_list

    click.echo(audit_list(code, values), nl=False)


@audit.command("verify")
@declared_options(AUDIT_VERIFY)
def verify_command(**values: Any) -> None:
    """Check that no entry was altered, removed or moved (exit code 1 names the first that was)."""
    from il2sched.app.audit import audit_verify

    click.echo(audit_verify(values).message)
