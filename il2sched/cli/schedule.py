"""The schedule commands: generate, worklist, batch, publish. Each turns its options into a typed request,
calls one application function, and prints what it returns."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import click

from il2sched.cli import say
from il2sched.cli.params import IsoDate, output_option, schedule_options, takes_schedule_options

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

    from il2sched.app.requests import GenerateRequest, ScheduleOptions
    from il2sched.app.worklist import WorklistRequest


def generate_request(
    start: dt.date,
    align: str | None,
    patient: str | None,
    format_name: str | None,
    output: str,
    options: ScheduleOptions,
) -> GenerateRequest:
    """``generate``'s request from its options: the one translation the command line and the web page share.

    An option added to ``generate`` is added here too; the web page (:mod:`il2sched.web`) then takes it as a
    query parameter by itself, since it parses queries with this command's own options.
    """
    from il2sched.app.requests import GenerateRequest

    return GenerateRequest(start, options, patient, align, format_name, output)


@click.command()
@click.option(
    "--start",
    required=True,
    type=IsoDate(),
    help="Study day 1: the Monday of protocol week 1 for a regimen tied to weekdays (the built-in one), "
    "any day for a regimen of study days.",
)
@click.option(
    "--align",
    type=click.Choice(["next", "previous"]),
    help="Move a start that is not a Monday to the next or previous Monday (a regimen tied to weekdays).",
)
@click.option(
    "--patient",
    default=None,
    metavar="CODE",
    help="Pseudonymous patient code (letters, digits, . _ -; at most 32). Never a name.",
)
@click.option(
    "-f",
    "--format",
    "format_name",
    metavar="FORMAT",
    help="ics, csv, json, table, html, pdf or fhir; default from the -o suffix, else table.",
)
@output_option
@schedule_options
def generate(output: str, **values: Any) -> None:
    """Generate the dated administrations for one patient.

    \b
    Examples:
      il2sched generate --start 2026-04-27 -o calendar.ics
      il2sched generate --start 2026-04-27 --patient P-014 --time 09:00 --remind 1h -o p014.ics
      il2sched generate --start 2026-04-27 --lang fr --excel -o p014.csv
      il2sched generate --start 2026-04-27 --on-holiday shift --delay 3:1 -o p014.pdf
    """  # fmt: skip
    from il2sched.app.generate import generate as generate_output
    from il2sched.sources.files import write_output

    # A person reading a terminal gets no PDF bytes: the application refuses a binary format there.
    request = replace(generate_request(output=output, **values), to_terminal=_to_terminal(output))
    result = generate_output(request)
    for note in result.notes:
        say(note)
    write_output(output, result.data)


def worklist_request(
    roster: str, first: dt.date, days: int, format_name: str | None, output: str, options: ScheduleOptions
) -> WorklistRequest:
    """``worklist``'s request from its options, shared with the web page like :func:`generate_request`."""
    from il2sched.app.worklist import WorklistRequest

    return WorklistRequest(roster, first, days, options, format_name, output)


@click.command()
@click.argument("roster", metavar="ROSTER.csv")
@click.option("--from", "first", required=True, type=IsoDate(), help="First day of the worklist.")
@click.option("--days", type=click.IntRange(1, 366), default=1, show_default=True, help="Number of days.")
@click.option(
    "-f",
    "--format",
    "format_name",
    metavar="FORMAT",
    help="table, csv, html or pdf; default from the -o suffix, else table.",
)
@output_option
@schedule_options
def worklist(output: str, **values: Any) -> None:
    """Print the patients due each day: dose, cycle and day, holidays, closures, moved or skipped doses.

    \b
    Examples:
      il2sched worklist ward.csv --from 2026-05-04 --days 5
      il2sched worklist ward.csv --from 2026-05-04 --days 5 --lang fr -o worklist.pdf
    """  # fmt: skip
    from il2sched.app.worklist import worklist as worklist_output
    from il2sched.sources.files import write_output

    request = replace(worklist_request(output=output, **values), to_terminal=_to_terminal(output))
    result = worklist_output(request)
    write_output(output, result.data)


def _to_terminal(output: str) -> bool:
    """True when the output goes to standard output and that is a terminal (a person, not a file)."""
    return output == "-" and sys.stdout.isatty()


class _Progress:
    """A progress bar on stderr, shown only on a terminal."""

    def __init__(self) -> None:
        self.bar: ProgressBar[int] | None = None

    def start(self, total: int) -> None:
        if sys.stderr.isatty():
            self.bar = click.progressbar(length=total, label="il2sched", file=sys.stderr)
            self.bar.__enter__()

    def advance(self, count: int) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@click.command()
