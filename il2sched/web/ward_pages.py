"""The ward's pages over the server's roster (``serve --roster``): the roster (``/roster``), the worklist page
(``/ward``) and the worklist's downloads (``/worklist``: the bytes ``il2sched worklist ROSTER`` writes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from il2sched.app.commands import WORKLIST
from il2sched.app.formats import WORKLIST_FORMATS
from il2sched.app.options import Raw
from il2sched.app.requests import DEFAULT_REGIMEN
from il2sched.app.roster import roster_query
from il2sched.app.worklist import WorklistRequest, plan_worklist, worklist, worklist_request
from il2sched.errors import Il2schedError
from il2sched.sources.clock import today
from il2sched.sources.roster import RosterRow
from il2sched.web import views
from il2sched.web.phrases import PAGE_PHRASES
from il2sched.web.query import Query, QueryProblem, canonical, problem_of
from il2sched.web.site import Site, form_sections, format_label, language, link, query_of


class WardPages:
    """The routes of the ward's roster and worklist."""

    def __init__(self, site: Site) -> None:
        self.site = site

    def roster_page(self, request: Request) -> Response:
        lang = language(query_of(request))
        roster = self.site.roster
        if roster is None:
            return self.site.page("roster.html.j2", lang, 404, request, state=None, path="", links=[])
        state = roster.state()
        links = [_roster_link(row, lang) for row in state.rows]
        status = 400 if state.problems else 200
        return self.site.page(
            "roster.html.j2", lang, status, request, state=state, path=roster.path, links=links,
            default_regimen=DEFAULT_REGIMEN,
        )  # fmt: skip

    @staticmethod
    def worklist_query(request: Request) -> Query:
        query = canonical(WORKLIST, query_of(request))
        if not any(k == "from" for k, _ in query):
            query.append(("from", today().isoformat()))
        return query

    def ward(self, request: Request) -> Response:
        query = self.worklist_query(request)
        lang = language(query)
        values: dict[str, Any] = {"query": query, "days": None, "problem": None}
        values["sections"] = form_sections(WORKLIST, query, None, ward=True)
        if self.site.roster is None:
            return self.site.page("ward.html.j2", lang, 404, request, **values)
        parsed = self.site.attempt(WORKLIST, query, worklist_builder(self.site.roster.path))
        if not isinstance(parsed, WorklistRequest):
            return self.site.page("ward.html.j2", lang, 400, request, **values | ward_problem(query, parsed))
        try:
            planned = plan_worklist(parsed)
        except Il2schedError as exc:
            problem = ward_problem(query, problem_of(exc))
            return self.site.page("ward.html.j2", lang, 400, request, **values | problem)
        texts = planned.planner.texts()
        days = views.worklist_days(planned.days, texts)
        last = parsed.first + dt.timedelta(days=parsed.days - 1)
        heading = PAGE_PHRASES[lang]["worklist.heading"].format(
            first=texts.date(parsed.first), last=texts.date(last)
        )
        downloads = [
            (format_label(lang, f, "worklist.format."), link("/worklist", query, format=f.name),
             f"worklist-{parsed.first}{f.suffix}")
            for f in WORKLIST_FORMATS.values()
        ]  # fmt: skip
        shown = {"days": days, "heading": heading, "downloads": downloads,
                 "print_link": link("/print/worklist", query)}  # fmt: skip
        return self.site.page("ward.html.j2", lang, 200, request, **values | shown)

    def worklist(self, request: Request) -> Response:
        query = self.worklist_query(request)
        lang = language(query)
        if self.site.roster is None:
            problem = QueryProblem("no roster: start the server with 'il2sched serve --roster ROSTER.csv'")
            return self.site.refuse(request, problem, lang, "/")
        parsed = self.site.attempt(WORKLIST, query, worklist_builder(self.site.roster.path))
        if not isinstance(parsed, WorklistRequest):
            return self.site.refuse(request, parsed, lang, link("/ward", query))
        try:
            output = worklist(parsed)
        except Il2schedError as exc:
            return self.site.refuse(request, problem_of(exc), lang, link("/ward", query))
        return self.site.download(output.data, output.format, f"worklist-{parsed.first.isoformat()}")


def worklist_builder(roster: str) -> Callable[[Mapping[str, Raw]], WorklistRequest]:
    """``worklist``'s builder for the server's roster (the command line's positional argument)."""
    return lambda raw: worklist_request(raw, roster)


def ward_problem(query: Query, problem: QueryProblem) -> dict[str, Any]:
    """The worklist page's values for ``problem``: the message, and the form marking its field."""
    return {"problem": problem, "sections": form_sections(WORKLIST, query, problem, ward=True)}


def _roster_link(row: RosterRow, lang: str) -> tuple[RosterRow, str]:
    """A roster row and the page of its schedule: every cell the row gives (body size included), and the
    page's language unless the row has its own."""
    query = roster_query(row)
    if not any(name == "lang" for name, _ in query):
        query.append(("lang", lang))
    return row, link("/", query)
