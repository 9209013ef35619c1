"""Signing in (``GET``/``POST /login``) and out (``POST /logout``).

The sign-in form is read by the :class:`~il2sched.web.csrf.CsrfGuard`, as every form is: as it arrives and
never past :data:`~il2sched.web.csrf.MAX_FORM` bytes (413 beyond, 408 when too slow; each closes the
connection), and refused without the token of the sign-in page (a forged sign-in). A client sending wrong
tokens waits longer and longer (:class:`~il2sched.web.sessions.Throttle`, shared with ``Authorization:
Bearer``).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from il2sched.web import guard
from il2sched.web.csrf import closing, posted_fields
from il2sched.web.sessions import Throttle, same_token, session_of
from il2sched.web.site import Site, language, query_of


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
        return self.site.page("login.html.j2", language(query), 200, request, next=target, wrong=False)

    async def login(self, request: Request) -> Response:
        """Open a session for the shared token (the :class:`~il2sched.web.csrf.CsrfGuard` read the form and
        checked its token)."""
        client = guard.client_of(request.scope)
        wait = self.throttle.wait(client)
        if wait > 0:
            status, message, headers = guard.too_many(wait)
            return closing(status, message, {k.decode(): v.decode() for k, v in headers})
        fields = dict(posted_fields(request))
        target = guard.safe_next(fields.get("next"))
        token = self.site.config.access.token
        if token is None or not same_token(fields.get("token", "").encode("utf-8"), token):
            if token is not None:
                self.throttle.failed(client)
            lang = language(query_of(request))
            return self.site.page("login.html.j2", lang, 403, request, next=target, wrong=True)
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
