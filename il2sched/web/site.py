"""What every route of the page shares: the server's configuration, the templates, the page's language, links,
and the answers (a page, a refusal, a download) in one place.

The routes themselves are grouped by what they show: one patient's schedule (:mod:`.schedule_pages`), the
ward's roster and worklist (:mod:`.ward_pages`), signing in and out (:mod:`.access`). Each is a plain function
from a request to a response, run in the thread lane of its kind (:mod:`.workers`); a printed document or a
calendar is an :class:`Offload`, drawn in a worker process.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from il2sched import __version__
from il2sched.app.commands import GENERATE
from il2sched.app.formats import Format
from il2sched.app.option_table import LANG
from il2sched.app.options import Command, Raw
from il2sched.app.requests import ScheduleOptions
from il2sched.core.messages import Opt, keyed
from il2sched.core.texts import LANGUAGES, Texts
from il2sched.errors import Il2schedError, InvalidValue, ServeError
from il2sched.sources.locale import texts_for
from il2sched.web import guard, views
from il2sched.web.csrf import form_token
from il2sched.web.form import Section, current_values, sections
from il2sched.web.phrases import PAGE_PHRASES
from il2sched.web.problems import page_errors
from il2sched.web.query import Query, QueryProblem, field_errors, options_of, problem_of
from il2sched.web.roster import WatchedRoster
from il2sched.web.sessions import DEFAULT_IDLE, Sessions, session_of

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class WebConfig:
    """What the server was started with: access, the roster, and whether other machines reach it."""

    access: guard.Access
    roster: str | None = None
    # Served to other machines: a query may not name a file of this one (a regimen or closures path),
    # or whoever holds the token could have the server read, and quote in an error, any file it can read.
    remote: bool = False
    session_idle: float = DEFAULT_IDLE  # seconds without a request after which a session ends
    db: str | None = (
        None  # the ward record (``serve --db``; None: IL2SCHED_DB, else the user's data folder's)
    )


@dataclass(frozen=True, slots=True)
class Offload:
    """A printed document or a calendar to draw in a worker process: ``work(*args)`` there, then ``answer``
    (with what ``work`` returned) makes the response. ``if_free``: in a worker only when one is free, else
    on the page's own thread (a calendar: it never queues behind the sheets, which only a worker draws)."""

    work: Callable[..., Any]
    args: tuple[Any, ...]
    answer: Callable[[Any], Response]
    if_free: bool = False


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


def query_of(request: Request) -> Query:
    """The request's query parameters, in order, repeated ones repeated."""
    return list(request.query_params.multi_items())


def form_sections(command: Command, query: Query, problem: Any, *, ward: bool = False) -> tuple[Section, ...]:
    """The form's parts for ``query``, the field marked that ``problem`` (a :class:`QueryProblem`) names."""
    shown = problem if isinstance(problem, QueryProblem) else None
    return sections(command, current_values(command, query), language(query), shown, ward=ward)


def printed(fmt: Format) -> bool:
    """True for a document drawn for people (a PDF or HTML sheet or worklist: the renderers of
    ``il2sched.print``)."""
    return fmt.module.startswith("print.")


#: Renderers other than the printed documents' that a worker process runs when one is free: the calendar
#: takes five times a CSV's CPU, which on the threads answering pages held previews up under load. The
#: lighter formats (CSV, JSON, table, FHIR) cost about what planning the schedule does, and are answered on
#: the thread.
DRAWN_APART = ("export.ics",)


def drawn_apart(fmt: Format) -> bool:
    """True for a format a worker process draws (:class:`Offload`): the printed documents, and calendars
    when a worker is free."""
    return printed(fmt) or fmt.module in DRAWN_APART


def problem_values(
    problem: QueryProblem | None, lang: str, command: Command, parts: tuple[Section, ...]
) -> dict[str, Any]:
    """A page's errors for its templates: ``errors`` (the summary at the top, each linked to its field when
    the form ``parts`` have it) and ``field_errors`` (the words beside each field, by its name)."""
    on_form = {f.name for part in parts for f in part.fields}
    errors = page_errors(problem, lang, command, on_form)
    return {"errors": errors, "field_errors": {e.field: e.beside for e in errors if e.field in on_form}}


