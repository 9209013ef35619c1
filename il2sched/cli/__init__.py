"""The command line: parse options into typed requests, call the application, print its messages.

Every user error ends as one line on stderr and exit code 2: the layers below raise
:class:`~il2sched.errors.Il2schedError` and this package is the only place that prints it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import NoReturn

import click

from il2sched import __version__
from il2sched.errors import Il2schedError

PROG = "il2sched"


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``il2sched: error: message`` on stderr and exit with ``code``."""
    click.echo(f"{PROG}: error: {message}", err=True)
    sys.exit(code)


def say(message: str) -> None:
    """Print ``il2sched: message`` on stderr (notes and progress, never the output itself)."""
    click.echo(f"{PROG}: {message}", err=True)


class _Group(click.Group):
    """A group whose errors, click's own included, are one line on stderr."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: object,
    ) -> object:
        try:
            return super().main(args, PROG, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else PROG
            fail(f"{exc.format_message()} (see '{command} --help')")
        except Il2schedError as exc:
            for line in str(exc).splitlines()[:-1]:  # a roster reports one line per bad row
                click.echo(f"{PROG}: error: {line}", err=True)
            fail(str(exc).splitlines()[-1] if str(exc) else "failed", exc.exit_code)
        except click.Abort:
            fail("interrupted", 130)
        except click.ClickException as exc:
            fail(exc.format_message(), exc.exit_code)
        except BrokenPipeError:
            # The reader went away (``| head``): not an error worth a traceback.
            sys.stderr.close()
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name=PROG, message="%(prog)s %(version)s")
def main() -> None:
    """Turn a clinical-trial dosing protocol into dated administrations: calendars, CSV, JSON, tables.

    \b
    Examples:
      il2sched generate --start 2026-04-27 -o calendar.ics
      il2sched regimens
    """


def _register() -> None:
    from il2sched.cli import info, schedule, serve

    for command in (*schedule.COMMANDS, *info.COMMANDS, *serve.COMMANDS):
        main.add_command(command)


_register()
