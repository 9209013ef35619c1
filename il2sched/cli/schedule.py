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
from il2sched.cli.params import declared_options, typed

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
    from il2sched.sources.files import write_output

    if values.get("db") is not None:  # the patient's start, regimen and options come from the ward record
        from il2sched.app.stored import generate_stored

        result, output = generate_stored(typed(values), _to_terminal(values["output"] or "-"))
        for note in result.notes:
            say(note)
        write_output(output, result.data)
        return
    from il2sched.app.generate import generate as generate_output
    from il2sched.app.requests import generate_request

    # A person reading a terminal gets no PDF bytes: the application refuses a binary format there.
    request = generate_request(values)
    request = replace(request, to_terminal=_to_terminal(request.output))
    result = generate_output(request)
    for note in result.notes:
        say(note)
    write_output(request.output, result.data)


@click.command()
@click.argument("roster", metavar="[ROSTER.csv]", required=False)
@declared_options(WORKLIST)
def worklist(roster: str | None, **values: Any) -> None:
    """Print the patients due each day: dose, cycle and day, holidays, closures, moved or skipped doses.

    \b
    Examples:
      il2sched worklist ward.csv --from 2026-05-04 --days 5
      il2sched worklist ward.csv --from 2026-05-04 --days 5 --lang fr -o worklist.pdf
      il2sched worklist --db sqlite:///ward.db --from 2026-05-04 --days 5
    """  # fmt: skip
    from il2sched.app.worklist import worklist as worklist_output
    from il2sched.app.worklist import worklist_request
    from il2sched.sources.files import write_output

    roster = _roster_or_db(roster, values, "worklist")
    if roster is None:
        from il2sched.app.stored import worklist_stored

        result, output = worklist_stored(typed(values), _to_terminal(values["output"] or "-"))
        write_output(output, result.data)
        return
    request = worklist_request(values, roster)
    request = replace(request, to_terminal=_to_terminal(request.output))
    result = worklist_output(request)
    write_output(request.output, result.data)


def _roster_or_db(roster: str | None, values: dict[str, Any], command: str) -> str | None:
    """The roster, or None for the ward record (``--db``): one of them, not both."""
    from il2sched.errors import InvalidValue

    if roster is not None and values.get("db") is not None:
        raise InvalidValue(f"{command} takes ROSTER.csv or --db (the ward record), not both")
    if roster is None and values.get("db") is None:
        raise InvalidValue(f"{command} needs ROSTER.csv, or --db for the patients of the ward record")
    return roster


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
@click.argument("roster", metavar="[ROSTER.csv]", required=False)
@declared_options(BATCH)
def batch(roster: str | None, **values: Any) -> None:
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

    roster = _roster_or_db(roster, values, "batch")
    if roster is None:  # every patient under treatment in the ward record, each from its stored plan
        from il2sched.app.stored import batch_request

        request = batch_request(typed(values))
    else:
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
    from il2sched.app.requests import ScheduleOptions, parse_command, schedule_options
    from il2sched.errors import PublishError

    parsed = parse_command(PUBLISH, values)
    username = parsed["username"]
    options = schedule_options(parsed)
    if parsed["db"] is not None:  # each patient's plan is the stored one: only this output's choices typed
        from il2sched.app.stored import check_typed, presented

        given = typed(values)
        check_typed(given)
        options = presented(ScheduleOptions(), given)
    request = PublishRequest(
        parsed["url"], parsed["calendar"], username, parsed["roster"], parsed["start"], parsed["patient"],
        parsed["dry_run"], parsed["insecure_http"], options, db=parsed["db"],
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
