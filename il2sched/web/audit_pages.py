"""The ward record's audit trail on the page (``/audit``, one patient's with ``?patient=CODE``): every entry,
filtered by patient, person, kind of change and days, printable, with ``il2sched audit verify``'s result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from il2sched.core.audit import Action, Entry
from il2sched.errors import Il2schedError
from il2sched.web.site import Site, language, query_of
from il2sched.web.ward_site import parse_day, store_page


@dataclass(frozen=True, slots=True)
class EntryLine:
    """One entry of the trail in words."""

    number: int
    at: str
    by: str
    action: str
    patient: str
    what: str
    why: str


@dataclass(frozen=True, slots=True)
class Filters:
    """What the trail is narrowed to (empty: everything)."""

    patient: str = ""
    by: str = ""
    action: str = ""
    first: dt.date | None = None
    last: dt.date | None = None

    def keeps(self, entry: Entry) -> bool:
        """True when ``entry`` passes every filter."""
        day = entry.at.date()
        return (
            (not self.by or entry.by.casefold() == self.by.casefold())
            and (not self.action or entry.action == self.action)
            and (self.first is None or day >= self.first)
            and (self.last is None or day <= self.last)
        )


class AuditPages:
    """The trail's page."""

    def __init__(self, site: Site) -> None:
        self.site = site

    def audit(self, request: Request) -> Response:
        from il2sched.app.audit import AuditBroken, audit_verify, trail, what

        lang = language(query_of(request))
        texts = self.site.texts(lang)
        params = request.query_params
        typed = {name: params.get(name, "").strip() for name in ("patient", "by", "action", "from", "to")}
        bad = [name for name in ("from", "to") if typed[name] and parse_day(typed[name]) is None]
        filters = Filters(
            typed["patient"], typed["by"], typed["action"] if typed["action"] in set(Action) else "",
            parse_day(typed["from"]), parse_day(typed["to"]),
        )  # fmt: skip
        try:
            found = trail(self.site.config.db, filters.patient or None)
        except Il2schedError as exc:
            return store_page(self.site, request, lang, exc, 404 if filters.patient else 503)
        try:
            verified, broken = audit_verify({"lang": lang, "db": self.site.config.db}).message, False
        except AuditBroken as exc:
            verified, broken = str(exc), True
        lines = [
            EntryLine(e.number, f"{e.at:%Y-%m-%d %H:%M:%S}", e.by, texts(f"audit.action.{e.action}"),
                      e.patient or "", what(e, texts), e.reason)
            for e in found if filters.keeps(e)
        ]  # fmt: skip
        actions = [(a.value, texts(f"audit.action.{a.value}")) for a in Action]
        return self.site.page(
            "audit.html.j2", lang, 400 if bad else 200, request, lines=lines, typed=typed, bad=bad,
            actions=actions, verified=verified, broken=broken, code=filters.patient,
        )  # fmt: skip
