"""Small builders shared by the tests, and the one way they run the command line and read its errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from click.testing import CliRunner, Result

from il2sched.app.formats import SCHEDULE_FORMATS as FORMATS
from il2sched.core.options import RenderOptions
from il2sched.core.regimen import Regimen
from il2sched.core.schedule import Plan, Schedule, build_schedule
from il2sched.sources.locale import texts_for
from il2sched.sources.regimens import load_regimen

STAMP = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
#: ``SOURCE_DATE_EPOCH`` for :data:`STAMP`: a run given it writes the same bytes every time.
FIXED_CLOCK = {"SOURCE_DATE_EPOCH": str(int(STAMP.timestamp()))}
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
    of ``day``'s week, and on a weekend the Friday (and Saturday) before are closed with ``shift`` and the
    unit open at weekends, so Friday's dose moves there."""
    from il2sched.core.schedule import Closure, Policy

    monday = day - dt.timedelta(days=day.weekday())
    closures: dict[dt.date, Closure] = {}
    if day.weekday() >= 5:
        for back in range(1, day.weekday() - 3):
            closures[day - dt.timedelta(days=back)] = Closure("closed", "Works")
        plan = {"closures": closures, "policy": Policy.SHIFT, "weekends_open": True, **plan}
    sched = schedule(monday, time=time, tz=tz, **plan)
    assert any(a.date == day for a in sched.given), f"no dose on {day}"
    return sched


def run_cli(*args: str, env: Mapping[str, str | None] | None = None, input: str | None = None) -> Result:
    """``il2sched ARGS`` in this process (click's runner), with ``env`` set (``None`` values unset)."""
    from il2sched.cli import main

    return CliRunner().invoke(main, list(args), env=dict(env or {}), input=input)


def run_cli_at_stamp(
    *args: str, env: Mapping[str, str | None] | None = None, input: str | None = None
) -> Result:
    """:func:`run_cli` with the clock at :data:`STAMP` (``env`` may override it), for byte comparisons."""
    return run_cli(*args, env={**FIXED_CLOCK, **(env or {})}, input=input)


def one_line_error(result: Result, *fragments: str) -> str:
    """Assert ``result`` is a refusal as every bad input gets one: exit 2, one ``il2sched: error:`` line on
    standard error holding each of ``fragments``, no traceback; return that line."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    (line,) = lines
    assert line.startswith("il2sched: error: "), line
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in line, line
    return line
