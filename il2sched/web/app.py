"""The web face: Starlette routes over the application layer, the HTTP contract being the command line.

``/generate`` and ``/worklist`` answer the bytes ``il2sched generate`` and ``il2sched worklist ROSTER`` write
for the same options (query parameters named like the long options, :mod:`.query`, built into requests by
the application's own builders); the pages (``/``, ``/roster``, ``/ward``, ``/print/...``) show the same
schedules in words, their forms drawn from the options' declaration (:mod:`.form`). Every route is
synchronous (the work is CPU-bound and short), so Starlette runs it in its thread pool.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode

import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from il2sched import __version__
from il2sched.app.commands import GENERATE, WORKLIST
from il2sched.app.formats import SCHEDULE_FORMATS, WORKLIST_FORMATS, Format
from il2sched.app.generate import generate, plan_schedule, request_period
from il2sched.app.option_table import LANG
from il2sched.app.options import ByLink, Command, Raw
from il2sched.app.requests import (
    DEFAULT_REGIMEN,
    GenerateRequest,
    ScheduleOptions,
    generate_request,
)
from il2sched.app.roster import roster_query
from il2sched.app.worklist import plan_worklist, worklist, worklist_request
from il2sched.core.schedule import NO_CODE_LABEL
from il2sched.core.texts import LANGUAGES, Texts
from il2sched.errors import Il2schedError
from il2sched.sources.clock import today
from il2sched.sources.locale import texts_for
from il2sched.sources.roster import RosterRow
from il2sched.web import guard, views
from il2sched.web.form import current_values, sections
from il2sched.web.phrases import PAGE_PHRASES
from il2sched.web.query import Query, QueryProblem, canonical, options_of, problem_of
from il2sched.web.roster import WatchedRoster

#: The largest login form accepted (a token is far shorter).
MAX_FORM = 4096
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class WebConfig:
    """What the server was started with: access, the roster, and whether other machines reach it."""

    access: guard.Access
    roster: str | None = None
    # Served to other machines: a query may not name a file of this one (a regimen or closures path),
    # or whoever holds the token could have the server read, and quote in an error, any file it can read.
    remote: bool = False


def environment() -> jinja2.Environment:
    """The pages' templates: autoescaped (everything typed is text, never markup), strict."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("il2sched.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def language(query: Query) -> str:
    """The page's language: the query's ``lang`` when it is one we write (in any case, as the option reads
    it), else the option's default."""
    chosen = [v.strip().lower() for k, v in query if k == "lang" and v.strip().lower() in LANGUAGES]
    return chosen[-1] if chosen else str(LANG.default)


def link(path: str, query: Query, **changes: str) -> str:
    """``path`` with ``query``, its parameters in ``changes`` replaced."""
    kept = [(k, v) for k, v in query if k not in changes] + [(k, v) for k, v in changes.items() if v]
    return f"{path}?{urlencode(kept)}" if kept else path


def wants_html(request: Request) -> bool:
    """True for a browser (it asks for HTML); a script or curl gets plain text."""
    return "text/html" in request.headers.get("accept", "")


