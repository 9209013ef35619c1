"""What the ward record's pages share (patients, today, audit): the endpoint running a posted form's handler
in a lane, who records, and the page for a ward record that cannot be read.

The pages import the application's ward use cases inside their handlers, so ``il2sched serve`` loads the
database packages only once a ward page is asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from il2sched.app.options import Command
from il2sched.errors import Il2schedError
from il2sched.web import csrf
from il2sched.web.csrf import Recorder
from il2sched.web.query import Query, QueryProblem, problem_of
from il2sched.web.site import Site
from il2sched.web.workers import Lane

if TYPE_CHECKING:
    from il2sched.web.problems import PageError

FormHandler = Callable[[Request, Query], Response]


def who_records(request: Request, typed: str) -> Recorder:
    """Who records through this form: the signed-in person (beyond loopback, the only one who may), else the
    initials typed on it, as on paper."""
    found = csrf.who_records(request)
    return found if found.initials is not None else Recorder(typed, False, found.may_record)


def posted(lane: Lane, handler: FormHandler) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint running ``handler(request, fields)`` in ``lane``: the posted form's fields as the CSRF
    guard read them (within its bounds) and checked its token."""

    async def endpoint(request: Request) -> Response:
        return await lane.run(handler, request, csrf.posted_fields(request))

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


def said(problem: QueryProblem, lang: str, command: Command) -> str:
    """A refusal in the page's language where its words exist (fields named by their labels on
    ``command``'s form), else the command line's own line."""
    from il2sched.core.messages import say
    from il2sched.web.problems import WRAPPERS, label_of

    error = problem.error
    inner = error.params.get("problem") if error is not None and error.key in WRAPPERS else None
    error = inner if isinstance(inner, Il2schedError) else error
    if error is not None:
        words = say(error, lang, lambda name: label_of(name, lang, command))
        if words is not None:
            return words
    return problem.message


def summary_of(problem: QueryProblem, lang: str, command: Command, anchor: str | None) -> PageError:
    """The page's summary line of ``problem``: linked to the field whose id is ``f-{anchor}`` (None: about
    no field on the page)."""
    from il2sched.web.problems import PageError, label_of

    words = said(problem, lang, command)
    if anchor is None or problem.parameter is None:
        return PageError("", "", words, words)
    label = label_of(problem.parameter, lang, command)
    colon = "\u202f: " if lang == "fr" else ": "
    return PageError(anchor, label, words, f"{label}{colon}{words}", 0, True)
