"""What the ward record's pages share (patients, today, audit): a posted form read within bounds, the
endpoint running a form's handler in a lane, the recorder and the form's token, and the page for a ward record
that cannot be read.

The pages import the application's ward use cases inside their handlers, so ``il2sched serve`` loads the
database packages only once a ward page is asked for.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response

from il2sched.errors import Il2schedError
from il2sched.web.query import Query, QueryProblem, problem_of
from il2sched.web.site import Site
from il2sched.web.workers import Lane

#: The largest form a ward page accepts (an enrolment with its closures is a few KiB).
MAX_FORM = 64 * 1024
#: The longest a form may take to arrive (seconds).
FORM_SECONDS = 10.0

FormHandler = Callable[[Request, Query], Response]


@dataclass(frozen=True, slots=True)
class Recorder:
    """Who records: initials, whether a signed-in person, and whether they may record at all."""

    initials: str
    authenticated: bool = False
    may_record: bool = True


def form_token(request: Request) -> str:
    """The token a posted form carries (``<input name="csrf">``): the session's, once sign-in gives one."""
    try:
        from il2sched.web import csrf  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return ""
    token: str = csrf.form_token(request)
    return token


def who_records(request: Request, typed: str) -> Recorder:
    """The recorder of a posted form: the signed-in person's initials beyond loopback, else those typed."""
    try:
        from il2sched.web import csrf  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return Recorder(typed)
    found = csrf.who_records(request)
    initials = found.initials if found.authenticated else typed
    return Recorder(initials, bool(found.authenticated), bool(found.may_record))


async def read_form(request: Request) -> Query | Response:
    """A posted form's fields in order, or the answer refusing it (too large, too slow, the client gone)."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_FORM:
        return _closing(413, f"a form is at most {MAX_FORM // 1024} KiB")
    body = bytearray()
    try:
        async with asyncio.timeout(FORM_SECONDS):
            async for chunk in request.stream():
                body += chunk
                if len(body) > MAX_FORM:
                    return _closing(413, f"a form is at most {MAX_FORM // 1024} KiB")
    except ClientDisconnect:
        return Response(status_code=400)
    except TimeoutError:
        return _closing(408, f"the form took more than {math.ceil(FORM_SECONDS)} s to arrive")
    return parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)


def _closing(status: int, message: str) -> Response:
    return PlainTextResponse(
        f"il2sched: error: {message}\n", status_code=status, headers={"connection": "close"}
    )


def posted(lane: Lane, handler: FormHandler) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint reading the posted form, then running ``handler(request, fields)`` in ``lane``."""

    async def endpoint(request: Request) -> Response:
        fields = await read_form(request)
        if isinstance(fields, Response):
            return fields
        return await lane.run(handler, request, fields)

    return endpoint


def by_script(request: Request) -> bool:
    """True for a form sent by the page's script (it wants the changed part alone, not a redirect)."""
    return request.headers.get("x-il2sched-fetch") == "1"


def ward_today() -> dt.date:
    """Today on the ward's clock (the default zone of every plan)."""
    from il2sched.app.report import WARD_TZ, today_in

    return today_in(WARD_TZ)


def parse_day(text: str | None) -> dt.date | None:
    """A ``date`` query parameter (YYYY-MM-DD), or None when it is not one."""
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def store_page(site: Site, request: Request, lang: str, exc: Il2schedError, status: int = 503) -> Response:
    """The page for a ward record that cannot be read (missing, locked, unreachable) or a patient it does not
    hold (``status`` 404): its one line."""
    problem: QueryProblem = problem_of(exc)
    return site.page("store_problem.html.j2", lang, status, request, problem=problem)
