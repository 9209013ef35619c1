"""The ward's pages over the server's roster (``serve --roster``): the roster (``/roster``), the worklist page
(``/ward``) and the worklist's downloads (``/worklist``: the bytes ``il2sched worklist ROSTER`` writes).

All three read the server's roster as :class:`~il2sched.web.roster.WatchedRoster` keeps it, checked once per
version of its files: a page shows it at once, or, while a changed file is being read, what it held before
with a note saying so. A download is never stale: it waits for the reading, or asks to be tried again (503).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from il2sched.app.commands import WORKLIST
from il2sched.app.formats import WORKLIST_FORMATS
from il2sched.app.generate import stamp_of
from il2sched.app.requests import DEFAULT_REGIMEN
from il2sched.app.roster import RowChecker, roster_query
from il2sched.app.worklist import WorklistRequest, plan_worklist, worklist_format, worklist_request
from il2sched.errors import Il2schedError
from il2sched.sources.clock import today
from il2sched.sources.roster import RosterRow
from il2sched.web import views
from il2sched.web.phrases import PAGE_PHRASES
from il2sched.web.query import Query, QueryProblem, canonical, problem_of
from il2sched.web.roster import RosterState
from il2sched.web.sheets import worklist_document
from il2sched.web.site import (
    Offload,
    Site,
    form_sections,
    format_label,
    language,
    link,
    printed,
    query_of,
)

#: How long a page waits for a changed roster to be read before showing what it held before (seconds).
PAGE_WAIT = 2.0
#: How long a download waits for it (a worklist file is never made of a roster as it was).
FILE_WAIT = 60.0
#: What a download says while the roster is being read.
READING = "the roster file changed and is being read again; try again in a few seconds"


class WardPages:
    """The roster and worklist pages over the server's watched roster."""

    def __init__(self, site: Site) -> None:
        self.site = site

    def roster_page(self, request: Request) -> Response:
        lang = language(query_of(request))
        roster = self.site.roster
        if roster is None:
            return self.site.page("roster.html.j2", lang, 404, request, state=None, path="", links=[])
        state = roster.state(wait=PAGE_WAIT)
        links = [_roster_link(row, lang) for row in state.rows]
        status = 503 if not state.ready else 400 if state.problems else 200
        response = self.site.page(
            "roster.html.j2", lang, status, request, state=state, path=roster.path, links=links,
            default_regimen=DEFAULT_REGIMEN,
        )  # fmt: skip
        return _retry_later(response) if not state.ready else response

    def worklist_query(self, request: Request) -> Query:
        query = canonical(WORKLIST, query_of(request))
        if not any(k == "from" for k, _ in query):
            query.append(("from", today().isoformat()))
        return query

    def ward(self, request: Request) -> Response:
        query = self.worklist_query(request)
        lang = language(query)
        values: dict[str, Any] = {"query": query, "days": None, "problem": None, "reading": False}
        values["sections"] = form_sections(WORKLIST, query, None, ward=True)
        roster = self.site.roster
        if roster is None:
            return self.site.page("ward.html.j2", lang, 404, request, **values)
        parsed = self.site.attempt(WORKLIST, query, _builder(roster.path))
        if isinstance(parsed, QueryProblem):
            return self.site.page("ward.html.j2", lang, 400, request, **values | _problem(query, parsed))
        state = roster.state(parsed.options, wait=PAGE_WAIT)
        values["reading"] = state.reading
        if not state.ready:
            return _retry_later(self.site.page("ward.html.j2", lang, 503, request, **values))
        checked = _checked(state)
        try:
            if isinstance(checked, QueryProblem):
                return self.site.page("ward.html.j2", lang, 400, request, **values | _problem(query, checked))
            planned = plan_worklist(parsed, checked)
        except Il2schedError as exc:
            return self.site.page(
                "ward.html.j2", lang, 400, request, **values | _problem(query, problem_of(exc))
            )
        texts = planned.planner.texts()
        last = parsed.first + dt.timedelta(days=parsed.days - 1)
        heading = PAGE_PHRASES[lang]["worklist.heading"].format(
            first=texts.date(parsed.first), last=texts.date(last)
        )
        downloads = [
            (format_label(lang, f, "worklist.format."), link("/worklist", query, format=f.name),
             f"worklist-{parsed.first}{f.suffix}")
            for f in WORKLIST_FORMATS.values()
        ]  # fmt: skip
        shown = {"days": views.worklist_days(planned.days, texts), "heading": heading, "downloads": downloads,
                 "print_link": link("/print/worklist", query)}  # fmt: skip
        return self.site.page("ward.html.j2", lang, 200, request, **values | shown)

    def worklist(self, request: Request) -> Response | Offload:
        query = self.worklist_query(request)
        lang, back = language(query), link("/ward", query)
        roster = self.site.roster
        if roster is None:
            problem = QueryProblem("no roster: start the server with 'il2sched serve --roster ROSTER.csv'")
            return self.site.refuse(request, problem, lang, "/")
        parsed = self.site.attempt(WORKLIST, query, _builder(roster.path))
        if isinstance(parsed, QueryProblem):
            return self.site.refuse(request, parsed, lang, back)
        state = roster.state(parsed.options, wait=FILE_WAIT)
        if not state.ready or state.reading:
            return _retry_later(self.site.refuse(request, QueryProblem(READING), lang, back, 503))
        checked = _checked(state)
        if isinstance(checked, QueryProblem):
            return self.site.refuse(request, checked, lang, back)
        try:
            fmt = worklist_format(parsed)
            planned = plan_worklist(parsed, checked)
        except Il2schedError as exc:
            return self.site.refuse(request, problem_of(exc), lang, back)
        name = f"worklist-{parsed.first.isoformat()}"
        document = (fmt.name, planned.days, planned.planner.options(stamp_of(parsed.stamp)))
        if not printed(fmt):
            return self.site.download(worklist_document(*document), fmt, name)
        return Offload(worklist_document, document, lambda data: self.site.download(data, fmt, name))


def _builder(roster: str) -> Callable[[Mapping[str, Any]], WorklistRequest]:
    """``worklist``'s builder for the server's roster (the command line's positional argument)."""
    return lambda raw: worklist_request(raw, roster)


def _checked(state: RosterState) -> tuple[tuple[RosterRow, ...], RowChecker] | QueryProblem:
    """The rows and their checker of a roster read whole, or the command line's message for its problems."""
    if state.checker is None:
        return state.problem or QueryProblem(READING)
    return state.rows, state.checker


def _problem(query: Query, problem: QueryProblem) -> dict[str, Any]:
    """The worklist page's values for ``problem``: the message, and the form marking its field."""
    return {"problem": problem, "sections": form_sections(WORKLIST, query, problem, ward=True)}


def _retry_later(response: Response) -> Response:
    response.headers["retry-after"] = "3"
    return response


def _roster_link(row: RosterRow, lang: str) -> tuple[RosterRow, str]:
    """A roster row and the page of its schedule: every cell the row gives (body size included), and the
    page's language unless the row has its own."""
    query = roster_query(row)
    if not any(name == "lang" for name, _ in query):
        query.append(("lang", lang))
    return row, link("/", query)
