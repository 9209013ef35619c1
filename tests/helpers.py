"""Small builders shared by the tests."""

from __future__ import annotations

import datetime as dt

from il2sched.app.formats import SCHEDULE_FORMATS as FORMATS
from il2sched.core.options import RenderOptions
from il2sched.core.regimen import Regimen
from il2sched.core.schedule import Plan, Schedule, build_schedule
from il2sched.sources.locale import texts_for
from il2sched.sources.regimens import load_regimen

STAMP = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
#: A start whose four dosing weeks meet no French public holiday (5 Jan, 19 Jan, 9 Feb, 2 Mar 2026).
QUIET_START = dt.date(2026, 1, 5)


def builtin() -> Regimen:
    """The built-in NCT01840046 regimen."""
    return load_regimen("nct01840046")


def schedule(start: dt.date = QUIET_START, **plan: object) -> Schedule:
    """A schedule of the built-in regimen from ``start`` with extra :class:`Plan` fields."""
    return build_schedule(Plan(regimen=builtin(), start=start, **plan))  # type: ignore[arg-type]


def render(fmt: str, sched: Schedule, lang: str = "en", **options: object) -> bytes:
    """Render ``sched`` in format ``fmt`` with a fixed stamp."""
    opts = RenderOptions(texts=texts_for(lang, use_cache=False), stamp=STAMP, **options)  # type: ignore[arg-type]
    return FORMATS[fmt].renderer()(sched, opts)


def dose_on(day: dt.date, time: dt.time | None = None, tz: str = "Europe/Paris", **plan: object) -> Schedule:
    """A schedule whose week-1 dose lands on ``day`` (any weekday) at ``time``: week 1 starts on the Monday
    of ``day``'s week, and on a weekend the Friday (and Saturday) before are closed with ``shift``."""
    from il2sched.core.schedule import Closure, Policy

    monday = day - dt.timedelta(days=day.weekday())
    closures: dict[dt.date, Closure] = {}
    if day.weekday() >= 5:
        for back in range(1, day.weekday() - 3):
            closures[day - dt.timedelta(days=back)] = Closure("closed", "Works")
        plan = {"closures": closures, "policy": Policy.SHIFT, **plan}
    sched = schedule(monday, time=time, tz=tz, **plan)
    assert any(a.date == day for a in sched.given), f"no dose on {day}"
    return sched
