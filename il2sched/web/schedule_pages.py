"""One patient's schedule on the page: the form and its live preview (``/``, ``/preview``), the downloads
(``/generate``: the bytes ``il2sched generate`` writes for the same options; a PDF or HTML sheet drawn in a
worker process) and the print pages."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from il2sched.app.commands import GENERATE, WORKLIST
from il2sched.app.formats import SCHEDULE_FORMATS
from il2sched.app.generate import generate, plan_schedule, request_format, request_period
from il2sched.app.options import ByLink, Command
from il2sched.app.requests import GenerateRequest, generate_request
from il2sched.core.schedule import NO_CODE_LABEL
from il2sched.errors import Il2schedError
from il2sched.web import views
from il2sched.web.query import Query, QueryProblem, canonical, problem_of
from il2sched.web.sheets import schedule_document
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


class SchedulePages:
    """The routes of one patient's schedule."""

    def __init__(self, site: Site) -> None:
        self.site = site

    def schedule_view(self, query: Query) -> dict[str, Any]:
        """The form's values and the preview (or the problem) of a schedule query."""
        query = canonical(GENERATE, query)
        lang = language(query)
        values: dict[str, Any] = {"query": query, "lang": lang}
        request = (
            self.site.attempt(GENERATE, query, generate_request)
            if any(k == "start" for k, _ in query)
            else None
        )
        if not isinstance(request, GenerateRequest):
            sections = form_sections(GENERATE, query, request)
            return values | {"preview": None, "problem": request, "sections": sections}
        try:
            planned = plan_schedule(request)
            period = request_period(request, planned.schedule)
        except Il2schedError as exc:
            problem = problem_of(exc)
            sections = form_sections(GENERATE, query, problem)
            return values | {"preview": None, "problem": problem, "sections": sections}
        texts = planned.planner.texts()
        aligned = None
        if planned.schedule.plan.start != request.start:
            aligned = (texts.date(request.start), texts.date(planned.schedule.plan.start))
        return values | {
            "sections": form_sections(GENERATE, query, None),
            "preview": views.preview(planned.schedule, texts, period),
            "problem": None,
            "aligned": aligned,
            "downloads": _downloads(query, request),
            "print_link": link("/print/generate", query),
        }

    def index(self, request: Request) -> Response:
        view = self.schedule_view(query_of(request))
        status = 400 if view["problem"] else 200
        return self.site.page("index.html.j2", view.pop("lang"), status, request, **view)

    def preview(self, request: Request) -> Response:
        view = self.schedule_view(query_of(request))
        status = 400 if view["problem"] else 200
        return self.site.page("_preview.html.j2", view.pop("lang"), status, **view)

    def generate(self, request: Request) -> Response | Offload:
        query = canonical(GENERATE, query_of(request))
        lang, back = language(query), link("/", query)
        parsed = self.site.attempt(GENERATE, query, generate_request)
        if not isinstance(parsed, GenerateRequest):
            return self.site.refuse(request, parsed, lang, back)
        name = parsed.patient or NO_CODE_LABEL
        try:
            fmt = request_format(parsed)
            if not printed(fmt):
                return self.site.download(generate(parsed).data, fmt, name)
        except Il2schedError as exc:
            return self.site.refuse(request, problem_of(exc), lang, back)

        def answer(done: bytes | QueryProblem) -> Response:
            if isinstance(done, QueryProblem):
                return self.site.refuse(request, done, lang, back)
            return self.site.download(done, fmt, name)

        return Offload(schedule_document, (parsed,), answer)

    def print_schedule(self, request: Request) -> Response:
        return self.print_page(request, "generate", GENERATE)

    def print_worklist(self, request: Request) -> Response:
        return self.print_page(request, "worklist", WORKLIST)

    def print_page(self, request: Request, what: str, command: Command) -> Response:
        """A page showing the printable document in a frame, which its script prints at once."""
        query = [(k, v) for k, v in canonical(command, query_of(request)) if k != "format"]
        back = link("/" if what == "generate" else "/ward", query)
        return self.site.page(
            "print.html.j2", language(query), document=link(f"/{what}", query, format="html"), back=back
        )


def _downloads(query: Query, request: GenerateRequest) -> list[tuple[str, str, str]]:
    """(label, URL, file name) of every schedule format, each followed by its variants (the CSV for French
    Excel): an option declared as a download of its own (:class:`~il2sched.app.options.ByLink`)."""
    lang = request.options.lang
    name = request.patient or NO_CODE_LABEL
    variants = [o for o in GENERATE.options if isinstance(o.page, ByLink) and o.page.variant_of]
    base = [(k, v) for k, v in query if k != "format" and all(k != o.name for o in variants)]
    out = []
    for f in SCHEDULE_FORMATS.values():
        out.append((format_label(lang, f), link("/generate", base, format=f.name), f"{name}{f.suffix}"))
        for option in (o for o in variants if isinstance(o.page, ByLink) and o.page.variant_of == f.name):
            url = link("/generate", base, format=f.name, **{option.name: "1"})
            out.append((option.label(lang), url, f"{name}-{option.name}{f.suffix}"))
    return out
