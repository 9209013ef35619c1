"""The page's security, as one ASGI middleware in front of every route.

- **Host**: a request whose ``Host`` is not one of the server's own names is refused (403), which defeats DNS
  rebinding (a foreign page whose name was re-pointed at 127.0.0.1 still sends its own name).
- **Origin**: a state-changing request (anything but GET and HEAD) must come from the page itself: a foreign
  or missing ``Origin``, or ``Sec-Fetch-Site: cross-site``, is refused (403).
- **Token**: when the server listens beyond loopback, every request needs the token: a session cookie set
  by the login form (HttpOnly, SameSite=Strict, random, kept in memory only, forgotten when idle) or
  ``Authorization: Bearer``; a client sending wrong tokens waits longer and longer (429,
  :mod:`.sessions`).
- **Headers**: ``Content-Security-Policy`` (``default-src 'self'`` for the pages; the generated documents,
  whose inline style is part of the bytes the command line writes, get ``default-src 'none'`` with only
  their inline style and embedded font allowed), no sniffing, no referrer to other sites, no framing by other
  sites, no caching of patient data.
- **Log**: one line per request with the method, the path (escaped to one printable line; never the query
  string, which holds patient codes and dates) and the status.
- **The last defence**: an exception no route expected becomes a 500 page saying only that, and one log line
  naming its class and where it was raised, never its text (which may quote a query value); a page still
  being worked on when the server stops answers 503.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from il2sched.web.log import LOG, exhausted, resource_problem, shown_path
from il2sched.web.sessions import COOKIE, Sessions, Throttle, same_token, session_of

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Paths reachable without the token: the login form, the files it needs, and signing out.
OPEN_PATHS = ("/login", "/logout", "/static/")

PAGE_POLICY = (
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'; object-src 'none'"
)
# font-src data:: the printed documents embed their font (DejaVu Sans) as data: URLs, so a browser prints
# them with the PDF's font and pages; blocked, it would fall back to another font and other line breaks.
DOCUMENT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'self'"
)

_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    # same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" with the sign-in form
    # (Fetch), which the Origin check refuses; other sites still get no Referer (queries hold patient codes).
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    (b"cache-control", b"no-store"),
)

Refusal = tuple[int, str, list[tuple[bytes, bytes]]]

#: What a page says of an exception no route expected (and nothing more).
INTERNAL = "an internal error; nothing was written; please report it"


@dataclass(frozen=True, slots=True)
class Access:
    """Who may reach the server: the ``Host`` names it answers to, and the token if one is needed."""

    hosts: frozenset[str]  # "127.0.0.1:8765", "localhost:8765", ...
    token: str | None = None

    @property
    def origins(self) -> frozenset[str]:
        """The origins of the server's own pages."""
        return frozenset(f"http://{host}" for host in self.hosts)


def own_hosts(names: Iterable[str], port: int) -> frozenset[str]:
    """``Host`` header values naming this server: each name with the port (IPv6 addresses bracketed)."""
    out = set()
    for name in names:
        shown = f"[{name}]" if ":" in name and not name.startswith("[") else name
        out.add(f"{shown.lower()}:{port}")
    return frozenset(out)


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value)
    return None


