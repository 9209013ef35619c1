"""Running the page: a uvicorn server on a socket we bind ourselves, so ``--port 0`` can print its real port.

uvicorn stops cleanly on Ctrl-C (SIGINT) or SIGTERM: it finishes the requests under way, then returns.
Its own access log is off (it would write query strings, which hold patient codes and dates); the
:class:`~il2sched.web.guard.Guard` logs the method, the path and the status instead.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass

from il2sched.core.parsing import is_loopback
from il2sched.errors import ServeError
from il2sched.web import guard
from il2sched.web.app import WebConfig, create_app

#: The shortest token accepted for a server other machines can reach: guessing one is then hopeless.
MIN_TOKEN = 16
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """How ``il2sched serve`` was asked to run."""

    host: str = "127.0.0.1"
    port: int = 8765
    roster: str | None = None
    token: str | None = None  # IL2SCHED_SERVE_TOKEN


def check_access(options: ServeOptions) -> str | None:
    """The token every request will need: required beyond loopback, honoured on loopback when set."""
    if not options.token:
        if is_loopback(options.host):
            return None
        raise ServeError(
            f"--host {options.host} lets other machines reach the page, so it needs a token: set "
            f"IL2SCHED_SERVE_TOKEN to a secret of at least {MIN_TOKEN} characters, or leave --host out"
        )
    if len(options.token) < MIN_TOKEN:
        raise ServeError(f"IL2SCHED_SERVE_TOKEN is too short; use at least {MIN_TOKEN} characters")
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
    sock = socket.socket(family, socket.SOCK_STREAM)
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


def serve(
    options: ServeOptions,
    announce: Callable[[str], None],
    opened: Callable[[str], None] | None = None,
) -> None:
    """Run the server until Ctrl-C; ``announce`` prints the URL, ``opened`` (if given) opens a browser."""
    import uvicorn

    token = check_access(options)
    sock = bind(options.host, options.port)
    port = sock.getsockname()[1]
    access = guard.Access(guard.own_hosts(host_names(options.host), port), token)
    remote = not is_loopback(options.host)
    app = create_app(WebConfig(access, options.roster, remote=remote))
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("il2sched: %(message)s"))
    guard.LOG.handlers[:] = [handler]
    guard.LOG.setLevel(logging.INFO)
    guard.LOG.propagate = False
    config = uvicorn.Config(
        app, access_log=False, log_level="warning", lifespan="off", server_header=False,
        timeout_graceful_shutdown=5,
    )  # fmt: skip
    url = url_of(options.host, port)
    announce(url)
    if opened is not None:
        opened(url)  # the socket already listens: the browser's first request waits for the server
    uvicorn.Server(config).run(sockets=[sock])
