"""Signing in (``GET``/``POST /login``) and out (``POST /logout``).

The sign-in form is read as it arrives and never past :data:`MAX_FORM` bytes: a body announced larger is
refused before a byte of it is read (413), a streamed one as soon as it passes the bound, one still arriving
after :data:`FORM_SECONDS` is dropped (408); each closes the connection. A client sending wrong tokens waits
longer and longer (:class:`~il2sched.web.sessions.Throttle`, shared with ``Authorization: Bearer``).
"""

from __future__ import annotations

import asyncio
import math
from urllib.parse import parse_qsl, urlsplit

from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from il2sched.web import guard
from il2sched.web.sessions import Throttle, same_token, session_of
from il2sched.web.site import Site, language, query_of

#: The largest sign-in form accepted: a token and the page to go back to (a long preview's address).
MAX_FORM = 32 * 1024
#: The longest a sign-in form may take to arrive (seconds).
FORM_SECONDS = 10.0


class SignIn:
    """The sign-in form, its answer, and signing out."""

    def __init__(self, site: Site, throttle: Throttle) -> None:
        self.site = site
        self.throttle = throttle

    def login_form(self, request: Request) -> Response:
        target = guard.safe_next(request.query_params.get("next"))
        query = query_of(request)
        if not any(name == "lang" for name, _ in query):  # the language of the page asked for
            query = parse_qsl(urlsplit(target).query)
        return self.site.page("login.html.j2", language(query), next=target, wrong=False)

    async def login(self, request: Request) -> Response:
        client = guard.client_of(request.scope)
        wait = self.throttle.wait(client)
        if wait > 0:
            status, message, headers = guard.too_many(wait)
            return _closing(status, message, {k.decode(): v.decode() for k, v in headers})
        body = await _form(request)
        if isinstance(body, Response):
            return body
        fields = dict(parse_qsl(body.decode("utf-8", "replace")))
        target = guard.safe_next(fields.get("next"))
        token = self.site.config.access.token
        if token is None or not same_token(fields.get("token", "").encode("utf-8"), token):
            if token is not None:
                self.throttle.failed(client)
            lang = language(query_of(request))
            return self.site.page("login.html.j2", lang, 403, next=target, wrong=True)
        self.throttle.succeeded(client)
        response = RedirectResponse(target, status_code=303)
        response.headers["set-cookie"] = guard.session_cookie(self.site.sessions.new())
        return response

    async def logout(self, request: Request) -> Response:
        """End the request's session and forget its cookie (the Guard checked the request comes from this
        server's own page)."""
        self.site.sessions.end(session_of(request.scope))
        target = "/login" if self.site.config.access.token is not None else "/"
        response = RedirectResponse(f"{target}?lang={language(query_of(request))}", status_code=303)
        response.headers["set-cookie"] = guard.ended_cookie()
        return response


async def _form(request: Request) -> bytes | Response:
    """The sign-in form's bytes, or the answer refusing it (too large, too slow, the client gone)."""
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
        return _closing(408, f"the sign-in form took more than {math.ceil(FORM_SECONDS)} s to arrive", {})
    return bytes(body)


def _too_large() -> Response:
    return _closing(413, f"a sign-in form is at most {MAX_FORM // 1024} KiB; send the token alone", {})


def _closing(status: int, message: str, headers: dict[str, str]) -> Response:
    """A plain refusal that closes the connection: the rest of the body is never read."""
    return PlainTextResponse(
        f"il2sched: error: {message}\n", status_code=status, headers={**headers, "connection": "close"}
    )
