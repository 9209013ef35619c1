"""``il2sched record``: what happened to one dose, as the nurse types it from the paper."""

from __future__ import annotations

from typing import Any

import click

from il2sched.app.ward_commands import RECORD
from il2sched.cli.params import declared_options


@click.command()
@click.argument("code")
@declared_options(RECORD)
def record(code: str, **values: Any) -> None:
    """Record a dose given (time, lot, expiry, site, who) or not given (why), or correct a record.

    \b
    Examples:
      il2sched record P-014 --dose 1:1 --given "2026-04-27 09:10" --lot A123 --expiry 2027-01 \\
          --site abdomen-left --by AB
      il2sched record P-014 --dose 3:2 --not-given --reason refused --note "nausea" --by AB
      il2sched record P-014 --correct 12 --given "2026-04-27 09:40" --lot A123 --expiry 2027-01 \\
          --site abdomen-left --reason "time misread" --by AB
    """  # fmt: skip
    from il2sched.app.recording import record as record_dose
    from il2sched.app.recording import record_request

    click.echo(record_dose(record_request(code, values)).message)
