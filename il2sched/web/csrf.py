"""Every state-changing request carries a token only this server's own page could have put in it (CSRF),
and each request says who may record through it (:func:`who_records`).

- **The token** (:func:`form_token`, a hidden field named ``csrf`` or an ``X-CSRF-Token`` header) is an HMAC,
  under a secret drawn when the server starts, of the request's session, or, with no session (a page on
  loopback, the sign-in form), of a random per-browser cookie set with the page that shows the form
  (HttpOnly, SameSite=Strict). Another site can neither read the page nor the cookie, so it cannot forge it;
  a token stops working when its session ends.
- **The check** (:class:`CsrfGuard`, behind the :class:`~il2sched.web.guard.Guard`'s Host and Origin checks)
  reads every POST's body (at most :data:`MAX_FORM` bytes, within :data:`FORM_SECONDS`), refuses one without
  the right token (403, one line in the page's language), and hands the body on untouched; the fields it read
  are :func:`posted_fields` for a route answered in a thread.
- **Who records**: on loopback anyone at the computer may record, with the initials typed on the form, as on
  paper; served beyond loopback only a person signed in with their own account may, under their initials
  (a session of the shared token only reads). A personal session whose account was disabled ends at its next
  request.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response

from il2sched.app.option_table import LANG
from il2sched.core.texts import LANGUAGES
from il2sched.web.guard import ASGIApp, Message, Receive, Scope, Send
from il2sched.web.sessions import Sessions, session_of

#: The hidden field, and the header, that carry the token.
FIELD = "csrf"
HEADER = "x-csrf-token"
#: The per-browser cookie a token is bound to when there is no session.
BROWSER_COOKIE = "il2sched_browser"
#: The largest form accepted (a sign-in, a dose's record): a token and a few short fields.
MAX_FORM = 32 * 1024
#: The longest a form may take to arrive (seconds).
FORM_SECONDS = 10.0
#: Where the request's :class:`_Binding` lives in the ASGI scope.
_KEY = "il2sched.csrf"

_REFUSED = {
    "en": "refused: this form is out of date or did not come from this server's page; reload the page and "
    "try again",
    "fr": "refusé : ce formulaire est périmé ou ne vient pas de la page de ce serveur ; rechargez la page "
    "et recommencez",
}
_DISABLED = {
    "en": "this account has been disabled; your session has ended",
    "fr": "ce compte a été désactivé ; votre session est terminée",
}


@dataclass(frozen=True, slots=True)
class Recorder:
    """Whether a request may record, and under which initials.

    ``initials`` None with ``may_record``: anyone at a loopback page, under the initials typed on the form;
    ``authenticated``: a person signed in with their own account, whose initials the record carries.
    """

    initials: str | None
    authenticated: bool
    may_record: bool


@dataclass(slots=True)
class _Binding:
    """What the request's token is bound to, and who is behind it."""

    secret: bytes
    remote: bool
    session: str | None  # a session in use
    person: str | None  # the initials a personal session was opened with
    browser: str | None  # the per-browser cookie, as sent or as about to be set
    new_browser: bool = False
    fields: list[tuple[str, str]] = field(default_factory=list)


def _mac(secret: bytes, kind: str, value: str) -> str:
    digest = hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _binding(request: Request | Scope) -> _Binding:
    scope = request.scope if isinstance(request, Request) else request
    found = scope.get(_KEY)
    if not isinstance(found, _Binding):
        raise RuntimeError("the CSRF guard is not in front of this route")
    return found


def form_token(request: Request) -> str:
    """The token to put in a form's hidden ``csrf`` field (or an ``X-CSRF-Token`` header) of this page."""
    bound = _binding(request)
    if bound.session is not None:
        return _mac(bound.secret, "session", bound.session)
    if bound.browser is None:
        bound.browser, bound.new_browser = secrets.token_urlsafe(32), True
    return _mac(bound.secret, "browser", bound.browser)


def who_records(request: Request) -> Recorder:
    """Who may record through this request (see the module's note)."""
    bound = _binding(request)
    if not bound.remote:
        return Recorder(None, False, True)
    if bound.person is not None:
        return Recorder(bound.person, True, True)
    return Recorder(None, False, False)


def posted_fields(request: Request) -> list[tuple[str, str]]:
    """The fields of this POST's form (``application/x-www-form-urlencoded``), in order, as the guard read
    them; empty for another body."""
    return list(_binding(request).fields)


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == b"cookie":
            for part in bytes(value).decode("latin-1").split(";"):
                found, sep, text = part.strip().partition("=")
                if sep and found == name and text.strip():
                    return text.strip()
    return None


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return ""


