"""The ward's pages over the server's roster (``serve --roster``): the roster (``/roster``), the worklist page
(``/ward``), the worklist's downloads (``/worklist``: the bytes ``il2sched worklist ROSTER`` writes) and its
print page.

All read the server's roster as :class:`~il2sched.web.roster.WatchedRoster` keeps it, checked once per
version of its files: a page shows it at once, or, while a changed file is being read, what it held before
with a note saying so. A download is never stale: it waits for the reading, or asks to be tried again (503).

A bad roster row does not blank these pages: the roster lists the other patients with the bad row's error in
its place, and the worklist page shows the others' doses; but nothing is printed or downloaded until the
roster is fixed (as the command line refuses it), since a printed list missing a patient is a dose missed.
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
from il2sched.app.worklist import (
    PlannedWorklist,
    WorklistRequest,
    partial_worklist,
    plan_worklist,
    worklist_format,
    worklist_request,
)
from il2sched.core.messages import keyed
from il2sched.errors import Il2schedError, RosterError, ServeError
from il2sched.sources.clock import today
from il2sched.sources.roster import RosterRow
from il2sched.web import views
from il2sched.web.phrases import PAGE_PHRASES
from il2sched.web.problems import PageError, page_errors
from il2sched.web.query import Query, QueryProblem, canonical, problem_of
from il2sched.web.roster import RosterState
from il2sched.web.sheets import worklist_document
from il2sched.web.site import (
    Offload,
    Site,
    drawn_apart,
    form_sections,
    format_label,
    language,
    link,
    no_roster,
    problem_values,
    query_of,
)

#: How long a page waits for a changed roster to be read before showing what it held before (seconds).
PAGE_WAIT = 2.0
#: How long a download waits for it (a worklist file is never made of a roster as it was).
FILE_WAIT = 60.0


def reading() -> QueryProblem:
    """What a download says while the roster is being read."""
    return problem_of(keyed(ServeError, "page.roster_reading"))


class WardPages:
    """The roster and worklist pages over the server's watched roster."""

    def __init__(self, site: Site) -> None:
        self.site = site

    def roster_page(self, request: Request) -> Response:
        lang = language(query_of(request))
        roster = self.site.roster
        if roster is None:
            return self.site.page("roster.html.j2", lang, 404, request, state=None, path="", entries=[])
        state = roster.state(wait=PAGE_WAIT)
        errors = page_errors(state.problem, lang, WORKLIST)
        entries: list[tuple[int, RosterRow | None, str, PageError | None]] = [
            (row.line, row, roster_link(row, lang), None) for row in state.rows
        ]
        entries += [(e.line, None, "", e) for e in errors if e.line]
        entries.sort(key=lambda entry: entry[0])
        status = 503 if not state.ready else 400 if errors else 200
        response = self.site.page(
            "roster.html.j2", lang, status, request, state=state, path=roster.path, entries=entries,
            default_regimen=DEFAULT_REGIMEN, errors=errors,
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
        values: dict[str, Any] = {"query": query, "days": None, "reading": False} | ward_problem(query, None)
        roster = self.site.roster
        if roster is None:
            return self.site.page("ward.html.j2", lang, 404, request, **values)
        parsed = self.site.attempt(WORKLIST, query, worklist_builder(roster.path))
        if isinstance(parsed, QueryProblem):
            return self.site.page("ward.html.j2", lang, 400, request, **values | ward_problem(query, parsed))
        state = roster.state(parsed.options, wait=PAGE_WAIT)
        values["reading"] = state.reading
        if not state.ready:
            return _retry_later(self.site.page("ward.html.j2", lang, 503, request, **values))
        try:
            planned = _planned(parsed, state)
        except Il2schedError as exc:
            problem = ward_problem(query, problem_of(exc))
            return self.site.page("ward.html.j2", lang, 400, request, **values | problem)
        if isinstance(planned, QueryProblem):
            return self.site.page("ward.html.j2", lang, 400, request, **values | ward_problem(query, planned))
        texts = planned.planner.texts()
        phrases = PAGE_PHRASES[lang]
        if parsed.days == 1:
            heading = phrases["worklist.heading_one"].format(day=texts.date_long(parsed.first))
        else:
            last = parsed.first + dt.timedelta(days=parsed.days - 1)
            heading = phrases["worklist.heading"].format(
                first=texts.date(parsed.first), last=texts.date(last)
            )
        downloads = [
            (format_label(lang, f, "worklist.format."), link("/worklist", query, format=f.name),
             f"worklist-{parsed.first}{f.suffix}")
            for f in WORKLIST_FORMATS.values()
        ]  # fmt: skip
        refused = planned.refused
        shown = ward_problem(query, problem_of(refused) if refused is not None else None)
        days = views.worklist_days(planned.days, texts)
        shown |= {"days": days, "heading": heading, "downloads": downloads,
                  "print_link": link("/print/worklist", query), "incomplete": _bad_rows(refused)}  # fmt: skip
        return self.site.page("ward.html.j2", lang, 400 if refused else 200, request, **values | shown)

    def worklist(self, request: Request) -> Response | Offload:
        """The worklist's download in the format asked."""
        return self.document(request, None, lambda data, fmt, name: self.site.download(data, fmt, name))

    def document(
        self, request: Request, format_name: str | None, answer: Callable[[bytes, Any, str], Response]
    ) -> Response | Offload:
        """The worklist drawn in ``format_name`` (the query's format when None), handed to ``answer`` with
        its format and file name; refused, as the command line refuses it, when a roster row is bad."""
        query = self.worklist_query(request)
        if format_name is not None:
            query = [*((k, v) for k, v in query if k != "format"), ("format", format_name)]
        lang, back = language(query), link("/ward", [(k, v) for k, v in query if k != "format"])
        roster = self.site.roster
        if roster is None:
            return self.site.refuse(request, no_roster(), lang, "/", WORKLIST)
        parsed = self.site.attempt(WORKLIST, query, worklist_builder(roster.path))
        if isinstance(parsed, QueryProblem):
            return self.site.refuse(request, parsed, lang, back, WORKLIST)
        state = roster.state(parsed.options, wait=FILE_WAIT)
        if not state.ready or state.reading:
            return _retry_later(self.site.refuse(request, reading(), lang, back, WORKLIST, 503))
        checked = _checked(state)
        if isinstance(checked, QueryProblem):
            return self.site.refuse(request, checked, lang, back, WORKLIST)
        try:
            fmt = worklist_format(parsed)
            planned = plan_worklist(parsed, checked)
        except Il2schedError as exc:
            return self.site.refuse(request, problem_of(exc), lang, back, WORKLIST)
        name = f"worklist-{parsed.first.isoformat()}"
        document = (fmt.name, planned.days, planned.planner.options(stamp_of(parsed.stamp)))
        if not drawn_apart(fmt):
            return answer(worklist_document(*document), fmt, name)
        return Offload(worklist_document, document, lambda data: answer(data, fmt, name))


def _planned(parsed: WorklistRequest, state: RosterState) -> PlannedWorklist | QueryProblem:
    """The worklist of a roster read whole, or of its good rows beside the bad ones' errors, or the problem
    that leaves no row to show."""
    checked = _checked(state)
    if not isinstance(checked, QueryProblem):
        return plan_worklist(parsed, checked)
    error = checked.error
    if isinstance(error, RosterError) and error.rows:
        return partial_worklist(parsed, error)
    return checked


def _bad_rows(refused: RosterError | None) -> int:
    """How many roster rows a partial worklist leaves out."""
    return 0 if refused is None else len({line for line in refused.lines if line})


def worklist_builder(roster: str) -> Callable[[Mapping[str, Any]], WorklistRequest]:
    """``worklist``'s builder for the server's roster (the command line's positional argument)."""
    return lambda raw: worklist_request(raw, roster)


def _checked(state: RosterState) -> tuple[tuple[RosterRow, ...], RowChecker] | QueryProblem:
    """The rows and their checker of a roster read whole, or the command line's message for its problems."""
    if state.checker is None:
        return state.problem or reading()
    return state.rows, state.checker


def ward_problem(query: Query, problem: QueryProblem | None) -> dict[str, Any]:
    """The worklist page's values for ``problem``: the errors, and the form marking the field."""
    sections = form_sections(WORKLIST, query, problem, ward=True)
    return {"sections": sections, "incomplete": 0} | problem_values(
        problem, language(query), WORKLIST, sections
    )


def _retry_later(response: Response) -> Response:
    response.headers["retry-after"] = "3"
    return response


def roster_link(row: RosterRow, lang: str) -> str:
    """The page of a roster row's schedule: every cell the row gives (body size included), and the page's
    language unless the row has its own."""
    query = roster_query(row)
    if not any(name == "lang" for name, _ in query):
        query.append(("lang", lang))
    return link("/", query)
