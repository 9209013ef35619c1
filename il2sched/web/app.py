"""The web face: Starlette routes over the application layer, the HTTP contract being the command line.

``/generate`` and ``/worklist`` answer the bytes ``il2sched generate`` and ``il2sched worklist ROSTER`` write
for the same options (query parameters named like the long options, :mod:`.query`, built into requests by
the application's own builders); the pages (``/``, ``/roster``, ``/ward``, ``/print/...``) show the same
schedules in words, their forms drawn from the options' declaration (:mod:`.form`). The routes are grouped by
what they show (:mod:`.schedule_pages`, :mod:`.ward_pages`, :mod:`.access`); here is the table of routes.

Each route is a plain function run in the thread lane of its kind (:mod:`.workers`): the pages of one
patient in one, the ward's in another, so a roster of 10,000 patients never holds up a preview; a PDF or
HTML document is drawn in a worker process, and a calendar too when a worker is free.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from il2sched.web import guard
from il2sched.web.access import SignIn
from il2sched.web.audit_pages import AuditPages
from il2sched.web.csrf import CsrfGuard
from il2sched.web.patient_pages import PatientPages
from il2sched.web.schedule_pages import SchedulePages
from il2sched.web.sessions import Sessions, Throttle
from il2sched.web.site import Offload, Site, WebConfig
from il2sched.web.today_pages import TodayPages
from il2sched.web.ward_pages import WardPages
from il2sched.web.ward_site import posted
from il2sched.web.workers import DrawingFailed, Lane, Sheets, Stopping

if TYPE_CHECKING:
    from il2sched.app.users import Accounts

__all__ = ["WebConfig", "create_app"]

#: Threads answering the pages of one patient (previews, downloads): the interpreter runs one at a time, so
#: more would only queue inside it.
PAGE_THREADS = 8
#: Threads answering the ward's pages (a large roster's worklist takes seconds).
WARD_THREADS = 3
#: Threads answering the ward record's pages (patients, today, audit): each waits on the database mostly.
RECORD_THREADS = 4


Handler = Callable[[Request], Response | Offload]


def on(lane: Lane, sheets: Sheets, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint running ``handler`` in ``lane``, and the document it asks for in ``sheets``."""

    async def endpoint(request: Request) -> Response:
        answer = await lane.run(handler, request)
        if not isinstance(answer, Offload):
            return answer
        try:
            if answer.if_free and not sheets.free():
                done = await lane.run(answer.work, *answer.args)
            else:
                done = await sheets.run(answer.work, *answer.args)
        except Stopping:
            return PlainTextResponse("il2sched: error: the server is stopping\n", status_code=503)
        except DrawingFailed as exc:
            text = f"il2sched: error: the document could not be drawn ({exc}); try again\n"
            return PlainTextResponse(text, status_code=503)
        return answer.answer(done)

    return endpoint


def create_app(config: WebConfig, sheets: Sheets | None = None) -> Callable[..., Any]:
    """The ASGI application: the routes behind the :class:`~il2sched.web.guard.Guard`; printed documents
    drawn by ``sheets`` (a pool of its own when None: the server passes the one it shuts down)."""
    sessions, throttle = Sessions(config.session_idle), Throttle()
    site = Site(config, sessions)
    accounts = _accounts(config)
    pages, ward, access = SchedulePages(site), WardPages(site), SignIn(site, throttle, accounts)
    patients, today, audit = PatientPages(site), TodayPages(site), AuditPages(site)
    quick, slow = Lane("pages", PAGE_THREADS), Lane("ward", WARD_THREADS)
    record = Lane("record", RECORD_THREADS)
    drawn = sheets or Sheets()
    routes = [
        Route("/", on(quick, drawn, pages.index)),
        Route("/preview", on(quick, drawn, pages.preview)),
        Route("/generate", on(quick, drawn, pages.generate)),
        Route("/print/generate", on(quick, drawn, pages.print_schedule)),
        Route("/print/worklist", on(quick, drawn, pages.print_worklist)),
        Route("/roster", on(slow, drawn, ward.roster_page)),
        Route("/ward", on(slow, drawn, ward.ward)),
        Route("/worklist", on(slow, drawn, ward.worklist)),
        Route("/patients", on(record, drawn, patients.patients), methods=["GET"]),
        Route("/patients", posted(record, patients.enrol), methods=["POST"]),
        Route("/patients/{code}", on(record, drawn, patients.patient)),
        Route("/patients/{code}/report.json", on(record, drawn, patients.report_json)),
        Route("/patients/{code}/generate", on(record, drawn, patients.download)),
        Route("/patients/{code}/print", on(record, drawn, patients.print_sheet)),
        Route("/today", on(record, drawn, today.today), methods=["GET"]),
        Route("/today/record", posted(record, today.record), methods=["POST"]),
        Route("/audit", on(record, drawn, audit.audit), methods=["GET"]),
        Route("/login", on(quick, drawn, access.login_form), methods=["GET"]),
        Route("/login", access.login, methods=["POST"]),
        Route("/logout", access.logout, methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("il2sched.web", "static")]), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={Exception: _internal})
    usable = accounts.usable if accounts is not None else None
    return guard.Guard(CsrfGuard(app, sessions, config.remote, usable), config.access, sessions, throttle)


def _accounts(config: WebConfig) -> Accounts | None:
    """The ward record's accounts, for a page served beyond loopback (where only a person signed in with
    their own account may record); None on loopback, where the initials typed on each record say who."""
    if not config.remote:
        return None
    from il2sched.app.users import Accounts

    return Accounts(config.db)


async def _internal(request: Request, exc: Exception) -> Response:
    """What Starlette answers for an exception no route expected: that, and nothing of the exception (the
    :class:`~il2sched.web.guard.Guard` logs its class and place)."""
    return PlainTextResponse(f"il2sched: error: {guard.INTERNAL}\n", status_code=500)