def browser_cookie(value: str) -> str:
    """The ``Set-Cookie`` value of the per-browser cookie a token is bound to without a session."""
    return f"{BROWSER_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict"


def language_of(scope: Scope, fields: list[tuple[str, str]] = []) -> str:  # noqa: B006 (never changed)
    """The language of the page a request comes from: its query's or form's ``lang``, else the default."""
    query = parse_qsl(bytes(scope.get("query_string", b"")).decode("latin-1"))
    chosen = [v.strip().lower() for k, v in [*query, *fields] if k == "lang"]
    known = [v for v in chosen if v in LANGUAGES]
    return known[-1] if known else str(LANG.default)


class CsrfGuard:
    """The middleware: binds each request's token and recorder, and refuses a POST without its token.

    ``accounts(initials)`` says whether a personal account may still be used (None: no accounts).
    """

    def __init__(
        self,
        app: ASGIApp,
        sessions: Sessions,
        remote: bool,
        accounts: Callable[[str], bool] | None = None,
    ) -> None:
        self.app = app
        self.sessions = sessions
        self.remote = remote
        self.accounts = accounts
        self.secret = secrets.token_bytes(32)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session = session_of(scope)
        session = session if session in self.sessions else None
        person = self.sessions.person(session) if session is not None else None
        if person is not None and not await self.account_usable(person):
            self.sessions.end(session)
            line = _DISABLED[language_of(scope)]
            await PlainTextResponse(f"il2sched: error: {line}\n", 401)(scope, receive, send)
            return
        bound = _Binding(self.secret, self.remote, session, person, _cookie(scope, BROWSER_COOKIE))
        scope[_KEY] = bound
        if scope.get("method") not in ("GET", "HEAD"):
            body = await read_form(Request(scope, receive))
            if isinstance(body, Response):
                await body(scope, receive, send)
                return
            if "application/x-www-form-urlencoded" in _header(scope, b"content-type"):
                bound.fields = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
            if not self.valid(bound, _header(scope, HEADER.encode()) or _field(bound.fields)):
                line = _REFUSED[language_of(scope, bound.fields)]
                await PlainTextResponse(f"il2sched: error: {line}\n", 403)(scope, receive, send)
                return
            receive = _replay(body, receive)

        async def cookie_set(message: Message) -> None:
            if message["type"] == "http.response.start" and bound.new_browser and bound.browser:
                cookie = browser_cookie(bound.browser).encode("latin-1")
                message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie)]
            await send(message)

        await self.app(scope, receive, cookie_set)

    async def account_usable(self, person: str) -> bool:
        """True unless ``person``'s account was disabled since they signed in (read in a thread: a query)."""
        return self.accounts is None or await run_in_threadpool(self.accounts, person)

    def valid(self, bound: _Binding, given: str) -> bool:
        """True when ``given`` is the token of the request's session or of its browser's cookie."""
        if not given:
            return False
        expected = []
        if bound.session is not None:
            expected.append(_mac(self.secret, "session", bound.session))
        if bound.browser is not None:
            expected.append(_mac(self.secret, "browser", bound.browser))
        return any(hmac.compare_digest(given.encode(), e.encode()) for e in expected)


def _field(fields: list[tuple[str, str]]) -> str:
    found = [value for name, value in fields if name == FIELD]
    return found[-1] if found else ""


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the body already read to the route, then waits as the client's would."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def read_form(request: Request) -> bytes | Response:
    """A form's bytes, or the answer refusing it (too large, too slow, the client gone)."""
    length = request.headers.get("content-length")
    if length is not None and int(length) > MAX_FORM:  # h11 has checked it is a number
        return _too_large()
    body = bytearray()
    try:
        async with asyncio.timeout(FORM_SECONDS):
            async for chunk in request.stream():
                body += chunk
                if len(body) > MAX_FORM:
                    return _too_large()
    except ClientDisconnect:
        return Response(status_code=400)  # nobody reads it; the Guard's line says the client left
    except TimeoutError:
        return closing(408, f"the form took more than {math.ceil(FORM_SECONDS)} s to arrive", {})
    return bytes(body)


def _too_large() -> Response:
    return closing(413, f"a form is at most {MAX_FORM // 1024} KiB", {})


def closing(status: int, message: str, headers: dict[str, str]) -> Response:
    """A plain refusal that closes the connection: the rest of the body is never read."""
    return PlainTextResponse(
        f"il2sched: error: {message}\n", status_code=status, headers={**headers, "connection": "close"}
    )
