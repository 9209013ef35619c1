"""``il2sched serve``: the local web page. The web stack (Starlette, uvicorn) is imported only when it runs,
so every other command starts as fast as before."""

from __future__ import annotations

import contextlib
import os

import click

from il2sched.cli import say


@click.command()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port to listen on; 0 picks a free one.",
)
@click.option("--roster", metavar="ROSTER.csv", help="A ward's roster: adds the roster and worklist pages.")
@click.option(
    "--db",
    metavar="URL",
    help="The ward record the patients, today and audit pages read and write: sqlite:///PATH, "
    "postgresql://USER@HOST/NAME or a file's path (default: IL2SCHED_DB, else ward.db in the user's data "
    "folder).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    metavar="ADDRESS",
    help="Address to listen on. Beyond loopback every request needs the token in IL2SCHED_SERVE_TOKEN "
    "(when it is set, loopback needs it too).",
)
@click.option(
    "--session-idle",
    metavar="DURATION",
    default="8h",
    show_default=True,
    help="Sign a browser out after this long without a request (with a token): e.g. 30m, 8h, 12h.",
)
@click.option(
    "--new-token",
    is_flag=True,
    help="Print a new random token for IL2SCHED_SERVE_TOKEN and exit.",
)
def serve(
    port: int,
    roster: str | None,
    db: str | None,
    open_browser: bool,
    host: str,
    session_idle: str,
    new_token: bool,
) -> None:
    """Open a local web page that gives what generate and worklist give, for people who never use a terminal.

    The page listens on this computer only (127.0.0.1) and fetches nothing from the internet. Every
    generate option is a query parameter of /generate (named like the option without its dashes), so a
    link gives the same bytes as the command line. Stop it with Ctrl-C.

    \b
    Examples:
      il2sched serve --open
      il2sched serve --open --roster ward.csv
      il2sched serve --port 0
      il2sched serve --db postgresql://il2sched@ward-server/ward
      IL2SCHED_SERVE_TOKEN=$(il2sched serve --new-token) il2sched serve --host 0.0.0.0
    """  # fmt: skip
    if new_token:
        from il2sched.web.server import new_token as make_token

        click.echo(make_token())
        return
    from il2sched.core.parsing import parse_duration
    from il2sched.errors import InvalidValue
    from il2sched.web.server import ServeOptions
    from il2sched.web.server import serve as run_server

    try:
        idle = parse_duration(session_idle).total_seconds()
    except InvalidValue as exc:
        raise InvalidValue(f"--session-idle: {exc}", option="session-idle") from None

    def opened(url: str) -> None:
        import webbrowser

        webbrowser.open(url)

    options = ServeOptions(host, port, roster, os.environ.get("IL2SCHED_SERVE_TOKEN") or None, idle, db)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is the normal way to stop: uvicorn has finished
        run_server(
            options,
            announce=lambda url: click.echo(f"il2sched: serving {url} (Ctrl-C to stop)", err=False),
            opened=opened if open_browser else None,
        )
    say("stopped")
