"""The ward's day on the page (``/today``, any day with ``?date=``): every dose due that day from the ward
record, each with **Record given** and **Not given**, and the record in force with its correction form once
recorded.

A form is a plain POST answered by a redirect to the day's page (no script needed); the page's script sends
the same form and puts the row it gets back in place. What is typed goes to ``il2sched record``'s own builder
and use case (:mod:`il2sched.app.recording`), so its one-line refusals come back beside the field they name;
a dose another nurse recorded meanwhile is a **409** showing that record. A dose that needs a person's
decision (:mod:`il2sched.core.attention`) is listed apart, never with a form to give it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from il2sched.app.ward_commands import (
    BY,
    CHECKED_BY,
    EXPIRY,
    GIVEN,
    INJECTION_SITE,
    LOT,
    NOT_GIVEN_REASON,
    NOTE,
    REASON,
    RECORD,
)
from il2sched.core.messages import keyed
from il2sched.core.record import DoseRef, InjectionSite, NotGivenReason
from il2sched.errors import Il2schedError, InvalidValue
from il2sched.web.csrf import form_token
from il2sched.web.phrases import PAGE_PHRASES
from il2sched.web.query import Query, QueryProblem, problem_of
from il2sched.web.record_views import due_line
from il2sched.web.site import Site, language, query_of
from il2sched.web.ward_site import by_script, parse_day, said, store_page, summary_of, ward_today, who_records

#: The fields of a record form that are record's options (by their names on the command line).
RECORD_FIELDS = (
    "given",
    "lot",
    "expiry",
    "site",
    "checked-by",
    "reason",
    "not-given-reason",
    "note",
    "correct",
)


class TodayPages:
    """The day's doses and the record forms."""

    def __init__(self, site: Site) -> None:
        self.site = site

    def today(self, request: Request) -> Response:
        """The doses of ``?date=`` (default today), in time order."""
        lang = language(query_of(request))
        day = parse_day(request.query_params.get("date")) or ward_today()
        return self.day_page(request, lang, day, {}, 200)

    def day_page(
        self, request: Request, lang: str, day: dt.date, shown: dict[str, Any], status: int
    ) -> Response:
        """The day's page; ``shown``: one row's form as typed, its problem and its outcome."""
        from il2sched.app.ward_overview import due_on

        try:
            due = due_on(self.site.config.db, day, lang)
        except Il2schedError as exc:
            return store_page(self.site, request, lang, exc)
        texts = self.site.texts(lang)
        now = _now()
        lines = [due_line(d, texts, f"/patients/{d.patient.code}?lang={lang}", day, now) for d in due]
        to_give = [x for x in lines if not x.line.attention or x.line.entry is not None]
        to_decide = [x for x in lines if x.line.attention and x.line.entry is None]
        problem = shown.get("problem")
        errors = (summary_of(problem, lang, RECORD, _anchor(shown)),) if problem else ()
        return self.site.page(
            "today.html.j2", lang, status, request, errors=errors, day=day, day_words=texts.date_long(day),
            rows=to_give,
            to_decide=to_decide, previous=(day - dt.timedelta(days=1)).isoformat(),
            following=(day + dt.timedelta(days=1)).isoformat(), **self.form_values(request, lang, shown),
        )  # fmt: skip

    def form_values(self, request: Request, lang: str, shown: dict[str, Any]) -> dict[str, Any]:
        """What every row's forms need: the fields' labels, the choices' words, and the row answered."""
        texts = self.site.texts(lang)
        labels = {o.name: o.label(lang) for o in (GIVEN, LOT, EXPIRY, INJECTION_SITE, CHECKED_BY, NOTE)}
        labels |= {"reason": REASON.label(lang), "not-given-reason": NOT_GIVEN_REASON.label(lang)}
        return {
            "labels": labels, "by_label": BY.label(lang),
            "sites": [(s.value, texts(f"ward.site.{s.value}")) for s in InjectionSite],
            "reasons": [(r.value, texts(f"ward.reason.{r.value}")) for r in NotGivenReason],
            "answered": shown.get("key", ""), "typed": shown.get("typed", {}),
            "problem": shown.get("problem"), "outcome": shown.get("outcome", ""),
            "said": said(shown["problem"], lang, RECORD) if shown.get("problem") else "",
            "form": shown.get("form", ""),
        }  # fmt: skip

    def record(self, request: Request, fields: Query) -> Response:
        """A record form: the dose's row with its record, or with the form and its problem."""
        from il2sched.app.recording import DoseAlreadyRecorded, record, record_request

        lang = language(query_of(request))
        day = parse_day(request.query_params.get("date")) or ward_today()
        typed = {k: v.strip() for k, v in fields}
        code, dose_text, form = typed.get("patient", ""), typed.get("dose", ""), typed.get("form", "given")
        key = f"{code}-{dose_text.replace(':', '-')}"
        shown: dict[str, Any] = {"key": key, "typed": typed, "form": form}
        status = 200
        recorder = who_records(request, typed.get("by", ""))
        try:
            if not recorder.may_record:
                raise keyed(InvalidValue, "record.sign_in", option="by")
            raw = self.raw_record(typed, form, recorder.initials or "", lang)
            done = record(record_request(code, raw))
            shown |= {"outcome": "recorded", "entry": done.record.entry, "typed": {}, "form": ""}
        except DoseAlreadyRecorded as exc:
            status = 409
            shown |= {"outcome": "already", "entry": exc.existing.entry, "typed": {}, "form": ""}
        except Il2schedError as exc:
            status = 400 if recorder.may_record else 403  # a reader's session may not record at all
            shown["problem"] = problem_of(exc)
        if by_script(request):
            return self.row(request, lang, day, code, dose_text, shown, status)
        if status == 200:
            target = f"/today?date={day.isoformat()}&lang={lang}#row-{key}"
            return RedirectResponse(target, status_code=303)
        return self.day_page(request, lang, day, shown, status)

    def raw_record(self, typed: dict[str, str], form: str, by: str, lang: str) -> dict[str, Any]:
        """``record``'s options as the command line hands them on, from a form's fields."""
        raw: dict[str, Any] = {o.key: None for o in RECORD.options}
        for name in RECORD_FIELDS:
            value = typed.get(name, "")
            if value:
                option = RECORD.option(name)
                assert option is not None
                raw[option.key] = value
        raw |= {"dose": typed.get("dose") or None, "not_given": form == "not-given", "by": by or None,
                "lang": lang, "db": self.site.config.db}  # fmt: skip
        if form == "correct" and typed.get("outcome") == "not-given":
            raw["not_given"] = True
        if raw["not_given"]:
            raw |= {"given": None, "lot": None, "expiry": None, "site": None, "checked_by": None}
        else:
            raw |= {"not_given_reason": None, "note": None}
        if form == "correct":
            raw["dose"] = None
        return raw

    def row(
        self, request: Request, lang: str, day: dt.date, code: str, dose: str, shown: dict[str, Any],
        status: int,
    ) -> Response:  # fmt: skip
        """One row as the page's script puts it in place."""
        from il2sched.app.ward_overview import one_due

        texts = self.site.texts(lang)
        found = None
        try:
            ref = DoseRef(*(int(part) for part in dose.split(":")))
            found = one_due(self.site.config.db, code, ref, day, lang)
        except (ValueError, TypeError, Il2schedError):
            pass
        if found is None:
            problem = shown.get("problem") or QueryProblem("no such dose")
            return HTMLResponse(f'<p class="field-error" role="alert">{_escape(problem.message)}</p>', status)
        line = due_line(found, texts, f"/patients/{code}?lang={lang}", day, _now())
        values = self.form_values(request, lang, shown)
        template = self.site.env.get_template("_today_row.html.j2")
        html = template.render(
            x=line,
            lang=lang,
            t=PAGE_PHRASES[lang].__getitem__,
            texts=texts,
            day=day,
            csrf=form_token(request),
            **values,
        )
        return HTMLResponse(html, status_code=status)


#: The fields of each record form (the rest of record's options are never typed on the page).
FORM_FIELDS = {
    "given": ("given", "lot", "expiry", "site", "checked-by", "by"),
    "not-given": ("reason", "note", "by"),
    "correct": ("given", "lot", "expiry", "site", "checked-by", "not-given-reason", "note", "reason", "by"),
}


def _anchor(shown: dict[str, Any]) -> str | None:
    """The id (after ``f-``) of the field a row's problem is about, when its form has that field."""
    problem, form = shown["problem"], shown.get("form", "")
    if problem.parameter not in FORM_FIELDS.get(form, ()):
        return None
    return f"{shown['key']}-{form}-{problem.parameter}"


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def _now() -> dt.datetime:
    """The ward's wall clock now (the form's default time)."""
    from il2sched.core.model import DEFAULT_TZ
    from il2sched.sources.zones import load_zone

    return dt.datetime.now(load_zone(DEFAULT_TZ)).replace(tzinfo=None, second=0, microsecond=0)
