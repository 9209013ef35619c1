"""Running the page: a uvicorn server on a socket we bind ourselves, so ``--port 0`` can print its real port.

uvicorn stops cleanly on Ctrl-C (SIGINT) or SIGTERM: it finishes the requests under way (for at most
:data:`GRACEFUL_SECONDS`; a page still being worked on then is abandoned with a 503), stops the worker
processes, then returns. Every line the server writes is ours (:mod:`.log`): uvicorn's access log is off (it
would write query strings, which hold patient codes and dates), the :class:`~il2sched.web.guard.Guard` logs
the method, the path and the status instead, and uvicorn's and asyncio's own lines are reworded to one line
without an exception's text. Connections are bounded and must send their request in time
(:mod:`.protocol`), with the process's descriptor limit raised as far as the system allows.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sys
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

from il2sched.core.parsing import is_loopback
from il2sched.errors import ServeError
from il2sched.web import guard
from il2sched.web.app import WebConfig, create_app
from il2sched.web.log import configure, resource_problem
from il2sched.web.protocol import Limits, connection_bound, protocol_class
from il2sched.web.sessions import DEFAULT_IDLE, MIN_TOKEN, new_token, token_problem
from il2sched.web.workers import Sheets

__all__ = ["ServeOptions", "new_token", "serve"]
from il2sched.web.roster import check_roster_file

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
#: How long the requests under way may take to finish once the server is asked to stop (seconds).
GRACEFUL_SECONDS = 5


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """How ``il2sched serve`` was asked to run."""

    host: str = "127.0.0.1"
    port: int = 8765
    roster: str | None = None
    token: str | None = None  # IL2SCHED_SERVE_TOKEN
    session_idle: float = DEFAULT_IDLE  # --session-idle, in seconds
    db: str | None = None  # --db: the ward record the ward's pages read and write


def check_access(options: ServeOptions) -> str | None:
    """The token every request will need: required beyond loopback, honoured on loopback when set."""
    if not options.token:
        if is_loopback(options.host):
            return None
        raise ServeError(
            f"--host {options.host} lets other machines reach the page, so it needs a token: set "
            f"IL2SCHED_SERVE_TOKEN to a secret of at least {MIN_TOKEN} characters ('il2sched serve "
            "--new-token' makes one), or leave --host out"
        )
    problem = token_problem(options.token)
    if problem is not None:
        raise ServeError(f"{problem}; 'il2sched serve --new-token' makes a good one")
    return options.token


def host_names(host: str) -> list[str]:
    """The names a browser may use for this server in its ``Host`` header."""
    if is_loopback(host):
        return [*LOOPBACK_NAMES, host]
    names = [*LOOPBACK_NAMES, host]
    if host in ("0.0.0.0", "::"):  # every interface: this machine's names and addresses
        hostname = socket.gethostname()
        names += [hostname, socket.getfqdn()]
        with contextlib.suppress(OSError):  # a machine with no resolvable name: the other names only
            names += socket.gethostbyname_ex(hostname)[2]
    return names


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (``0``: a free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # TCP named, not left to the system (protocol 0): asyncio turns Nagle's algorithm off only on sockets
    # that say they are TCP, and with it on, each answer's body waited for the client's delayed
    # acknowledgement of its head, 40 ms on every request of a kept-alive connection after the first.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
            raise ServeError(
                f"port {port} is already in use; choose another with --port, or --port 0"
            ) from None
        raise ServeError(
            f"cannot listen on {host}:{port} ({exc.strerror}); check --host and --port"
        ) from None
    sock.listen(128)
    return sock


def url_of(host: str, port: int) -> str:
    """The address to open in a browser."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "localhost") else host
    shown = "[::1]" if host == "::" else (f"[{shown}]" if ":" in shown else shown)
    return f"http://{shown}:{port}/"


def raise_descriptor_limit() -> int:
    """Raise this process's soft limit of open files to its hard limit; the soft limit now in force (a large
    number where the system has no such limit)."""
    try:
        import resource
    except ImportError:  # Windows: no such limit to raise
        return 1 << 16
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 16)
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return 1 << 16 if soft == resource.RLIM_INFINITY else soft
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    except (ValueError, OSError):  # macOS refuses more than OPEN_MAX: keep the soft limit
        return soft
    return wanted


def _uvicorn_server() -> type[Any]:
    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn's server, which also stops the document workers, words its loop's errors in one line,
        and, stopped by a signal, returns as Ctrl-C does (exit 0 and "stopped") instead of dying by it."""

        sheets: Sheets

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            asyncio.get_running_loop().set_exception_handler(_loop_problem)
            await super().startup(sockets)

        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            await super().shutdown(sockets)
            await asyncio.get_running_loop().run_in_executor(None, self.sheets.close)

        @contextlib.contextmanager
        def capture_signals(self) -> Generator[None, None, None]:
            with super().capture_signals():
                yield
                self._captured_signals.clear()

    return Server


def _loop_problem(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """asyncio's report of an error outside any request (the accept loop out of descriptors): one line,
    without the exception's text, at most once a second."""
    message = str(context.get("message", "an error in the event loop")).split("\n", 1)[0]
    exception = context.get("exception")
    name = f" ({type(exception).__name__})" if exception is not None else ""
    resource_problem(f"server: {message}{name}")


def serve(
    options: ServeOptions,
    announce: Callable[[str], None],
    opened: Callable[[str], None] | None = None,
) -> None:
    """Run the server until Ctrl-C or SIGTERM; ``announce`` prints the URL, ``opened`` (if given) opens a
    browser."""
    import uvicorn

    token = check_access(options)
    if options.roster is not None:
        check_roster_file(options.roster)  # a missing roster: one line now, not a page of errors later
    sock = bind(options.host, options.port)
    port = sock.getsockname()[1]
    access = guard.Access(guard.own_hosts(host_names(options.host), port), token)
    remote = not is_loopback(options.host)
    sheets = Sheets()
    app = create_app(WebConfig(access, options.roster, remote, options.session_idle, options.db), sheets)
    limits = Limits(connections=connection_bound(raise_descriptor_limit()))
    config = uvicorn.Config(
        app, access_log=False, log_config=None, log_level="warning", lifespan="off", server_header=False,
        timeout_graceful_shutdown=GRACEFUL_SECONDS, http=protocol_class(limits), backlog=128,
    )  # fmt: skip
    configure(sys.stderr)
    server = _uvicorn_server()(config)
    server.sheets = sheets
    url = url_of(options.host, port)
    announce(url)
    if opened is not None:
        opened(url)  # the socket already listens: the browser's first request waits for the server
    try:
        server.run(sockets=[sock])
    finally:
        sheets.close()  # already closed when the server stopped normally; not when it failed