class Pages:
    """The routes, over one configuration and one template environment."""

    def __init__(self, config: WebConfig, sessions: guard.Sessions) -> None:
        self.config = config
        self.sessions = sessions
        self.env = environment()
        self.roster = WatchedRoster(config.roster) if config.roster else None
        self._texts: dict[str, Texts] = {}

    # --- helpers -----------------------------------------------------------------------------------------

    def texts(self, lang: str) -> Texts:
        """The outputs' words in ``lang`` (dates, doses, statuses), loaded once."""
        if lang not in self._texts:
            self._texts[lang] = texts_for(lang)
        return self._texts[lang]

    def page(
        self, name: str, lang: str, status: int = 200, request: Request | None = None, **values: Any
    ) -> HTMLResponse:
        """Render the page ``name`` in ``lang``; with ``request``, links to the same page in each language."""
        phrases = PAGE_PHRASES[lang]
        switch = []
        if request is not None:
            query = list(request.query_params.multi_items())
            switch = [(code, PAGE_PHRASES[code]["lang_name"], link(request.url.path, query, lang=code))
                      for code in LANGUAGES]  # fmt: skip
        html = self.env.get_template(name).render(
            lang=lang, t=phrases.__getitem__, texts=self.texts(lang), version=__version__, switch=switch,
            has_roster=self.roster is not None, active="",
            plural=lambda key, n: views.plural(phrases.__getitem__, lang, key, n), **values,
        )  # fmt: skip
        return HTMLResponse(html, status_code=status)

    def attempt(
        self, command: Command, query: Query, build: Callable[[Mapping[str, Raw]], R]
    ) -> R | QueryProblem:
        """The typed request ``build`` makes of ``query``'s texts, or the problem the command line would
        report (``build``: the application's builder the command line calls too)."""
        try:
            request = build(options_of(command, query))
        except Il2schedError as exc:
            return problem_of(exc)
        options = getattr(request, "options", None)
        if self.config.remote and isinstance(options, ScheduleOptions):
            named = _local_file(options)
            if named is not None:
                return QueryProblem(
                    f"--{named} names a file of the computer serving this page, which a page served to "
                    "other machines does not read; use a built-in regimen and --closed dates",
                    named,
                )
        return request

    def refuse(self, request: Request, problem: QueryProblem, lang: str, back: str) -> Response:
        if wants_html(request):
            return self.page("error.html.j2", lang, 400, problem=problem, back=back)
        return PlainTextResponse(problem.text(), status_code=400)

    def download(self, data: bytes, fmt: Format, name: str) -> Response:
        disposition = "inline" if fmt.inline else "attachment"
        headers = {"content-disposition": f'{disposition}; filename="{name}{fmt.suffix}"'}
        return Response(data, media_type=fmt.media_type, headers=headers)

    # --- one patient ---------------------------------------------------------------------------------------

    def schedule_view(self, query: Query) -> dict[str, Any]:
        """The form's values and the preview (or the problem) of a schedule query."""
        query = canonical(GENERATE, query)
        lang = language(query)
        values: dict[str, Any] = {"query": query, "lang": lang}
        request = (
            self.attempt(GENERATE, query, generate_request) if any(k == "start" for k, _ in query) else None
        )
        if not isinstance(request, GenerateRequest):
            return values | {"preview": None, "problem": request, "sections": _form(GENERATE, query, request)}
        try:
            planned = plan_schedule(request)
            period = request_period(request, planned.schedule)
        except Il2schedError as exc:
            problem = problem_of(exc)
            return values | {"preview": None, "problem": problem, "sections": _form(GENERATE, query, problem)}
        texts = planned.planner.texts()
        aligned = None
        if planned.schedule.plan.start != request.start:
            aligned = (texts.date(request.start), texts.date(planned.schedule.plan.start))
        return values | {
            "sections": _form(GENERATE, query, None),
            "preview": views.preview(planned.schedule, texts, period),
            "problem": None,
            "aligned": aligned,
            "downloads": _downloads(query, request),
            "print_link": link("/print/generate", query),
        }

    def index(self, request: Request) -> Response:
        view = self.schedule_view(list(request.query_params.multi_items()))
        status = 400 if view["problem"] else 200
        return self.page("index.html.j2", view.pop("lang"), status, request, **view)

    def preview(self, request: Request) -> Response:
        view = self.schedule_view(list(request.query_params.multi_items()))
        status = 400 if view["problem"] else 200
        return self.page("_preview.html.j2", view.pop("lang"), status, **view)

    def generate(self, request: Request) -> Response:
        query = canonical(GENERATE, list(request.query_params.multi_items()))
        parsed = self.attempt(GENERATE, query, generate_request)
        if isinstance(parsed, QueryProblem):
            return self.refuse(request, parsed, language(query), link("/", query))
        try:
            output = generate(parsed)
        except Il2schedError as exc:
            return self.refuse(request, problem_of(exc), language(query), link("/", query))
        return self.download(output.data, output.format, parsed.patient or NO_CODE_LABEL)

    def print_schedule(self, request: Request) -> Response:
        return self.print_page(request, "generate", GENERATE)

    def print_worklist(self, request: Request) -> Response:
        return self.print_page(request, "worklist", WORKLIST)

    def print_page(self, request: Request, what: str, command: Command) -> Response:
        """A page showing the printable document in a frame, which its script prints at once."""
        query = [
            (k, v) for k, v in canonical(command, list(request.query_params.multi_items())) if k != "format"
        ]
        back = link("/" if what == "generate" else "/ward", query)
        return self.page(
            "print.html.j2", language(query), document=link(f"/{what}", query, format="html"), back=back
        )

    # --- the ward ------------------------------------------------------------------------------------------

    def roster_page(self, request: Request) -> Response:
        query = list(request.query_params.multi_items())
        lang = language(query)
        if self.roster is None:
            return self.page("roster.html.j2", lang, 404, request, state=None, path="", links=[])
        state = self.roster.state()
        links = [_roster_link(row, lang) for row in state.rows]
        status = 400 if state.problems else 200
        return self.page(
            "roster.html.j2", lang, status, request, state=state, path=self.roster.path, links=links,
            default_regimen=DEFAULT_REGIMEN,
        )  # fmt: skip

    def worklist_query(self, request: Request) -> Query:
        query = canonical(WORKLIST, list(request.query_params.multi_items()))
        if not any(k == "from" for k, _ in query):
            query.append(("from", today().isoformat()))
        return query

    def ward(self, request: Request) -> Response:
        query = self.worklist_query(request)
        lang = language(query)
        values: dict[str, Any] = {"query": query, "days": None, "problem": None}
        values["sections"] = _form(WORKLIST, query, None, ward=True)
        if self.roster is None:
            return self.page("ward.html.j2", lang, 404, request, **values)
        parsed = self.attempt(WORKLIST, query, self.worklist_builder(self.roster.path))
        if isinstance(parsed, QueryProblem):
            return self.page("ward.html.j2", lang, 400, request, **values | self.ward_problem(query, parsed))
        try:
            planned = plan_worklist(parsed)
        except Il2schedError as exc:
            return self.page(
                "ward.html.j2", lang, 400, request, **values | self.ward_problem(query, problem_of(exc))
            )
        texts = planned.planner.texts()
        days = views.worklist_days(planned.days, texts)
        last = parsed.first + dt.timedelta(days=parsed.days - 1)
        heading = PAGE_PHRASES[lang]["worklist.heading"].format(
            first=texts.date(parsed.first), last=texts.date(last)
        )
        downloads = [
            (_format_label(lang, f, "worklist.format."), link("/worklist", query, format=f.name),
             f"worklist-{parsed.first}{f.suffix}")
            for f in WORKLIST_FORMATS.values()
        ]  # fmt: skip
        shown = {"days": days, "heading": heading, "downloads": downloads,
                 "print_link": link("/print/worklist", query)}  # fmt: skip
        return self.page("ward.html.j2", lang, 200, request, **values | shown)

    @staticmethod
    def worklist_builder(roster: str) -> Callable[[Mapping[str, Raw]], Any]:
        """``worklist``'s builder for the server's roster (the command line's positional argument)."""
        return lambda raw: worklist_request(raw, roster)

    @staticmethod
    def ward_problem(query: Query, problem: QueryProblem) -> dict[str, Any]:
        """The worklist page's values for ``problem``: the message, and the form marking its field."""
        return {"problem": problem, "sections": _form(WORKLIST, query, problem, ward=True)}

    def worklist(self, request: Request) -> Response:
        query = self.worklist_query(request)
        lang = language(query)
        if self.roster is None:
            problem = QueryProblem("no roster: start the server with 'il2sched serve --roster ROSTER.csv'")
            return self.refuse(request, problem, lang, "/")
        parsed = self.attempt(WORKLIST, query, self.worklist_builder(self.roster.path))
        if isinstance(parsed, QueryProblem):
            return self.refuse(request, parsed, lang, link("/ward", query))
        try:
            output = worklist(parsed)
        except Il2schedError as exc:
            return self.refuse(request, problem_of(exc), lang, link("/ward", query))
        return self.download(output.data, output.format, f"worklist-{parsed.first.isoformat()}")

    # --- access --------------------------------------------------------------------------------------------

    def login_form(self, request: Request) -> Response:
        query = list(request.query_params.multi_items())
        target = guard.safe_next(request.query_params.get("next"))
        return self.page("login.html.j2", language(query), next=target, wrong=False)

    async def login(self, request: Request) -> Response:
        body = await request.body()
        fields = dict(parse_qsl(body[:MAX_FORM].decode("utf-8", "replace")))
        target = guard.safe_next(fields.get("next"))
        token = self.config.access.token
        if token is None or not guard.same_token(fields.get("token", ""), token):
            lang = language(list(request.query_params.multi_items()))
            return self.page("login.html.j2", lang, 403, next=target, wrong=True)
        response = RedirectResponse(target, status_code=303)
        response.headers["set-cookie"] = guard.session_cookie(self.sessions.new())
        return response


