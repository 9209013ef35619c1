"""The command line: parse options, build the plan, call the engine and an exporter, write the bytes.

Every user error ends as one line on stderr and exit code 2; the modules below raise
:class:`~il2sched.errors.Il2schedError` and this module is the only place that prints it.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from il2sched import __version__, parsing
from il2sched.errors import Il2schedError, ScheduleError

PROG = "il2sched"


def _fail(message: str, code: int = 2) -> NoReturn:
    click.echo(f"{PROG}: error: {message}", err=True)
    sys.exit(code)


class _Group(click.Group):
    """A group whose errors, click's own included, are one line on stderr."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            return super().main(args, PROG, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else PROG
            _fail(f"{exc.format_message()} (see '{command} --help')")
        except Il2schedError as exc:
            for line in str(exc).splitlines()[:-1]:  # a roster reports one line per bad row
                click.echo(f"{PROG}: error: {line}", err=True)
            _fail(str(exc).splitlines()[-1] if str(exc) else "failed", exc.exit_code)
        except click.Abort:
            _fail("interrupted", 130)
        except click.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code)
        except BrokenPipeError:
            # The reader went away (``| head``): not an error worth a traceback.
            sys.stderr.close()
            sys.exit(1)


class _Parsed(click.ParamType):  # type: ignore[type-arg]
    """A click type backed by one of :mod:`il2sched.parsing`'s parsers."""

    def parse(self, text: str) -> Any:
        raise NotImplementedError

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if not isinstance(value, str):
            return value  # already converted (a default or a second pass)
        try:
            return self.parse(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class IsoDate(_Parsed):
    """A date written YYYY-MM-DD, the only form nobody misreads."""

    name = "YYYY-MM-DD"

    def parse(self, text: str) -> dt.date:
        return parsing.parse_date(text)


class ClockTime(_Parsed):
    """A 24-hour time HH:MM."""

    name = "HH:MM"

    def parse(self, text: str) -> dt.time:
        return parsing.parse_time(text)


class Duration(_Parsed):
    """A duration such as 30m, 2h, 1d or 1h30m."""

    name = "DURATION"

    def parse(self, text: str) -> dt.timedelta:
        return parsing.parse_duration(text)


class Delay(_Parsed):
    """A postponement CYCLE:WEEKS."""

    name = "CYCLE:WEEKS"

    def parse(self, text: str) -> tuple[int, int]:
        return parsing.parse_delay(text)


class ClosedSpan(_Parsed):
    """A closed day YYYY-MM-DD or an inclusive range YYYY-MM-DD..YYYY-MM-DD."""

    name = "DATE[..DATE]"

    def parse(self, text: str) -> tuple[dt.date, dt.date]:
        from il2sched.closures import parse_span

        return parse_span(text)


class OneLine(_Parsed):
    """A free text on one line (a site name)."""

    name = "TEXT"

    def parse(self, text: str) -> str:
        return parsing.check_text(text, "the site name")


def source_date() -> dt.datetime:
    """The generation stamp: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now; in UTC."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw == "":
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    if not raw.isdigit():
        raise Il2schedError(
            f"SOURCE_DATE_EPOCH={raw!r} is not a whole number of seconds; unset it or fix its value"
        )
    return dt.datetime.fromtimestamp(int(raw), dt.UTC)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name=PROG, message="%(prog)s %(version)s")
def main() -> None:
    """Turn a clinical-trial dosing protocol into dated administrations: calendars, CSV, JSON, tables.

    \b
    Examples:
      il2sched generate --start 2026-04-27 -o calendar.ics
      il2sched regimens
    """


output_option = click.option(
    "-o", "--output", default="-", show_default=True, metavar="PATH",
    help="Output file, written atomically; - for standard output.",
)  # fmt: skip


def schedule_options(func: Any) -> Any:
    """The options that shape every patient's schedule and outputs (generate, batch, worklist, publish)."""
    options = [
        click.option("--regimen", "regimen_name", default="nct01840046", show_default=True,
                     metavar="NAME|PATH", help="Built-in regimen name or path of a regimen .toml file."),
        click.option("--delay", "delays", multiple=True, type=Delay(),
                     help="Postpone a cycle and every later one by whole weeks (3:1); repeatable."),
        click.option("--time", "clock", type=ClockTime(),
                     help="Time of each administration; all-day without it."),
        click.option("--duration", type=click.IntRange(1, 24 * 60), default=15, show_default=True,
                     metavar="MINUTES", help="Length of timed calendar events."),
        click.option("--tz", default="Europe/Paris", show_default=True, metavar="ZONE",
                     help="IANA time zone of --time."),
        click.option("--remind", multiple=True, type=Duration(),
                     help="Reminder before each administration (30m, 2h, 1d); repeatable."),
        click.option("--lang", type=click.Choice(["en", "fr"]), default="en", show_default=True,
                     help="Language of every human-readable text."),
        click.option("--excel", is_flag=True,
                     help="CSV for French Excel: ';' separator, UTF-8 BOM, decimal comma."),
        click.option("--site", default="", type=OneLine(), help="Ward or site named on printed sheets."),
        click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True,
                     help="Paper size of printed sheets."),
        click.option("--country", default="FR", show_default=True, metavar="CC",
                     help="Country whose public holidays are closed days ('il2sched holidays --list')."),
        click.option("--subdiv", metavar="CODE",
                     help="Region of --country, e.g. 57 (Moselle) or 6AE/67/68 (Alsace)."),
        click.option("--no-holidays", is_flag=True, help="Ignore public holidays."),
        click.option("--closed", multiple=True, type=ClosedSpan(),
                     help="A site closure day or inclusive range; repeatable."),
        click.option("--closed-file", metavar="PATH",
                     help="Site closures: one YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD per line, # comments."),
        click.option("--on-holiday", "policy", type=click.Choice(["flag", "shift", "skip"]), default="flag",
                     show_default=True,
                     help="Doses on closed days: flag them, shift them to the next open days of the cycle, "
                     "or skip them."),
        click.option("--no-weekends", is_flag=True, help="Never shift a dose onto a Saturday or Sunday."),
    ]  # fmt: skip
    for option in reversed(options):
        func = option(func)
    return func