def no_roster() -> QueryProblem:
    """The refusal of a ward's page on a server started without a roster."""
    return problem_of(keyed(ServeError, "page.no_roster"))


def format_label(lang: str, fmt: Format, prefix: str = "format.") -> str:
    """A format's name for people; a format added later shows its registry description until worded here."""
    return PAGE_PHRASES[lang].get(f"{prefix}{fmt.name}", fmt.description)


class Site:
    """The server's state every route reads: its configuration, sessions, templates and roster."""

    def __init__(self, config: WebConfig, sessions: Sessions) -> None:
        self.config = config
        self.sessions = sessions
        self.env = environment()
        self.roster = WatchedRoster(config.roster) if config.roster else None
        self._texts: dict[str, Texts] = {}

    def texts(self, lang: str) -> Texts:
        """The outputs' words in ``lang`` (dates, doses, statuses), loaded once."""
        if lang not in self._texts:
            self._texts[lang] = texts_for(lang)
        return self._texts[lang]

    def page(
        self, name: str, lang: str, status: int = 200, request: Request | None = None, **values: Any
    ) -> HTMLResponse:
        """Render the page ``name`` in ``lang``; with ``request``, links to the same page in each language,
        the token of its forms (``csrf``) and, for a signed-in session, the sign-out button."""
        phrases = PAGE_PHRASES[lang]
        switch = []
        if request is not None:
            query = query_of(request)
            switch = [(code, PAGE_PHRASES[code]["lang_name"], link(request.scope["path"], query, lang=code))
                      for code in LANGUAGES]  # fmt: skip
        signed_in = request is not None and session_of(request.scope) in self.sessions
        person = self.sessions.person(session_of(request.scope)) if request is not None else None
        csrf = form_token(request) if request is not None else ""  # every form's hidden field
        shown = {"errors": (), "field_errors": {}} | values
        html = self.env.get_template(name).render(
            lang=lang, t=phrases.__getitem__, texts=self.texts(lang), version=__version__, switch=switch,
            has_roster=self.roster is not None, active="", signed_in=signed_in, csrf=csrf,
            person=person,
            plural=lambda key, n: views.plural(phrases.__getitem__, lang, key, n), **shown,
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
            others = tuple(e for e in field_errors(command, query) if e.option != exc.option)
            return dataclasses.replace(problem_of(exc), others=others)
        options = getattr(request, "options", None)
        if self.config.remote and isinstance(options, ScheduleOptions):
            named = _local_file(options)
            if named is not None:
                local = keyed(
                    InvalidValue, "page.local_file", option=named, field=Opt(named), closed=Opt("closed")
                )
                return problem_of(local)
        return request

    def refuse(
        self,
        request: Request,
        problem: QueryProblem,
        lang: str,
        back: str,
        command: Command = GENERATE,
        status: int = 400,
    ) -> Response:
        """A refused request: the command line's lines as text, or for a browser the error page in the page's
        language (styled: the documents' own policy, which blocks the page's style sheet, is not its)."""
        if wants_html(request):
            errors = page_errors(problem, lang, command)
            response = self.page("error.html.j2", lang, status, errors=errors, back=back)
            response.headers["content-security-policy"] = guard.PAGE_POLICY
            return response
        return PlainTextResponse(problem.text(), status_code=status)

    @staticmethod
    def download(data: bytes, fmt: Format, name: str) -> Response:
        """The bytes of an output, named ``name`` and the format's suffix."""
        disposition = "inline" if fmt.inline else "attachment"
        headers = {"content-disposition": f'{disposition}; filename="{name}{fmt.suffix}"'}
        return Response(data, media_type=fmt.media_type, headers=headers)


def _local_file(options: ScheduleOptions) -> str | None:
    """The option of ``options`` naming a file of this computer (``regimen`` or ``closed-file``), if any."""
    from il2sched.sources.regimens import builtin_names

    if options.closed_file is not None:
        return "closed-file"
    if options.regimen not in builtin_names():
        return "regimen"
    return None
