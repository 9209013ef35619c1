"""The schedule commands: generate, worklist, batch, publish. Each turns its options into a typed request,
calls one application function, and prints what it returns."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import click

from il2sched.app.commands import BATCH, GENERATE, PUBLISH, WORKLIST
from il2sched.cli import say
from il2sched.cli.params import declared_options

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar


@click.command()
@declared_options(GENERATE)
def generate(**values: Any) -> None:
    """Generate the dated administrations for one patient.

    \b
    Examples:
      il2sched generate --start 2026-04-27 -o calendar.ics
      il2sched generate --start 2026-04-27 --patient P-014 --time 09:00 --remind 1h -o p014.ics
      il2sched generate --start 2026-04-27 --lang fr --excel -o p014.csv
      il2sched generate --start 2026-04-27 --on-holiday shift --delay 3:1 -o p014.pdf
    """  # fmt: skip
    from il2sched.app.generate import generate as generate_output
    from il2sched.app.requests import generate_request
    from il2sched.sources.files import write_output

    if values.get("db") is not None:  # a stored patient: everything from the ward record
        _generate_stored(values)
        return
    # A person reading a terminal gets no PDF bytes: the application refuses a binary format there.
    request = generate_request(values)
    request = replace(request, to_terminal=_to_terminal(request.output))
    result = generate_output(request)
    for note in result.notes:
        say(note)
    write_output(request.output, result.data)


@click.command()
@click.argument("roster", metavar="ROSTER.csv")
@declared_options(WORKLIST)
def worklist(roster: str, **values: Any) -> None:
    """Print the patients due each day: dose, cycle and day, holidays, closures, moved or skipped doses.

    \b
    Examples:
      il2sched worklist ward.csv --from 2026-05-04 --days 5
      il2sched worklist ward.csv --from 2026-05-04 --days 5 --lang fr -o worklist.pdf
    """  # fmt: skip
    from il2sched.app.worklist import worklist as worklist_output
    from il2sched.app.worklist import worklist_request
    from il2sched.sources.files import write_output

    request = worklist_request(values, roster)
    request = replace(request, to_terminal=_to_terminal(request.output))
    result = worklist_output(request)
    write_output(request.output, result.data)


def _generate_stored(values: dict[str, Any]) -> None:
    """``generate --patient CODE --db URL``: the stored patient's outputs, a sheet filled from the record."""
    from click.core import ParameterSource

    from il2sched.app.ward_generate import generate_stored, stored_generate_request
    from il2sched.sources.files import write_output

    ctx = click.get_current_context()
    typed = {k for k in values if ctx.get_parameter_source(k) is ParameterSource.COMMANDLINE}
    request = stored_generate_request(values, typed)
    request = replace(request, to_terminal=_to_terminal(request.output))
    result = generate_stored(request)
    for note in result.notes:
        say(note)
    write_output(request.output, result.data)


def _to_terminal(output: str) -> bool:
    """True when the output goes to standard output and that is a terminal (a person, not a file)."""
    return output == "-" and sys.stdout is not None and sys.stdout.isatty()


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
@declared_options(BATCH)
def batch(roster: str, **values: Any) -> None:
    """Write every patient's files from a roster, plus the ward calendar and CSV.

    The roster is a CSV with columns patient,start and optionally time, regimen, delays (space-separated
    CYCLE:WEEKS), site, lang, bsa, height, weight; empty cells take the options below. Every row is checked
    before anything is written; OUTDIR is replaced at the end, whole, so a failed run leaves the previous
    outputs untouched.

    \b
    Examples:
      il2sched batch ward.csv -d out -f ics,csv,pdf
      il2sched batch ward.csv -d out -f pdf --lang fr --on-holiday shift --site "Dermatologie"
    """  # fmt: skip
    from il2sched.app.batch import BatchRequest, run
    from il2sched.app.requests import parse_command, schedule_options

    parsed = parse_command(BATCH, values)
    request = BatchRequest(
        roster, parsed["outdir"], parsed["formats"], schedule_options(parsed), parsed["jobs"]
    )
    progress = _Progress()
    try:
        result = run(request, progress.start, progress.advance, lambda line: say(f"note: {line}"))
    finally:
        progress.finish()
    for note in result.notes:
        say(note)


@click.command()
@declared_options(PUBLISH)
def publish(**values: Any) -> None:
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
    from il2sched.app.requests import parse_command, schedule_options
    from il2sched.errors import PublishError

    parsed = parse_command(PUBLISH, values)
    username = parsed["username"]
    request = PublishRequest(
        parsed["url"], parsed["calendar"], username, parsed["roster"], parsed["start"], parsed["patient"],
        parsed["dry_run"], parsed["insecure_http"], schedule_options(parsed),
    )  # fmt: skip
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
