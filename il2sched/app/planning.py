"""From a request's options to plans: the defaults of the faces, the closed days, the rows of a roster.

A :class:`Planner` turns :class:`~il2sched.app.requests.ScheduleOptions`, plus one patient's facts (code,
start, and whatever a roster row overrides), into a :class:`~il2sched.core.schedule.Plan`. It reads the
closures file once and computes each year's holidays once, so a roster of thousands of patients costs
little more than one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from il2sched.app.options import about
from il2sched.app.requests import ScheduleOptions
from il2sched.core.closed_days import build_closures, plan_years
from il2sched.core.dosing import BodySize, body_size
from il2sched.core.messages import Opt, keyed
from il2sched.core.options import RenderOptions
from il2sched.core.regimen import Regimen
from il2sched.core.schedule import Closure, Plan, check_plan
from il2sched.core.texts import Texts
from il2sched.errors import InvalidValue, ScheduleError
from il2sched.sources.locale import texts_for
from il2sched.sources.regimens import load_regimen

if TYPE_CHECKING:
    from il2sched.sources.roster import RosterRow


def check_remind_at(remind_at: tuple[dt.time, ...], time: dt.time) -> None:
    """Refuse a ``--remind-at`` time that is not before the doses' own ``time``: it would remind too late."""
    for at in remind_at:
        if at >= time:
            raise keyed(
                ScheduleError, "remind_at.late", option="remind-at", remind_at=Opt("remind-at"),
                at=f"{at:%H:%M}", time=f"{time:%H:%M}", remind=Opt("remind"),
            )  # fmt: skip


#: The most reminders a dose may have (--remind and --remind-at together): calendar apps ring a few at most,
#: and each is an alarm in every event (40,000 of them made a calendar of a hundred megabytes).
MAX_REMINDERS = 10


def check_reminder_count(reminders: tuple[dt.timedelta, ...], remind_at: tuple[dt.time, ...]) -> None:
    """Refuse more than :data:`MAX_REMINDERS` reminders a dose."""
    count = len(reminders) + len(remind_at)
    if count > MAX_REMINDERS:
        raise keyed(
            InvalidValue, "reminders.many", option="remind", count=count, remind=Opt("remind"),
            remind_at=Opt("remind-at"), most=MAX_REMINDERS,
        )  # fmt: skip


class Planner:
    """Builds plans and render options from :class:`ScheduleOptions`, caching what patients share."""

    def __init__(self, settings: ScheduleOptions) -> None:
        from il2sched.sources.closures import read_closed_file
        from il2sched.sources.zones import check_zone

        self.settings = settings
        # Refuse an unknown zone before any work, with or without --time: a roster row may give a time.
        with about("tz"):
            check_zone(settings.tz)
        # An empty code is a typing slip (an unset shell variable), not a wish: it would silently drop the
        # public holidays (or the region's own ones). --no-holidays says that on purpose.
        if settings.country is not None and not settings.country.strip():
            raise keyed(
                InvalidValue, "country.empty", option="country", country=Opt("country"),
                no_holidays=Opt("no-holidays"),
            )  # fmt: skip
        if settings.subdiv is not None and not settings.subdiv.strip():
            raise keyed(InvalidValue, "subdiv.empty", option="subdiv", subdiv=Opt("subdiv"))
        if settings.time is not None:
            check_remind_at(settings.remind_at, settings.time)
        check_reminder_count(settings.reminders, settings.remind_at)
        self._spans = list(settings.closed)
        if settings.closed_file is not None:
            with about("closed-file"):
                self._spans += read_closed_file(settings.closed_file)
        self._regimens: dict[str, Regimen] = {}
        self._texts: dict[str, Texts] = {}
        self._closures: dict[tuple[range, str], dict[dt.date, Closure]] = {}
        self.body = body_size(settings.bsa, settings.height, settings.weight)  # checked once, up front
        with about("regimen"):
            self.regimen(settings.regimen)  # a bad default regimen fails now, not on the first patient

    def regimen(self, name: str) -> Regimen:
        """The regimen called ``name`` (built-in or path), loaded once."""
        if name not in self._regimens:
            self._regimens[name] = load_regimen(name)
        return self._regimens[name]

    def texts(self, lang: str | None = None) -> Texts:
        """Output texts in ``lang`` (default: the settings' language)."""
        lang = lang or self.settings.lang
        if lang not in self._texts:
            self._texts[lang] = texts_for(lang)
        return self._texts[lang]

    def plan(
        self,
        patient: str | None,
        start: dt.date,
        *,
        time: dt.time | None = None,
        regimen: Regimen | None = None,
        delays: dict[int, int] | None = None,
        lang: str | None = None,
        body: BodySize | None = None,
        weekends_open: bool | None = None,
    ) -> Plan:
        """One patient's plan (``patient`` None: no code), the settings overridden by whatever is given here,
        with its closed days."""
        s = self.settings
        if time is not None:
            check_remind_at(s.remind_at, time)
        base = Plan(
            regimen=regimen or self.regimen(s.regimen),
            start=start,
            patient=patient,
            time=time or s.time,
            tz=s.tz,
            policy=s.policy,
            weekends_open=s.weekends_open if weekends_open is None else weekends_open,
            delays=delays if delays is not None else dict(s.delays),
            body=body or self.body,
        )
        # Checked before the closed days' years are computed, and again with them (they push shifted doses).
        check_plan(base, s.reminders)
        return check_plan(replace(base, closures=self._closures_for(base, lang or s.lang)), s.reminders)

    def _closures_for(self, plan: Plan, lang: str) -> dict[dt.date, Closure]:
        from il2sched.sources.holidays import public_holidays

        years = plan_years(plan)
        key = (years, lang)
        if key not in self._closures:
            s = self.settings
            found = public_holidays(s.country, s.subdiv, years, lang) if s.country else ()
            self._closures[key] = build_closures(found, self._spans, self.texts(lang)("site_closure"))
        return self._closures[key]

    def options(
        self,
        stamp: dt.datetime,
        *,
        lang: str | None = None,
        site: str | None = None,
        previous: dict[str, tuple[int, str]] | None = None,
        shared: bool = False,
    ) -> RenderOptions:
        """Render options for one output; ``shared`` for a calendar of several patients (ward, server)."""
        s = self.settings
        return RenderOptions(
            texts=self.texts(lang),
            stamp=stamp,
            duration=s.duration,
            reminders=s.reminders,
            remind_at=s.remind_at,
            private=s.private,
            excel=s.excel,
            site=site if site is not None else s.site,
            paper=s.paper,
            double_check=s.double_check,
            previous=previous or {},
            shared=shared,
        )


def input_files(
    options: ScheduleOptions, roster: str | None = None, rows: Iterable[RosterRow] = ()
) -> list[tuple[str | None, str]]:
    """The files a run reads, as (path, what) pairs, so that no output can be one of them."""
    from il2sched.sources.regimens import builtin_names

    builtin = set(builtin_names())
    regimens = {options.regimen, *(row.regimen_name for row in rows if row.regimen_name)} - builtin
    return [
        (roster, "roster"),
        (options.closed_file, "closures file"),
        *((name, "regimen file") for name in sorted(regimens)),
    ]
