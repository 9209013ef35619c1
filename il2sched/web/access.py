"""Signing in (``GET``/``POST /login``) and out (``POST /logout``): with the shared token, or, on a page
served beyond loopback, with a person's own account (initials and password, ``il2sched users add``), the only
sessions that may record a dose (:func:`~il2sched.web.csrf.who_records`).

The sign-in form is read by the :class:`~il2sched.web.csrf.CsrfGuard`, as every form is: as it arrives and
never past :data:`~il2sched.web.csrf.MAX_FORM` bytes (413 beyond, 408 when too slow; each closes the
connection), and refused without the token of the sign-in page (a forged sign-in). A client sending wrong
tokens or passwords waits longer and longer (:class:`~il2sched.web.sessions.Throttle`, shared with
``Authorization: Bearer``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from il2sched.web import guard
from il2sched.web.csrf import closing, posted_fields
from il2sched.web.sessions import Throttle, same_token, session_of
from il2sched.web.site import Site, language, query_of

if TYPE_CHECKING:
    from il2sched.app.users import Accounts


class SignIn:
    """The sign-in form, its answer, and signing out. With ``accounts`` (a page served beyond loopback), the
    form offers a personal sign-in (initials and password) besides the shared token."""

    def __init__(self, site: Site, throttle: Throttle, accounts: Accounts | None = None) -> None:
        self.site = site
        self.throttle = throttle
        self.accounts = accounts

    def login_form(self, request: Request) -> Response:
        target = guard.safe_next(request.query_params.get("next"))
        query = query_of(request)
        if not any(name == "lang" for name, _ in query):  # the language of the page asked for
            query = parse_qsl(urlsplit(target).query)
        return self._form(request, language(query), 200, target)

    def _form(
        self,
        request: Request,
        lang: str,
        status: int,
        target: str,
        wrong: bool = False,
        person: str = "",
        initials: str = "",
    ) -> Response:
        return self.site.page(
            "login.html.j2", lang, status, request, next=target, wrong=wrong,
            personal=self.accounts is not None, person_wrong=person, initials=initials,
        )  # fmt: skip

    async def login(self, request: Request) -> Response:
        """Open a session for a person's account or for the shared token (the
        :class:`~il2sched.web.csrf.CsrfGuard` read the form and checked its token)."""
        client = guard.client_of(request.scope)
        wait = self.throttle.wait(client)
        if wait > 0:
            status, message, headers = guard.too_many(wait)
            return closing(status, message, {k.decode(): v.decode() for k, v in headers})
        fields = dict(posted_fields(request))
        target = guard.safe_next(fields.get("next"))
        lang = language(query_of(request))
        if self.accounts is not None and "initials" in fields:
            answer = await run_in_threadpool(
                self.accounts.sign_in, fields["initials"], fields.get("password", "")
            )
            if answer.initials is None:
                self.throttle.failed(client)
                why = "login.person_disabled" if answer.disabled else "login.person_wrong"
                return self._form(request, lang, 403, target, person=why, initials=fields["initials"][:4])
            return self._signed_in(client, target, answer.initials)
        token = self.site.config.access.token
        if token is None or not same_token(fields.get("token", "").encode("utf-8"), token):
            if token is not None:
                self.throttle.failed(client)
            return self._form(request, lang, 403, target, wrong=True)
        return self._signed_in(client, target, None)

    def _signed_in(self, client: str, target: str, person: str | None) -> Response:
        """Back to ``target`` with a new session (of ``person``, or of the shared token)."""
        self.throttle.succeeded(client)
        response = RedirectResponse(target, status_code=303)
        response.headers["set-cookie"] = guard.session_cookie(self.site.sessions.new(person))
        return response

    async def logout(self, request: Request) -> Response:
        """End the request's session and forget its cookie (the Guard checked the request comes from this
        server's own page)."""
        self.site.sessions.end(session_of(request.scope))
        target = "/login" if self.site.config.access.token is not None else "/"
        response = RedirectResponse(f"{target}?lang={language(query_of(request))}", status_code=303)
        response.headers["set-cookie"] = guard.ended_cookie()
        return response
