"""The ward record's patients on the page: the list with what is open and the enrol form (``/patients``), one
patient's plan merged with its record (``/patients/{code}``), its downloads and printed sheet built from the
stored options, and its report (``/patients/{code}/report.json``: the bytes of ``il2sched report CODE -f
json``).

The enrol form is the schedule form's fields, drawn from the options' declaration, plus the nurse's initials:
what ``il2sched patients add`` takes, parsed by its own builder, refused with its own one-line messages beside
the field they name.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from il2sched.app.commands import GENERATE
from il2sched.app.formats import SCHEDULE_FORMATS
from il2sched.app.options import Command, Field
from il2sched.app.ward_commands import BY, PATIENTS_ADD
from il2sched.core.messages import keyed
from il2sched.errors import Il2schedError, InvalidValue
from il2sched.web import guard, record_views
from il2sched.web.form import current_values, sections
from il2sched.web.printing import print_page
from il2sched.web.query import Query, QueryProblem, canonical, options_of, problem_of
from il2sched.web.site import Offload, Site, drawn_apart, format_label, language, link, printed, query_of
from il2sched.web.ward_site import parse_day, said, store_page, summary_of, ward_today, who_records

#: The enrol form: the schedule form's fields that ``patients add`` takes, and the patient's code.
ENROL = Command(
    "patients add",
    tuple(
        o for o in GENERATE.options
        if isinstance(o.page, Field) and (o.name == "patient" or PATIENTS_ADD.option(o.name) is not None)
    ),
)  # fmt: skip
#: The fields of a posted form that are not the schedule's options.
OWN_FIELDS = ("by", "csrf")


class PatientPages:
    """The routes of the ward record's patients."""

    def __init__(self, site: Site) -> None:
        self.site = site

    @property
    def db(self) -> str | None:
        return self.site.config.db

    def patients(self, request: Request) -> Response:
        """The list of patients and the enrol form."""
        lang = language(query_of(request))
        return self.list_page(request, lang, {"lang": lang}, None, "", 200)

    def list_page(
        self, request: Request, lang: str, values: dict[str, str], problem: QueryProblem | None, by: str,
        status: int,
    ) -> Response:  # fmt: skip
        from il2sched.app.ward_overview import patient_lines, ward_shown

        search = request.query_params.get("q", "")
        day = ward_today()
        texts = self.site.texts(lang)
        try:
            lines = patient_lines(self.db, day, search)
            unread = None
        except Il2schedError as exc:  # no ward record yet (the first enrolment makes it), or unreachable
            lines, unread = (), problem_of(exc)
        rows = [record_views.patient_row(line, texts, self.patient_link(line.patient.code, lang))
                for line in lines]  # fmt: skip
        words = said(problem, lang, PATIENTS_ADD) if problem else ""
        field_errors = {problem.parameter: words} if problem and problem.parameter else {}
        errors = (summary_of(problem, lang, PATIENTS_ADD, problem.parameter),) if problem else ()
        return self.site.page(
            "patients.html.j2", lang, status, request, rows=rows, search=search, field_errors=field_errors,
            errors=errors,
            unread=unread, where=ward_shown(self.db), problem=problem, by=by,
            sections=sections(ENROL, values, lang, problem), by_label=BY.label(lang),
            saved=request.query_params.get("saved", ""),
        )  # fmt: skip

    def enrol(self, request: Request, fields: Query) -> Response:
        """``patients add`` from the enrol form: the new patient's page, or the form with its problem."""
        from il2sched.app.patients import add, add_request

        lang = language(query_of(request))
        typed = {k: v for k, v in fields}
        schedule = [(k, v) for k, v in fields if k not in OWN_FIELDS and k != "lang"]
        values = current_values(ENROL, schedule)
        recorder = who_records(request, typed.get("by", "").strip())
        try:
            if not recorder.may_record:
                raise keyed(InvalidValue, "record.sign_in_enrol", option="by")
            raw: dict[str, Any] = dict(options_of(ENROL, canonical(ENROL, schedule)))
            code = raw.pop("patient", None)
            if not code:
                raise InvalidValue("give the patient's code, such as P-014", option="patient")
            raw.update({"by": recorder.initials or None, "db": self.db, "lang": lang})  # the page's language
            changed = add(add_request(str(code), raw))
        except Il2schedError as exc:
            problem = problem_of(exc)
            status = 400 if recorder.may_record else 403  # a reader's session may not enrol at all
            return self.list_page(request, lang, values, problem, typed.get("by", ""), status)
        target = self.patient_link(changed.patient.code, lang) + f"&saved={changed.entry.number}"
        return RedirectResponse(target, status_code=303)

    def patient_link(self, code: str, lang: str) -> str:
        return f"/patients/{quote(code, safe='')}?lang={lang}"

    def patient(self, request: Request) -> Response:
        """One patient's plan merged with its record, on ``?date=`` (default today)."""
        from il2sched.app.ward_overview import patient_view

        query = query_of(request)
        lang, code = language(query), request.path_params["code"]
        day = parse_day(request.query_params.get("date")) or ward_today()
        try:
            view = patient_view(self.db, code, day, lang)
        except Il2schedError as exc:
            return store_page(self.site, request, lang, exc, 404)
        texts = self.site.texts(lang)
        base = f"/patients/{quote(view.patient.code, safe='')}"
        downloads = [
            (format_label(lang, f), link(f"{base}/generate", [("lang", lang)], format=f.name),
             f"{view.patient.code}{f.suffix}")
            for f in SCHEDULE_FORMATS.values()
        ]  # fmt: skip
        return self.site.page(
            "patient.html.j2", lang, 200, request, view=record_views.patient(view, texts),
            downloads=downloads, base=base, saved=request.query_params.get("saved", ""),
            print_link=f"{base}/print?lang={lang}", day=day.isoformat(),
        )  # fmt: skip

    def report_json(self, request: Request) -> Response:
        """The bytes of ``il2sched report CODE -f json`` (the patient's language, today in its zone)."""
        from il2sched.app.report import ReportRequest, report

        try:
            data = report(ReportRequest(request.path_params["code"], "json", db=self.db))
        except Il2schedError as exc:
            problem = problem_of(exc)
            return self.site.refuse(request, problem, language(query_of(request)), "/patients", status=404)
        return Response(data, media_type="application/json")

    def download(self, request: Request) -> Response | Offload:
        """The patient's schedule in ``?format=`` from the stored options (``generate --patient CODE
        --db``)."""
        code, lang = request.path_params["code"], language(query_of(request))
        fmt_name = request.query_params.get("format") or "pdf"
        back = self.patient_link(code, lang)
        fmt = SCHEDULE_FORMATS.get(fmt_name)
        if fmt is None:
            problem = QueryProblem(f"no format {fmt_name!r}: {', '.join(SCHEDULE_FORMATS)}", "format")
            return self.site.refuse(request, problem, lang, back)
        wanted = {"patient": code, "format": fmt.name, "lang": lang, **({"db": self.db} if self.db else {})}
        if not drawn_apart(fmt):
            done = stored_document(wanted)
            if isinstance(done, QueryProblem):
                return self.site.refuse(request, done, lang, back, status=404)
            return self.site.download(done, fmt, code)

        def answer(done: bytes | QueryProblem) -> Response:
            if isinstance(done, QueryProblem):
                return self.site.refuse(request, done, lang, back, status=404)
            response = self.site.download(done, fmt, code)
            if printed(fmt):  # a generated document, as /generate's: its inline style and embedded font
                response.headers["content-security-policy"] = guard.DOCUMENT_POLICY
            return response

        return Offload(stored_document, (wanted,), answer, if_free=not printed(fmt))

    def print_sheet(self, request: Request) -> Response | Offload:
        """The sheet filled from the record, ready to print (:mod:`.printing`), drawn in a worker process."""
        code, lang = request.path_params["code"], language(query_of(request))
        back = self.patient_link(code, lang)
        typed = {"patient": code, "format": "html", "lang": lang, **({"db": self.db} if self.db else {})}

        def answer(done: bytes | QueryProblem) -> Response:
            if isinstance(done, QueryProblem):
                return self.site.refuse(request, done, lang, back, status=404)
            return print_page(done, lang, back)

        return Offload(stored_document, (typed,), answer)


def stored_document(typed: dict[str, str]) -> bytes | QueryProblem:
    """A stored patient's schedule (``generate --patient CODE --db``'s bytes for the options ``typed``), or
    its problem; run in a worker process for a printed sheet or a calendar."""
    from il2sched.app.stored import generate_stored

    try:
        return generate_stored(typed)[0].data
    except Il2schedError as exc:
        return problem_of(exc)