def _form(command: Command, query: Query, problem: Any, *, ward: bool = False) -> Any:
    """The form's parts for ``query``, the field marked that ``problem`` (a :class:`QueryProblem`) names."""
    shown = problem if isinstance(problem, QueryProblem) else None
    return sections(command, current_values(command, query), language(query), shown, ward=ward)


def _format_label(lang: str, fmt: Format, prefix: str = "format.") -> str:
    """A format's name for people; a format added later shows its registry description until worded here."""
    return PAGE_PHRASES[lang].get(f"{prefix}{fmt.name}", fmt.description)


def _downloads(query: Query, request: GenerateRequest) -> list[tuple[str, str, str]]:
    """(label, URL, file name) of every schedule format, each followed by its variants (the CSV for French
    Excel): an option declared as a download of its own (:class:`~il2sched.app.options.ByLink`)."""
    lang = request.options.lang
    name = request.patient or NO_CODE_LABEL
    variants = [o for o in GENERATE.options if isinstance(o.page, ByLink) and o.page.variant_of]
    base = [(k, v) for k, v in query if k != "format" and all(k != o.name for o in variants)]
    out = []
    for f in SCHEDULE_FORMATS.values():
        out.append((_format_label(lang, f), link("/generate", base, format=f.name), f"{name}{f.suffix}"))
        for option in (o for o in variants if isinstance(o.page, ByLink) and o.page.variant_of == f.name):
            url = link("/generate", base, format=f.name, **{option.name: "1"})
            out.append((option.label(lang), url, f"{name}-{option.name}{f.suffix}"))
    return out


