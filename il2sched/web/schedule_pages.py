"""One patient's schedule on the page: the form and its live preview (``/``, ``/preview``), the downloads
(``/generate``: the bytes ``il2sched generate`` writes for the same options; a PDF or HTML sheet or a calendar
drawn in a worker process) and the print pages."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from il2sched.app.commands import GENERATE, WORKLIST
from il2sched.app.formats import SCHEDULE_FORMATS
from il2sched.app.generate import generate, plan_schedule, request_format, request_period
from il2sched.app.options import ByLink
from il2sched.app.requests import GenerateRequest, generate_request
from il2sched.core.schedule import NO_CODE_LABEL
from il2sched.errors import Il2schedError
from il2sched.web import views
from il2sched.web.phrases import PAGE_PHRASES
from il2sched.web.printing import print_page
from il2sched.web.query import Query, QueryProblem, canonical, problem_of
from il2sched.web.sheets import schedule_document
from il2sched.web.site import (
    Offload,
    Site,
    drawn_apart,
    form_sections,
    format_label,
    language,
    link,
    printed,
    problem_values,
    query_of,
)
from il2sched.web.ward_pages import WardPages

#: Options offered as downloads of their own (the CSV for French Excel): their files are named apart.
VARIANTS = tuple(o for o in GENERATE.options if isinstance(o.page, ByLink) and o.page.variant_of)


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
            return values | self.refused(query, request, lang)
        try:
            planned = plan_schedule(request)
            period = request_period(request, planned.schedule)
        except Il2schedError as exc:
            return values | self.refused(query, problem_of(exc), lang)
        texts = planned.planner.texts()
        aligned = None
        if planned.schedule.plan.start != request.start:
            aligned = (texts.date(request.start), texts.date(planned.schedule.plan.start))
        settings = request.options
        sections = form_sections(GENERATE, query, None)
        return (
            values
            | problem_values(None, lang, GENERATE, sections)
            | {
                "sections": sections,
                "preview": views.preview(planned.schedule, texts, period),
                "aligned": aligned,
                "downloads": _downloads(query, request),
                "print_link": link("/print/generate", query),
                "reminders": views.reminders(settings.reminders, settings.remind_at, settings.time, texts),
                "all_day_note": all_day_note(lang) if settings.reminders and settings.time is None else "",
            }
        )

    @staticmethod
    def refused(query: Query, problem: QueryProblem | None, lang: str) -> dict[str, Any]:
        """The form's values without a preview: empty, or showing ``problem`` beside its field."""
        sections = form_sections(GENERATE, query, problem)
        return {"preview": None, "sections": sections} | problem_values(problem, lang, GENERATE, sections)

    def index(self, request: Request) -> Response:
        view = self.schedule_view(query_of(request))
        status = 400 if view["errors"] else 200
        return self.site.page("index.html.j2", view.pop("lang"), status, request, **view)

    def preview(self, request: Request) -> Response:
        view = self.schedule_view(query_of(request))
        status = 400 if view["errors"] else 200
        return self.site.page("_preview.html.j2", view.pop("lang"), status, **view)

    def generate(self, request: Request) -> Response | Offload:
        query = canonical(GENERATE, query_of(request))
        lang, back = language(query), link("/", query)
        parsed = self.site.attempt(GENERATE, query, generate_request)
        if not isinstance(parsed, GenerateRequest):
            return self.site.refuse(request, parsed, lang, back)
        name = download_name(parsed)
        try:
            fmt = request_format(parsed)
            if not drawn_apart(fmt):
                return self.site.download(generate(parsed).data, fmt, name)
        except Il2schedError as exc:
            return self.site.refuse(request, problem_of(exc), lang, back)

        def answer(done: bytes | QueryProblem) -> Response:
            if isinstance(done, QueryProblem):
                return self.site.refuse(request, done, lang, back)
            return self.site.download(done, fmt, name)

        return Offload(schedule_document, (parsed,), answer, if_free=not printed(fmt))

    def print_schedule(self, request: Request) -> Response | Offload:
        """The sheet, ready to print (:mod:`.printing`), drawn in a worker process like every sheet."""
        query = [(k, v) for k, v in canonical(GENERATE, query_of(request)) if k != "format"]
        lang, back = language(query), link("/", query)
        parsed = self.site.attempt(GENERATE, [*query, ("format", "html")], generate_request)
        if not isinstance(parsed, GenerateRequest):
            return self.site.refuse(request, parsed, lang, back)

        def answer(done: bytes | QueryProblem) -> Response:
            if isinstance(done, QueryProblem):
                return self.site.refuse(request, done, lang, back)
            return print_page(done, lang, back)

        return Offload(schedule_document, (parsed,), answer)

    def print_worklist(self, request: Request) -> Response | Offload:
        """The worklist, ready to print; refused, as the command line refuses it, when a roster row is bad."""
        query = [(k, v) for k, v in canonical(WORKLIST, query_of(request)) if k != "format"]
        lang, back = language(query), link("/ward", query)
        return WardPages(self.site).document(
            request, "html", lambda data, _f, _n: print_page(data, lang, back)
        )


def download_name(request: GenerateRequest) -> str:
    """The name of a schedule's download, without its suffix: the patient's code, and the variant it is
    (``P-014-excel.csv`` beside ``P-014.csv``), so two downloads never take each other's name."""
    name = request.patient or NO_CODE_LABEL
    return name + "".join(f"-{o.name}" for o in VARIANTS if getattr(request.options, o.field, False))


def _downloads(query: Query, request: GenerateRequest) -> list[tuple[str, str, str]]:
    """(label, URL, file name) of every schedule format, each followed by its variants (the CSV for French
    Excel): an option declared as a download of its own (:class:`~il2sched.app.options.ByLink`)."""
    lang = request.options.lang
    name = request.patient or NO_CODE_LABEL
    base = [(k, v) for k, v in query if k != "format" and all(k != o.name for o in VARIANTS)]
    out = []
    for f in SCHEDULE_FORMATS.values():
        out.append((format_label(lang, f), link("/generate", base, format=f.name), f"{name}{f.suffix}"))
        for option in (o for o in VARIANTS if isinstance(o.page, ByLink) and o.page.variant_of == f.name):
            url = link("/generate", base, format=f.name, **{option.name: "1"})
            out.append((option.label(lang), url, f"{name}-{option.name}{f.suffix}"))
    return out


def all_day_note(lang: str) -> str:
    """The note on reminders of all-day events, naming the fields that set a time."""
    return PAGE_PHRASES[lang]["reminder.all_day"].format(
        at=GENERATE.option("remind-at").label(lang),  # type: ignore[union-attr]
        time=GENERATE.option("time").label(lang),  # type: ignore[union-attr]
    )