def settings_from(values: dict[str, Any]) -> Any:
    """The :class:`~il2sched.planning.Settings` of the shared options; removes them from ``values``."""
    from il2sched.planning import Settings
    from il2sched.schedule import Policy

    country = values.pop("country")
    return Settings(
        regimen=values.pop("regimen_name"),
        time=values.pop("clock"),
        tz=values.pop("tz"),
        duration=dt.timedelta(minutes=values.pop("duration")),
        reminders=tuple(values.pop("remind")),
        lang=values.pop("lang"),
        excel=values.pop("excel"),
        site=values.pop("site"),
        paper=values.pop("paper"),
        country=None if values.pop("no_holidays") else country,
        subdiv=values.pop("subdiv"),
        closed=tuple(values.pop("closed")),
        closed_file=values.pop("closed_file"),
        policy=Policy(values.pop("policy")),
        weekends_open=not values.pop("no_weekends"),
        delays=parsing.merge_delays(list(values.pop("delays"))),
    )


@main.command()
@click.option("--start", required=True, type=IsoDate(), help="Monday of protocol week 1.")
@click.option(
    "--align",
    type=click.Choice(["next", "previous"]),
    help="Move a start that is not a Monday to the next or previous Monday.",
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
def generate(
    start: dt.date,
    align: str | None,
    patient: str | None,
    format_name: str | None,
    output: str,
    **values: Any,
) -> None:
    """Generate the dated administrations for one patient.

    \b
    Examples:
      il2sched generate --start 2026-04-27 -o calendar.ics
      il2sched generate --start 2026-04-27 --patient P-014 --time 09:00 --remind 1h -o p014.ics
      il2sched generate --start 2026-04-27 --lang fr --excel -o p014.csv
      il2sched generate --start 2026-04-27 --on-holiday shift --delay 3:1 -o p014.pdf
    """  # fmt: skip
    from il2sched.export import FORMATS
    from il2sched.files import write_output
    from il2sched.planning import Planner
    from il2sched.schedule import DEFAULT_PATIENT, build_schedule, check_patient_code, mondays_around

    fmt = _choose_format(format_name, output, FORMATS)
    if align and start.weekday() != 0:
        previous, following = mondays_around(start)
        aligned = following if align == "next" else previous
        click.echo(f"{PROG}: start {start.isoformat()} is not a Monday; using {aligned.isoformat()} "
                   f"(--align {align})", err=True)  # fmt: skip
        start = aligned
    code = check_patient_code(patient) if patient is not None else DEFAULT_PATIENT
    planner = Planner(settings_from(values))
    schedule = build_schedule(planner.plan(code, start))
    _note_conflicts(schedule)
    options = planner.options(
        source_date(), previous=_previous_calendar(output) if fmt.name == "ics" else None
    )
    write_output(output, fmt.renderer()(schedule, options))


def _previous_calendar(output: str) -> dict[str, tuple[int, str]]:
    """The events of the calendar a run is about to replace, so moved events get a higher SEQUENCE."""
    from il2sched.export.ics import previous_events

    if output == "-":
        return {}
    try:
        with open(output, "rb") as handle:
            return previous_events(handle.read())
    except OSError:
        return {}


def _note_conflicts(schedule: Any) -> None:
    """One stderr line per dose a closed day affects: warnings, not errors (the exit code stays 0)."""
    from il2sched.closures import conflict_notes
    from il2sched.i18n import Texts

    if all(a.status == "planned" for a in schedule.administrations):
        return
    english = Texts.for_lang("en")
    prefix = "" if schedule.plan.patient == "PATIENT" else f"{schedule.plan.patient}: "
    for line in conflict_notes(schedule, english.date):
        click.echo(f"{PROG}: note: {prefix}{line}", err=True)


def _choose_format(name: str | None, output: str, formats: dict[str, Any], what: str = "format") -> Any:
    """The format named by -f, else the one whose suffix the output file has, else the table."""
    if name is not None:
        if name not in formats:
            raise ScheduleError(f"unknown {what} {name!r}: use one of {', '.join(formats)}")
        return formats[name]
    suffix = os.path.splitext(output)[1].lower() if output != "-" else ""
    return next((f for f in formats.values() if f.suffix == suffix), formats["table"])


@main.command()
def regimens() -> None:
    """List the built-in regimens.

    \b
    Example:
      il2sched regimens
    """
    from il2sched.i18n import Texts
    from il2sched.regimen import builtin_names, load_regimen

    texts = Texts.for_lang("en")
    for name in builtin_names():
        regimen = load_regimen(name)
        click.echo(
            f"{name}: {regimen.title} ({regimen.trial_id}); {regimen.drug}, {texts.route(regimen.route)}; "
            f"{len(regimen.cycles)} cycles, {regimen.administrations} administrations, "
            f"{texts.dose(regimen.total_dose_iu)} in all"
        )


@main.command("holidays")
@click.option("--country", default="FR", show_default=True, metavar="CC", help="ISO country code.")
@click.option("--subdiv", metavar="CODE", help="Region, e.g. 57 (Moselle) or 6AE/67/68 (Alsace).")
@click.option("--year", type=click.IntRange(1900, 2200), metavar="YYYY", help="Year; default this year.")
@click.option(
    "--lang",
    type=click.Choice(["en", "fr"]),
    default="en",
    show_default=True,
    help="Language of the holiday and weekday names.",
)
@click.option("--list", "list_countries", is_flag=True, help="List the supported countries and regions.")
def holidays_command(
    country: str, subdiv: str | None, year: int | None, lang: str, list_countries: bool
) -> None:
    """Print a year's public holidays, one per line: ISO date, weekday, name.

    \b
    Examples:
      il2sched holidays --country FR --year 2027
      il2sched holidays --country FR --subdiv 57 --year 2027 --lang fr
      il2sched holidays --list
    """
    from il2sched.closures import holiday_lines, public_holidays, supported_countries
    from il2sched.i18n import Texts

    if list_countries:
        for code, regions in supported_countries().items():
            click.echo(f"{code}  {' '.join(regions)}".rstrip())
        return
    wanted = year if year is not None else dt.date.today().year
    texts = Texts.for_lang(lang)
    for line in holiday_lines(public_holidays(country, subdiv, [wanted], lang), texts.weekday):
        click.echo(line)


def _roster(roster: str, values: dict[str, Any]) -> tuple[Any, Any]:
    """Read ``roster`` with the shared options as defaults, every row checked down to its schedule."""
    from il2sched.batch import RowChecker
    from il2sched.planning import Planner
    from il2sched.roster import read_roster

    checker = RowChecker(Planner(settings_from(values)))
    return read_roster(roster, check=checker), checker


@main.command()
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
def batch(roster: str, outdir: str, formats: str, jobs: int | None, **values: Any) -> None:
    """Write every patient's files from a roster, plus the ward calendar and CSV.

    The roster is a CSV with columns patient,start and optionally time, regimen, delays (space-separated
    CYCLE:WEEKS), site, lang; empty cells take the options below. Every row is checked before anything is
    written; OUTDIR is replaced at the end, whole, so a failed run leaves the previous outputs untouched.

    \b
    Examples:
      il2sched batch ward.csv -d out -f ics,csv,pdf
      il2sched batch ward.csv -d out -f pdf --lang fr --on-holiday shift --site "Dermatologie"
    """  # fmt: skip
    from pathlib import Path

    from il2sched.batch import BatchJob, run_batch
    from il2sched.export import FORMATS

    wanted = tuple(dict.fromkeys(f.strip().lower() for f in formats.split(",") if f.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if not wanted or unknown:
        listed = ", ".join(unknown) or "(none)"
        raise ScheduleError(
            f"unknown format {listed} in -f: use a comma-separated list of {', '.join(FORMATS)}"
        )
    rows, checker = _roster(roster, values)
    job = BatchJob(checker.planner.settings, wanted, Path(outdir), source_date(), jobs or os.cpu_count() or 1)
    if sys.stderr.isatty():
        with click.progressbar(length=len(rows), label="il2sched", file=sys.stderr) as bar:
            names = run_batch(rows, job, checker.instants, bar.update)
    else:
        names = run_batch(rows, job, checker.instants)
    click.echo(f"{PROG}: wrote {len(names)} files for {len(rows)} patients into {outdir}", err=True)
    if checker.affected:
        counts = ", ".join(
            f"{n} {status.replace('_', ' ')}" for status, n in sorted(checker.affected.items())
        )
        click.echo(f"{PROG}: note: closed days affect {checker.patients_affected} of {len(rows)} patients "
                   f"({counts}); each file's status column and notes say which doses", err=True)  # fmt: skip


@main.command()
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
def worklist(roster: str, first: Any, days: int, format_name: str | None, output: str, **values: Any) -> None:
    """Print the patients due each day: dose, cycle and day, holidays, closures, moved or skipped doses.

    \b
    Examples:
      il2sched worklist ward.csv --from 2026-05-04 --days 5
      il2sched worklist ward.csv --from 2026-05-04 --days 5 --lang fr -o worklist.pdf
    """  # fmt: skip
    from il2sched.batch import schedules_of
    from il2sched.export.worklist import WORKLIST_FORMATS
    from il2sched.files import write_output
    from il2sched.worklist import build_worklist

    fmt = _choose_format(format_name, output, WORKLIST_FORMATS, "worklist format")
    rows, checker = _roster(roster, values)
    work = build_worklist(schedules_of(rows, checker.planner), first, days)
    write_output(output, fmt.renderer()(work, checker.planner.options(source_date())))


@main.command()
@click.option("--url", required=True, metavar="URL", help="CalDAV server or principal URL (https://...).")
@click.option("--calendar", "calendar_name", required=True, metavar="NAME",
              help="Display name of the calendar; created if missing.")  # fmt: skip
@click.option("--username", required=True, metavar="USER", help="CalDAV user name.")
@click.option("--roster", metavar="ROSTER.csv", help="Publish every patient of a roster, not just one.")
@click.option("--start", type=IsoDate(), help="Monday of protocol week 1 (one patient, without --roster).")
@click.option("--patient", default=None, metavar="CODE",
              help="Pseudonymous patient code (one patient, without --roster). Never a name.")  # fmt: skip
@click.option("--dry-run", is_flag=True, help="Show what would change on the server; change nothing.")
@schedule_options
def publish(
    url: str,
    calendar_name: str,
    username: str,
    roster: str | None,
    start: dt.date | None,
    patient: str | None,
    dry_run: bool,
    **values: Any,
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
    from il2sched.publish import PublishError, Target
    from il2sched.publish import publish as publish_schedules

    if (roster is None) == (start is None) or (roster is not None and patient is not None):
        raise ScheduleError("give either --roster FILE, or --start (and --patient) for one patient")
    schedules, options, per_patient = _publish_schedules(roster, start, patient, values)
    password = os.environ.get("IL2SCHED_CALDAV_PASSWORD")
    if password is None:
        try:
            password = click.prompt(f"CalDAV password for {username}", hide_input=True, err=True)
        except click.Abort:
            raise PublishError(
                "no CalDAV password: set IL2SCHED_CALDAV_PASSWORD or type it when asked"
            ) from None
    target = Target(url, calendar_name, username, str(password))
    report = publish_schedules(schedules, options, target, dry_run=dry_run, per_patient=per_patient)
    for line in report.lines():
        click.echo(line)


def _publish_schedules(
    roster: str | None, start: dt.date | None, patient: str | None, values: dict[str, Any]
) -> tuple[list[Any], Any, dict[str, Any]]:
    """The schedules to publish, the export options, and the options of rows with their own language."""
    from il2sched.schedule import DEFAULT_PATIENT, build_schedule, check_patient_code

    stamp = source_date()
    if roster is not None:
        from il2sched.batch import plan_for

        rows, checker = _roster(roster, values)
        planner = checker.planner
        schedules = [build_schedule(plan_for(planner, row)) for row in rows]
        per_patient = {r.patient: planner.options(stamp, lang=r.lang) for r in rows if r.lang}
    else:
        from il2sched.planning import Planner

        planner = Planner(settings_from(values))
        code = check_patient_code(patient) if patient is not None else DEFAULT_PATIENT
        assert start is not None
        schedules = [build_schedule(planner.plan(code, start))]
        per_patient = {}
    for schedule in schedules:
        _note_conflicts(schedule)
    return schedules, planner.options(stamp), per_patient