def client_of(scope: Scope) -> str:
    """The address a request came from (what failed sign-ins are counted by)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


class Guard:
    """The middleware: checks every request against :class:`Access` and hardens every response."""

    def __init__(self, app: ASGIApp, access: Access, sessions: Sessions, throttle: Throttle) -> None:
        self.app = app
        self.access = access
        self.sessions = sessions
        self.throttle = throttle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "/")
        method = shown_path(str(scope.get("method", "GET")))
        status = 0
        left = False

        async def hardened(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = _hardened(path, list(message.get("headers", [])))
            await send(message)

        async def watched() -> Message:
            nonlocal left
            message = await receive()
            left = left or message["type"] == "http.disconnect"
            return message

        refusal = self.refusal(scope)
        try:
            if refusal is not None:
                await _plain(hardened, *refusal)
            else:
                await self.app(scope, watched, hardened)
        except asyncio.CancelledError:
            # The server is stopping and gave up waiting for this page: say so, briefly, and end quietly.
            if not status:
                await _plain(hardened, 503, "the server is stopping; try again in a moment", [])
            LOG.info('"%s %s" %s (the server stopped before it was done)', method, shown_path(path), status)
            return
        except Exception as exc:
            self.failed(exc, method, path)
            if not status:
                await _plain(hardened, 500, INTERNAL, [])
            return
        note = " (the client left)" if left else ""
        LOG.info('"%s %s" %s%s', method, shown_path(path), status, note)

    @staticmethod
    def failed(exc: Exception, method: str, path: str) -> None:
        """One line for an exception no route expected: its class and where it was raised, never its text."""
        where = ""
        trace = exc.__traceback__
        while trace is not None and trace.tb_next is not None:
            trace = trace.tb_next
        if trace is not None:
            code = trace.tb_frame.f_code
            where = f" at {code.co_filename.rsplit('/', 1)[-1]}:{trace.tb_lineno} ({code.co_name})"
        line = f'"{method} {shown_path(path)}" 500: internal error, {type(exc).__name__}{where}'
        if exhausted(exc):
            resource_problem(line)
        else:
            LOG.error("%s", line)

    def refusal(self, scope: Scope) -> Refusal | None:
        """Why this request is refused (status, message, extra headers), or None if it may go on."""
        host = (_header(scope, b"host") or b"").decode("latin-1").lower()
        if host not in self.access.hosts:
            return 403, "this server answers only to its own address; open the address it printed", []
        if scope.get("method") not in ("GET", "HEAD"):
            origin = (_header(scope, b"origin") or b"").decode("latin-1")
            fetch_site = _header(scope, b"sec-fetch-site")
            if origin not in self.access.origins or fetch_site == b"cross-site":
                return 403, "refused: this request does not come from this server's own page", []
        token = self.access.token
        if token is None or scope.get("path", "/").startswith(OPEN_PATHS):
            return None
        authorization = _header(scope, b"authorization") or b""
        if authorization.startswith(b"Bearer "):
            return self.bearer(client_of(scope), authorization[7:].strip(), token)
        if session_of(scope) in self.sessions:
            return None
        if b"text/html" in (_header(scope, b"accept") or b"") and scope.get("method") in ("GET", "HEAD"):
            target = scope.get("path", "/")
            if scope.get("query_string"):
                target += "?" + bytes(scope["query_string"]).decode("latin-1")
            return 303, "sign in first", [(b"location", f"/login?next={quote(target, safe='')}".encode())]
        return (
            401,
            "this server needs its access token: sign in on its page, or send 'Authorization: Bearer'",
            [],
        )

    def bearer(self, client: str, given: bytes, token: str) -> Refusal | None:
        """The answer to ``Authorization: Bearer given`` from ``client``: None to let it in."""
        wait = self.throttle.wait(client)
        if wait > 0:
            return too_many(wait)
        if same_token(given, token):
            self.throttle.succeeded(client)
            return None
        self.throttle.failed(client)
        return 401, "wrong token in 'Authorization: Bearer'", []


def too_many(wait: float) -> Refusal:
    """The refusal of a client that sent too many wrong tokens and must wait ``wait`` seconds."""
    seconds = math.ceil(wait)
    message = f"too many wrong tokens from this address; try again in {seconds} s"
    return 429, message, [(b"retry-after", str(seconds).encode())]


def _hardened(path: str, headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    names = {k.lower() for k, _ in headers}
    out = headers + [(key, value) for key, value in _HEADERS if key not in names]
    if b"content-security-policy" not in names:
        content_type = dict(headers).get(b"content-type", b"")
        document = path in ("/generate", "/worklist")
        policy = DOCUMENT_POLICY if document and b"html" in content_type else PAGE_POLICY
        out.append((b"content-security-policy", policy.encode("ascii")))
    return out


async def _plain(send: Send, status: int, message: str, extra: list[tuple[bytes, bytes]]) -> None:
    body = f"il2sched: error: {message}\n".encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + extra})
    await send({"type": "http.response.body", "body": body})


def session_cookie(session: str) -> str:
    """The ``Set-Cookie`` value of a new session: unreadable by scripts, never sent by another site."""
    return f"{COOKIE}={session}; Path=/; HttpOnly; SameSite=Strict"


def ended_cookie() -> str:
    """The ``Set-Cookie`` value that removes the session cookie from the browser (signing out)."""
    return f"{COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this server only (never ``//elsewhere`` or a full URL)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
