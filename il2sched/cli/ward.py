"""The ward record's patients: ``il2sched patients add|set|delay|withdraw|list|show|import|export``. Each
command hands what was typed to one application function and prints what it returns."""

from __future__ import annotations

from typing import Any

import click

from il2sched.app.ward_commands import (
    PATIENTS_ADD,
    PATIENTS_DELAY,
    PATIENTS_EXPORT,
    PATIENTS_IMPORT,
    PATIENTS_LIST,
    PATIENTS_SET,
    PATIENTS_SHOW,
    PATIENTS_WITHDRAW,
)
from il2sched.cli import say
from il2sched.cli.params import declared_options, typed


@click.group()
def patients() -> None:
    """The ward record's patients: add, change, postpone, withdraw, list, show, import, export.

    \b
    Examples:
      il2sched patients add P-014 --start 2026-04-27 --time 09:00 --by AB
      il2sched patients delay P-014 3:1 --reason "neutropenia" --by AB
      il2sched patients list --lang fr
      il2sched patients import ward.csv --by AB --reason "enrolment"
      il2sched patients export -o ward.csv
    """


@patients.command("add")
@click.argument("code")
@declared_options(PATIENTS_ADD)
def add(code: str, **values: Any) -> None:
    """Add a patient with a start and every option of generate (the regimen file's text is kept)."""
    from il2sched.app.patients import add as add_patient
    from il2sched.app.patients import add_request

    result = add_patient(add_request(code, values))
    for note in result.notes:
        say(note)
    click.echo(result.message)


@patients.command("set")
@click.argument("code")
@declared_options(PATIENTS_SET)
def set_command(code: str, **values: Any) -> None:
    """Change a patient's options (only those given), saying why (--reason) and who (--by)."""
    from il2sched.app.patients import set_options

    click.echo(set_options(code, typed(values), values["db"]).message)


@patients.command("delay")
@click.argument("code")
@click.argument("cycle_weeks", metavar="CYCLE:WEEKS")
@declared_options(PATIENTS_DELAY)
def delay_command(code: str, cycle_weeks: str, **values: Any) -> None:
    """Postpone a cycle and every later one by whole weeks (3:1), saying why."""
    from il2sched.app.patients import delay

    click.echo(delay(code, cycle_weeks, values).message)


@patients.command("withdraw")
@click.argument("code")
@declared_options(PATIENTS_WITHDRAW)
def withdraw_command(code: str, **values: Any) -> None:
    """Withdraw a patient from the trial, saying why (the records stay)."""
    from il2sched.app.patients import withdraw

    click.echo(withdraw(code, values).message)


@patients.command("list")
@declared_options(PATIENTS_LIST)
def list_command(**values: Any) -> None:
    """List the patients: code, regimen, start, next dose, status (active, finished, withdrawn)."""
    from il2sched.app.ward_views import patient_list

    click.echo(patient_list(values), nl=False)


@patients.command("show")
@click.argument("code")
@declared_options(PATIENTS_SHOW)
def show_command(code: str, **values: Any) -> None:
    """Show one patient: regimen, start, options, history and records."""
    from il2sched.app.ward_views import patient_page

    click.echo(patient_page(code, values), nl=False)


@patients.command("import")
@click.argument("roster", metavar="ROSTER.csv")
@declared_options(PATIENTS_IMPORT)
def import_command(roster: str, **values: Any) -> None:
    """Add every patient of a roster (all rows or none; each its own entry); options: the rows' defaults."""
    from il2sched.app.ward_roster import import_roster

    result = import_roster(roster, values)
    for note in result.notes:
        say(note)
    click.echo(result.message)


@patients.command("export")
@declared_options(PATIENTS_EXPORT)
def export_command(**values: Any) -> None:
    """Write the patients under treatment as a roster (batch, worklist and import read it)."""
    from il2sched.app.ward_roster import export_roster
    from il2sched.sources.files import write_output

    data, output, notes = export_roster(values)
    write_output(output, data)
    for note in notes:
        say(note)
