"""Who is signed in, for how long, and how often a client may guess the token.

- **Sessions** are random identifiers handed out by the sign-in form, of the shared token or of one person
  (their initials), kept in memory only (a restart signs everyone out), each forgotten after
  :attr:`Sessions.idle` without a request (a shift by default: a ward computer left signed in does not stay
  so) or at ``POST /logout``.
- **Failed sign-ins** (a wrong token in the form or in ``Authorization: Bearer``) are counted per client
  address: after :data:`FREE_FAILURES`, each further attempt must wait twice as long as the last (1 s, 2 s,
  4 s, ... at most :data:`MAX_WAIT`), so guessing even a short token takes lifetimes.
- **Tokens** are compared as bytes, in constant time: a token may hold any character (``équipe-soins``),
  since a browser's form sends it in UTF-8 and a script's ``Authorization`` header carries the bytes its
  author typed, in UTF-8 too. A token with too little variety (``aaaaaaaaaaaaaaaa``) is refused at start.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

COOKIE = "il2sched_session"
#: Sessions kept at most (the oldest is forgotten first): a bound on memory, far above a ward's use.
MAX_SESSIONS = 1000
#: A session unused this long (seconds) is forgotten: a shift.
DEFAULT_IDLE = 8 * 3600.0
#: Wrong tokens a client may send before it must wait.
FREE_FAILURES = 3
#: The longest wait between two attempts of one client (seconds).
MAX_WAIT = 15 * 60.0
#: Clients whose failures are remembered at most (the least recent is forgotten first).
MAX_CLIENTS = 10_000
#: The shortest token accepted for a server other machines can reach: guessing one is then hopeless.
MIN_TOKEN = 16
#: The fewest different characters a token must hold (``aaaaaaaaaaaaaaaa`` or ``abababab...`` is a guess).
MIN_DISTINCT = 8


def new_token() -> str:
    """A token for ``IL2SCHED_SERVE_TOKEN``: 32 random characters of the URL-safe alphabet (192 bits)."""
    return secrets.token_urlsafe(24)


def token_problem(token: str) -> str | None:
    """Why ``token`` may not guard a server (too short, too little variety, a character no header carries),
    or None."""
    if len(token) < MIN_TOKEN:
        return f"IL2SCHED_SERVE_TOKEN is too short; use at least {MIN_TOKEN} characters"
    if token != token.strip() or any(not ch.isprintable() for ch in token):
        return (
            "IL2SCHED_SERVE_TOKEN holds a space at an end or a control character, which a header cannot carry"
        )
    if len(set(token)) < MIN_DISTINCT:
        return (
            f"IL2SCHED_SERVE_TOKEN has fewer than {MIN_DISTINCT} different characters, which is easy to guess"
        )
    return None


def same_token(given: bytes, token: str) -> bool:
    """Compare in constant time, as UTF-8 bytes, so the answer's timing tells nothing about the token."""
    return hmac.compare_digest(given, token.encode("utf-8"))


def session_of(scope: Mapping[str, Any]) -> str | None:
    """The session cookie's value, if the request has one.

    Read by hand: ``http.cookies`` drops every cookie of a header that holds one it cannot parse, and a
    browser sends this server the cookies of every other program on ``localhost`` too.
    """
    for key, value in scope.get("headers", ()):
        if key == b"cookie":
            for part in bytes(value).decode("latin-1").split(";"):
                name, sep, found = part.strip().partition("=")
                if sep and name == COOKIE:
                    return found.strip()
    return None


class Sessions:
    """The signed-in sessions, each with the time of its last request."""

    def __init__(self, idle: float = DEFAULT_IDLE) -> None:
        self.idle = idle
        self._last: OrderedDict[str, float] = OrderedDict()
        self._people: dict[str, str] = {}  # session -> the initials of the person who opened it
        self._lock = threading.Lock()

    def new(self, person: str | None = None) -> str:
        """A new session's identifier: of the shared token, or of ``person`` (initials) signed in."""
        session = secrets.token_urlsafe(32)
        with self._lock:
            self._last[session] = time.monotonic()
            if person is not None:
                self._people[session] = person
            while len(self._last) > MAX_SESSIONS:
                self._people.pop(self._last.popitem(last=False)[0], None)
        return session

    def person(self, session: str | None) -> str | None:
        """The initials of the person signed in through ``session`` (None for the shared token's)."""
        with self._lock:
            return self._people.get(session or "")

    def __contains__(self, session: object) -> bool:
        """True for a session in use; a request through it counts as use."""
        if not isinstance(session, str):
            return False
        now = time.monotonic()
        with self._lock:
            last = self._last.get(session)
            if last is None:
                return False
            if now - last > self.idle:
                del self._last[session]
                self._people.pop(session, None)
                return False
            self._last[session] = now
            self._last.move_to_end(session)
            return True

    def end(self, session: str | None) -> None:
        """Forget ``session`` (signing out)."""
        with self._lock:
            self._last.pop(session or "", None)
            self._people.pop(session or "", None)


class Throttle:
    """Failed sign-ins per client address, and how long each must wait before its next attempt."""

    def __init__(self) -> None:
        self._clients: OrderedDict[str, tuple[int, float]] = OrderedDict()  # address -> (failures, until)
        self._lock = threading.Lock()

    def wait(self, client: str) -> float:
        """Seconds ``client`` must still wait before its next attempt (0: it may try now)."""
        with self._lock:
            _, until = self._clients.get(client, (0, 0.0))
        return max(0.0, until - time.monotonic())

    def failed(self, client: str) -> None:
        """Count a wrong token from ``client``."""
        with self._lock:
            failures = self._clients.get(client, (0, 0.0))[0] + 1
            delay = 0.0 if failures <= FREE_FAILURES else min(MAX_WAIT, 2.0 ** (failures - FREE_FAILURES - 1))
            self._clients[client] = (failures, time.monotonic() + delay)
            self._clients.move_to_end(client)
            while len(self._clients) > MAX_CLIENTS:
                self._clients.popitem(last=False)

    def succeeded(self, client: str) -> None:
        """``client`` gave the token: its count starts again."""
        with self._lock:
            self._clients.pop(client, None)