def _roster_link(row: RosterRow, lang: str) -> tuple[RosterRow, str]:
    """A roster row and the page of its schedule: every cell the row gives (body size included), and the
    page's language unless the row has its own."""
    query = roster_query(row)
    if not any(name == "lang" for name, _ in query):
        query.append(("lang", lang))
    return row, link("/", query)


def create_app(config: WebConfig) -> Callable[..., Any]:
    """The ASGI application: the routes behind the :class:`~il2sched.web.guard.Guard`."""
    sessions = guard.Sessions()
    pages = Pages(config, sessions)
    routes = [
        Route("/", pages.index),
        Route("/preview", pages.preview),
        Route("/generate", pages.generate),
        Route("/print/generate", pages.print_schedule),
        Route("/print/worklist", pages.print_worklist),
        Route("/roster", pages.roster_page),
        Route("/ward", pages.ward),
        Route("/worklist", pages.worklist),
        Route("/login", pages.login_form, methods=["GET"]),
        Route("/login", pages.login, methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("il2sched.web", "static")]), name="static"),
    ]
    app = Starlette(routes=routes)
    return guard.Guard(app, config.access, sessions)


def _local_file(options: ScheduleOptions) -> str | None:
    """The option of ``options`` naming a file of this computer (``regimen`` or ``closed-file``), if any."""
    from il2sched.sources.regimens import builtin_names

    if options.closed_file is not None:
        return "closed-file"
    if options.regimen not in builtin_names():
        return "regimen"
    return None
