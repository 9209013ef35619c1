"""The web face: Starlette routes over the application layer, the HTTP contract being the command line.

``/generate`` and ``/worklist`` answer the bytes ``il2sched generate`` and ``il2sched worklist ROSTER`` write
for the same options (query parameters named like the long options, :mod:`.query`, built into requests by
the application's own builders); the pages (``/``, ``/roster``, ``/ward``, ``/print/...``) show the same
schedules in words, their forms drawn from the options' declaration (:mod:`.form`). The routes are grouped by
what they show (:mod:`.schedule_pages`, :mod:`.ward_pages`); signing in is here. Every page route is
synchronous (the work is CPU-bound and short), so Starlette runs it in its thread pool.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from il2sched.web import guard
from il2sched.web.schedule_pages import SchedulePages
from il2sched.web.site import Site, WebConfig, language, query_of
from il2sched.web.ward_pages import WardPages

__all__ = ["WebConfig", "create_app"]

#: The largest login form accepted (a token is far shorter).
MAX_FORM = 4096


class Access:
    """The sign-in routes."""

    def __init__(self, site: Site) -> None:
        self.site = site

    def login_form(self, request: Request) -> Response:
        target = guard.safe_next(request.query_params.get("next"))
        return self.site.page("login.html.j2", language(query_of(request)), next=target, wrong=False)

    async def login(self, request: Request) -> Response:
        body = await request.body()
        fields = dict(parse_qsl(body[:MAX_FORM].decode("utf-8", "replace")))
        target = guard.safe_next(fields.get("next"))
        token = self.site.config.access.token
        if token is None or not guard.same_token(fields.get("token", ""), token):
            lang = language(query_of(request))
            return self.site.page("login.html.j2", lang, 403, next=target, wrong=True)
        response = RedirectResponse(target, status_code=303)
        response.headers["set-cookie"] = guard.session_cookie(self.site.sessions.new())
        return response


def create_app(config: WebConfig) -> Callable[..., Any]:
    """The ASGI application: the routes behind the :class:`~il2sched.web.guard.Guard`."""
    sessions = guard.Sessions()
    site = Site(config, sessions)
    schedule, ward, access = SchedulePages(site), WardPages(site), Access(site)
    routes = [
        Route("/", schedule.index),
        Route("/preview", schedule.preview),
        Route("/generate", schedule.generate),
        Route("/print/generate", schedule.print_schedule),
        Route("/print/worklist", schedule.print_worklist),
        Route("/roster", ward.roster_page),
        Route("/ward", ward.ward),
        Route("/worklist", ward.worklist),
        Route("/login", access.login_form, methods=["GET"]),
        Route("/login", access.login, methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("il2sched.web", "static")]), name="static"),
    ]
    app = Starlette(routes=routes)
    return guard.Guard(app, config.access, sessions)