@click.argument("roster", metavar="ROSTER.csv")
@click.option(
    "-d", "--outdir", required=True, metavar="OUTDIR", help="Folder for the outputs (replaced whole)."
)
@click.option(
    "-f",
    "--formats",
    default="ics,csv",
    show_default=True,
    metavar="LIST",
    help="Comma-separated formats for each patient: ics, csv, json, table, html, pdf, fhir.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 256),
    default=None,
    metavar="N",
    help="Worker processes; default: every core.",
)
@schedule_options
def batch(roster: str, outdir: str, formats: str, jobs: int | None, options: ScheduleOptions) -> None:
    """Write every patient's files from a roster, plus the ward calendar and CSV.

    The roster is a CSV with columns patient,start and optionally time, regimen, delays (space-separated
    CYCLE:WEEKS), site, lang; empty cells take the options below. Every row is checked before anything is
    written; OUTDIR is replaced at the end, whole, so a failed run leaves the previous outputs untouched.

    \b
    Examples:
      il2sched batch ward.csv -d out -f ics,csv,pdf
      il2sched batch ward.csv -d out -f pdf --lang fr --on-holiday shift --site "Dermatologie"
    """  # fmt: skip
    from il2sched.app.batch import BatchRequest, run

    progress = _Progress()
    try:
        result = run(BatchRequest(roster, outdir, tuple(formats.split(",")), options, jobs),
                     progress.start, progress.advance, lambda line: say(f"note: {line}"))  # fmt: skip
    finally:
        progress.finish()
    for note in result.notes:
        say(note)


@click.command()
@click.option("--url", required=True, metavar="URL", help="CalDAV server or principal URL (https://...).")
@click.option(
    "--calendar",
    "calendar_name",
    required=True,
    metavar="NAME",
    help="Display name of the calendar; created if missing.",
)
@click.option("--username", required=True, metavar="USER", help="CalDAV user name.")
@click.option("--roster", metavar="ROSTER.csv", help="Publish every patient of a roster, not just one.")
@click.option(
    "--start",
    type=IsoDate(),
    help="Study day 1 (one patient, without --roster): a Monday for a regimen tied to weekdays.",
)
@click.option(
    "--patient",
    default=None,
    metavar="CODE",
    help="Pseudonymous patient code (one patient, without --roster). Never a name.",
)
@click.option("--dry-run", is_flag=True, help="Show what would change on the server; change nothing.")
@click.option(
    "--insecure-http",
    is_flag=True,
    help="Allow plain http to another machine (the password then travels in clear).",
)
@schedule_options
def publish(
    url: str,
    calendar_name: str,
    username: str,
    roster: str | None,
    start: dt.date | None,
    patient: str | None,
    dry_run: bool,
    insecure_http: bool,
    options: ScheduleOptions,
) -> None:
    """Publish administrations to a CalDAV calendar (Nextcloud, Radicale, iCloud, Fastmail...).

    Each administration becomes its own event. Publishing again after a change (delay, holiday policy)
    moves events, removes doses no longer planned and leaves events il2sched did not create alone. The
    password comes from IL2SCHED_CALDAV_PASSWORD, else it is asked for; never from the command line.

    \b
    Examples:
      il2sched publish --url https://cloud.example.org/remote.php/dav --calendar "IL-2 ward" \\
          --username coord --start 2026-04-27 --patient P-014 --time 09:00
      il2sched publish --url https://cal.example.org/ --calendar "IL-2 ward" --username coord \\
          --roster ward.csv --on-holiday shift --dry-run
    """  # fmt: skip
    from il2sched.app.publish import PublishRequest, prepare
    from il2sched.app.publish import publish as publish_prepared
    from il2sched.errors import PublishError

    request = PublishRequest(url, calendar_name, username, roster, start, patient, dry_run, insecure_http,
                             options)  # fmt: skip
    prepared = prepare(request)
    for note in prepared.notes:
        say(note)
    password = os.environ.get("IL2SCHED_CALDAV_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():  # getpass would warn and echo; a script must use the variable
            raise PublishError(
                "no CalDAV password: standard input is not a terminal to type it on; "
                "set IL2SCHED_CALDAV_PASSWORD"
            )
        try:
            password = click.prompt(f"CalDAV password for {username}", hide_input=True, err=True)
        except click.Abort:
            raise PublishError(
                "no CalDAV password: set IL2SCHED_CALDAV_PASSWORD or type it when asked"
            ) from None
    for line in publish_prepared(request, prepared, str(password)).lines():
        click.echo(line)


#: The requests of ``generate`` and ``worklist`` from their values as click parses them (shared options
#: raw): what the web page calls after parsing a query with the same commands (``il2sched serve``).
GENERATE_REQUEST = takes_schedule_options(generate_request)
WORKLIST_REQUEST = takes_schedule_options(worklist_request)
