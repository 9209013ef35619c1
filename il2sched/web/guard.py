"""The page's security, as one ASGI middleware in front of every route.

- **Host**: a request whose ``Host`` is not one of the server's own names is refused (403), which defeats DNS
  rebinding (a foreign page whose name was re-pointed at 127.0.0.1 still sends its own name).
- **Origin**: a state-changing request (anything but GET and HEAD) must come from the page itself: a foreign
  or missing ``Origin``, or ``Sec-Fetch-Site: cross-site``, is refused (403).
- **Token**: when the server listens beyond loopback, every request needs the token: a session cookie set
  by the login form (HttpOnly, SameSite=Strict, random, kept in memory only) or ``Authorization: Bearer``.
- **Headers**: ``Content-Security-Policy`` (``default-src 'self'`` for the pages; the generated documents,
  whose inline style is part of the bytes the command line writes, get ``default-src 'none'`` with only
  their inline style and embedded font allowed), no sniffing, no referrer, no framing by other sites, no
  caching of patient data.
- **Log**: one line per request with the method, the path (never the query string, which holds patient
  codes and dates) and the status.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOG = logging.getLogger("il2sched.web")

COOKIE = "il2sched_session"
#: Paths reachable without the token: the login form and the files it needs.
OPEN_PATHS = ("/login", "/static/")
#: Sessions kept at most (the oldest is forgotten first): a bound on memory, far above a ward's use.
MAX_SESSIONS = 1000

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
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    (b"cache-control", b"no-store"),
)


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


class Sessions:
    """Random session identifiers handed out by the login form, in memory only (a restart signs out)."""

    def __init__(self) -> None:
        self._ids: OrderedDict[str, None] = OrderedDict()

    def new(self) -> str:
        """A new session's identifier."""
        session = secrets.token_urlsafe(32)
        self._ids[session] = None
        while len(self._ids) > MAX_SESSIONS:
            self._ids.popitem(last=False)
        return session

    def __contains__(self, session: object) -> bool:
        return isinstance(session, str) and session in self._ids


def same_token(given: str, token: str) -> bool:
    """Compare in constant time, so the answer's timing tells nothing about the token."""
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def session_of(scope: Scope) -> str | None:
    """The session cookie's value, if the request has one.

    Read by hand: ``http.cookies`` drops every cookie of a header that holds one it cannot parse, and a
    browser sends this server the cookies of every other program on ``localhost`` too.
    """
    for part in (_header(scope, b"cookie") or "").split(";"):
        name, sep, value = part.strip().partition("=")
        if sep and name == COOKIE:
            return value.strip()
    return None


class Guard:
    """The middleware: checks every request against :class:`Access` and hardens every response."""

    def __init__(self, app: ASGIApp, access: Access, sessions: Sessions) -> None:
        self.app = app
        self.access = access
        self.sessions = sessions

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "/")
        method: str = scope.get("method", "GET")
        refusal = self.refusal(scope)
        status = 0

        async def hardened(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                for key, value in _HEADERS:
                    if key not in names:
                        headers.append((key, value))
                if b"content-security-policy" not in names:
                    content_type = dict(headers).get(b"content-type", b"")
                    document = path in ("/generate", "/worklist")
                    policy = DOCUMENT_POLICY if document and b"html" in content_type else PAGE_POLICY
                    headers.append((b"content-security-policy", policy.encode("ascii")))
                message["headers"] = headers
            await send(message)

        if refusal is not None:
            await _plain(hardened, *refusal)
        else:
            await self.app(scope, receive, hardened)
        LOG.info('"%s %s" %s', method, path, status)

    def refusal(self, scope: Scope) -> tuple[int, str, list[tuple[bytes, bytes]]] | None:
        """Why this request is refused (status, message, extra headers), or None if it may go on."""
        host = (_header(scope, b"host") or "").lower()
        if host not in self.access.hosts:
            return 403, "this server answers only to its own address; open the address it printed", []
        if scope.get("method") not in ("GET", "HEAD"):
            origin = _header(scope, b"origin")
            fetch_site = _header(scope, b"sec-fetch-site")
            if origin not in self.access.origins or fetch_site == "cross-site":
                return 403, "refused: this request does not come from this server's own page", []
        token = self.access.token
        if token is None or scope.get("path", "/").startswith(OPEN_PATHS):
            return None
        authorization = _header(scope, b"authorization") or ""
        if authorization.startswith("Bearer ") and same_token(authorization[7:].strip(), token):
            return None
        if session_of(scope) in self.sessions:
            return None
        if "text/html" in (_header(scope, b"accept") or "") and scope.get("method") in ("GET", "HEAD"):
            target = scope.get("path", "/")
            if scope.get("query_string"):
                target += "?" + bytes(scope["query_string"]).decode("latin-1")
            return 303, "sign in first", [(b"location", f"/login?next={quote(target, safe='')}".encode())]
        return (
            401,
            "this server needs its access token: sign in on its page, or send 'Authorization: Bearer'",
            [],
        )


async def _plain(send: Send, status: int, message: str, extra: list[tuple[bytes, bytes]]) -> None:
    body = f"il2sched: error: {message}\n".encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + extra})
    await send({"type": "http.response.body", "body": body})


def session_cookie(session: str) -> str:
    """The ``Set-Cookie`` value of a new session: unreadable by scripts, never sent by another site."""
    return f"{COOKIE}={session}; Path=/; HttpOnly; SameSite=Strict"


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this server only (never ``//elsewhere`` or a full URL)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
