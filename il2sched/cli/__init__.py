"""The command line: parse options into typed requests, call the application, print its messages.

Every user error ends as one line on stderr and exit code 2: the layers below raise
:class:`~il2sched.errors.Il2schedError` and this package is the only place that prints it.
"""

from __future__ import annotations

import errno
import importlib
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from types import FrameType
from typing import Any, NoReturn

import click

from il2sched import __version__
from il2sched.core.parsing import one_line
from il2sched.errors import Il2schedError, Interrupted, RosterError

PROG = "il2sched"
#: What a write to a full disk, a file over its size limit or a terminal gone raises.
_CANNOT_WRITE = {errno.ENOSPC, errno.EFBIG, errno.EIO, getattr(errno, "EDQUOT", errno.ENOSPC)}


#: The longest error line printed: a message quoting what someone typed (a 500,000-character regimen value)
#: keeps its start and its end, where the fix is, and says how much was left out between.
MAX_ERROR = 1000


def error_line(message: str) -> str:
    """``il2sched: error: message`` on one printable line of at most about :data:`MAX_ERROR` characters."""
    text = one_line(message)
    if len(text) > MAX_ERROR:
        half = MAX_ERROR // 2
        text = f"{text[:half]}…({len(text) - 2 * half:,} characters left out)…{text[-half:]}"
    return f"{PROG}: error: {text}"


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``il2sched: error: message`` on stderr, on one line, and exit with ``code``."""
    with suppress(OSError):  # a standard error that cannot be written (full, closed): the code still tells
        click.echo(error_line(message), err=True)
    sys.exit(code)


def say(message: str) -> None:
    """Print ``il2sched: message`` on stderr (notes and progress, never the output itself)."""
    click.echo(f"{PROG}: {one_line(message)}", err=True)


def _terminated(number: int, frame: FrameType | None) -> None:
    raise Interrupted("terminated", 128 + number)


def _hung_up(number: int, frame: FrameType | None) -> None:
    raise Interrupted("hung up (the terminal closed)", 128 + number)


@contextmanager
def _stop_cleanly_on_sigterm() -> Iterator[None]:
    """SIGTERM, and SIGHUP (the terminal or the SSH session closed), unwind like Ctrl-C (a batch's staging
    folder and a file's temporary copy are removed) instead of killing on the spot."""
    handlers = {signal.SIGTERM: _terminated}
    if hasattr(signal, "SIGHUP"):  # not on Windows
        handlers[signal.SIGHUP] = _hung_up
    try:
        previous = {number: signal.signal(number, handler) for number, handler in handlers.items()}
    except ValueError:  # not the main thread (a test runner's worker): leave signals alone
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def _cache_notes() -> Iterator[None]:
    """Say once, at the end, which data cache entries were found damaged and rebuilt."""
    try:
        yield
    finally:
        cache = sys.modules.get("il2sched.sources.cache")  # only when the run used the cache
        for path in cache.take_rebuilt() if cache is not None else ():
            say(f"note: the data cache entry {path} was damaged and has been rebuilt")


#: Command name -> the module and function that define it, imported only when that command runs (or help
#: lists them): a CSV run then never imports the web face, the publishing or the reference commands.
COMMANDS = {
    "generate": "il2sched.cli.schedule:generate",
    "worklist": "il2sched.cli.schedule:worklist",
    "batch": "il2sched.cli.schedule:batch",
    "publish": "il2sched.cli.schedule:publish",
    "regimens": "il2sched.cli.info:regimens",
    "holidays": "il2sched.cli.info:holidays_command",
    "serve": "il2sched.cli.serve:serve",
    "patients": "il2sched.cli.ward:patients",
    "report": "il2sched.cli.report:report",
    "export": "il2sched.cli.report:export",
    "record": "il2sched.cli.record:record",
    "audit": "il2sched.cli.audit:audit",
    "db": "il2sched.cli.db:db",
    "backup": "il2sched.cli.db:backup",
    "users": "il2sched.cli.users:users",
}


class _Group(click.Group):
    """A group whose errors, click's own included, are one line on stderr, and whose commands load lazily."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, name = target.partition(":")
        command: click.Command = getattr(importlib.import_module(module), name)
        return command

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: object,
    ) -> object:
        try:
            with _stop_cleanly_on_sigterm(), _cache_notes():
                result = super().main(args, PROG, complete_var, standalone_mode=False, **extra)
                if sys.stdout is not None:
                    sys.stdout.flush()  # now, where a full disk is one line, not at exit with a traceback
                return result
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else PROG
            fail(f"{exc.format_message()} (see '{command} --help')")
        except Il2schedError as exc:
            # A roster reports one line per bad row; any other error is one line.
            lines = exc.problems if isinstance(exc, RosterError) else [str(exc)]
            for line in lines[:-1]:
                click.echo(error_line(line), err=True)
            fail(lines[-1] if lines and lines[-1] else "failed", exc.exit_code)
        except Interrupted as exc:
            fail(exc.reason, exc.exit_code)
        except click.Abort:
            fail("interrupted", 130)
        except click.ClickException as exc:
            fail(exc.format_message(), exc.exit_code)
        except BrokenPipeError:
            # The reader went away (``| head``): not an error worth a traceback.
            sys.stderr.close()
            sys.exit(1)
        except OSError as exc:
            # Writing to a standard stream (lists, help, a publish's report): every file il2sched writes
            # itself reports its own errors, so what reaches here is the redirection's disk or terminal.
            if exc.errno not in _CANNOT_WRITE:
                raise
            from il2sched.sources.files import forget_stdout

            forget_stdout()
            fail(f"cannot write to standard output: {exc.strerror}; free some space or check the redirection")

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; Ctrl-C ends it with one line, not click's blank line and "Aborted!"."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted("interrupted", 130) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name=PROG, message="%(prog)s %(version)s")
def main() -> None:
    """Turn a clinical-trial dosing protocol into dated administrations: calendars, CSV, JSON, tables.

    \b
    Examples:
      il2sched generate --start 2026-04-27 -o calendar.ics
      il2sched regimens
    """
