"""Which days are closed: public holidays (from the ``holidays`` package) and site closures.

The engine (:mod:`il2sched.schedule`) only sees a ready ``Mapping[date, Closure]``; this module builds it.
Importing ``holidays`` costs several times a bare Python start, so the dates and names it gives are kept in
the on-disk cache (:mod:`il2sched.cache`), keyed on its version, the country, subdivision, years and
language; the package is imported only on a cache miss.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from il2sched.errors import Il2schedError
from il2sched.schedule import Closure, Plan, Schedule, Status

DEFAULT_COUNTRY = "FR"

#: Codes people use that the package rejects: the Bas-Rhin (67) and Haut-Rhin (68) departments are Alsace.
SUBDIV_ALIASES: dict[tuple[str, str], str] = {("FR", "67"): "6AE", ("FR", "68"): "6AE"}

#: Our output language -> the package's language codes to try, best first.
_PACKAGE_LANGUAGES = {"en": ("en_US", "en_GB", "en"), "fr": ("fr", "fr_FR")}

#: The longest closure range accepted: a longer one is almost surely a typing error (a wrong year).
MAX_RANGE_DAYS = 366

_DATE = r"\d{4}-\d{2}-\d{2}"
_SPAN_RE = re.compile(rf"({_DATE})(?:\s*\.\.\s*({_DATE}))?")


class ClosureError(Il2schedError):
    """An unknown country or subdivision, or a malformed site closure."""


def normalize_region(country: str, subdiv: str | None) -> tuple[str, str | None]:
    """Upper-case the country code and map subdivision aliases the package does not know (67, 68)."""
    code = country.strip().upper()
    if subdiv is None or not subdiv.strip():
        return code, None
    sub = subdiv.strip()
    return code, SUBDIV_ALIASES.get((code, sub.upper()), sub)


def _package_language(supported: Iterable[str], default: str, lang: str) -> str:
    # Always name a language explicitly: without one the package may follow the machine's locale.
    available = set(supported)
    for candidate in _PACKAGE_LANGUAGES.get(lang, ()):
        if candidate in available:
            return candidate
    prefixed = sorted(code for code in available if code.split("_")[0] == lang)
    return prefixed[0] if prefixed else default


def _entity(country: str, subdiv: str | None) -> tuple[Any, str | None]:
    """The package's class for ``country`` and the canonical subdivision, or a one-line error."""
    import holidays  # heavy: only on a cache miss

    supported: dict[str, list[str]] = holidays.list_supported_countries()
    if country not in supported:
        raise ClosureError(
            f"unknown country {country!r} for public holidays: give an ISO 3166 code such as FR, BE or CH "
            "('il2sched holidays --list' shows them all), or add --no-holidays"
        )
    cls = getattr(holidays, country)
    if subdiv is None:
        return cls, None
    aliases: dict[str, str] = getattr(cls, "subdivisions_aliases", {}) or {}
    by_upper = {s.upper(): s for s in [*cls.subdivisions, *aliases]}
    found = by_upper.get(subdiv.upper())
    if found is None:
        extra = [f"{a}={t}" for (c, a), t in SUBDIV_ALIASES.items() if c == country]
        valid = ", ".join([*cls.subdivisions, *extra]) or "none (leave --subdiv out)"
        raise ClosureError(f"unknown subdivision {subdiv!r} of {country}: use one of {valid}")
    return cls, aliases.get(found, found)


def _compute(country: str, subdiv: str | None, years: list[int], lang: str) -> list[list[str]]:
    cls, canonical = _entity(country, subdiv)
    language = _package_language(cls.supported_languages, cls.default_language, lang)
    calendar = cls(subdiv=canonical, years=years, language=language)
    return [[day.isoformat(), str(name)] for day, name in sorted(calendar.items())]


def public_holidays(
    country: str, subdiv: str | None, years: Iterable[int], lang: str
) -> tuple[tuple[dt.date, str], ...]:
    """The public holidays of ``country`` (and ``subdiv``) in ``years``, named in ``lang`` (en or fr).

    Raises :class:`ClosureError` for an unknown country or subdivision.
    """
    from il2sched.cache import cached_json, package_version

    code, sub = normalize_region(country, subdiv)
    wanted = sorted(set(years))
    key = {
        "holidays": package_version("holidays"),
        "country": code,
        "subdiv": sub,
        "years": wanted,
        "lang": lang,
    }
    raw = cached_json("holidays", key, lambda: _compute(code, sub, wanted, lang))
    return tuple((dt.date.fromisoformat(day), name) for day, name in raw)


def supported_countries() -> dict[str, list[str]]:
    """Country codes the package knows, each with its subdivision codes (imports ``holidays``)."""
    import holidays

    countries: dict[str, list[str]] = holidays.list_supported_countries()
    return dict(sorted(countries.items()))


def plan_years(plan: Plan) -> range:
    """Every calendar year a schedule of ``plan`` can touch, shifts and delays included."""
    regimen = plan.regimen
    weeks = regimen.weeks + sum(plan.delays.values())
    # A dose pushed out of the last window may go a little further: a margin of a few windows covers it.
    last = plan.start + dt.timedelta(weeks=weeks, days=4 * regimen.max_cycle_days)
    return range(plan.start.year, last.year + 1)


def parse_span(text: str) -> tuple[dt.date, dt.date]:
    """``YYYY-MM-DD`` or an inclusive ``YYYY-MM-DD..YYYY-MM-DD`` as (first, last); ValueError if malformed."""
    match = _SPAN_RE.fullmatch(text.strip())
    bad = f"{text.strip()!r} is not a date; write YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD"
    if not match:
        raise ValueError(bad)
    try:
        first = dt.date.fromisoformat(match.group(1))
        last = dt.date.fromisoformat(match.group(2)) if match.group(2) else first
    except ValueError:
        raise ValueError(bad) from None
    if last < first:
        raise ValueError(f"{text.strip()!r} ends before it starts; write the earlier date first")
    if (last - first).days >= MAX_RANGE_DAYS:
        raise ValueError(f"{text.strip()!r} spans more than a year; check the years or split the range")
    return first, last


def read_closed_file(path: str) -> tuple[tuple[dt.date, dt.date], ...]:
    """The closure spans listed in ``path``: one date or range per line, ``#`` comments, blank lines."""
    from il2sched.files import read_input

    text = read_input(path, "closures file", ClosureError, "check the path given to --closed-file")
    spans = []
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split("#", 1)[0].strip()
        if not content:
            continue
        try:
            spans.append(parse_span(content))
        except ValueError as exc:
            raise ClosureError(f"{path} line {number}: {exc}") from None
    return tuple(spans)


def build_closures(
    holidays: Iterable[tuple[dt.date, str]],
    spans: Iterable[tuple[dt.date, dt.date]],
    closure_name: str,
) -> dict[dt.date, Closure]:
    """The closed days: site closures named ``closure_name``, then public holidays (which name the day)."""
    closed: dict[dt.date, Closure] = {}
    for first, last in spans:
        for offset in range((last - first).days + 1):
            closed[first + dt.timedelta(days=offset)] = Closure("closed", closure_name)
    for day, name in holidays:
        closed[day] = Closure("holiday", name)
    return dict(sorted(closed.items()))


def conflict_notes(schedule: Schedule, date_text: Any) -> list[str]:
    """One line per administration a closed day affects, for stderr; ``date_text`` formats a date."""
    window = schedule.regimen.max_cycle_days
    lines = []
    for admin in schedule.administrations:
        if admin.status is Status.PLANNED:
            continue
        planned = admin.planned_date or admin.date
        what = f"cycle {admin.cycle} day {admin.cycle_day}, {date_text(planned)}"
        reason = admin.reason
        why = f"a public holiday ({reason.name})" if reason and reason.kind == "holiday" else "a site closure"
        if admin.status is Status.HOLIDAY or admin.status is Status.CLOSED:
            lines.append(f"{what}, falls on {why}")
        elif admin.status is Status.SKIPPED:
            lines.append(f"{what}, falls on {why}: skipped, not given")
        elif admin.status is Status.SHIFTED:
            lines.append(f"{what}, moved to {date_text(admin.date)} because of {why}")
        elif admin.status is Status.OUT_OF_WINDOW:
            lines.append(
                f"{what}: no open day left within the cycle's {window}-day window because of {why}; "
                f"earliest open day {date_text(admin.date)} is outside it: ask the investigator"
            )
    return lines


def holiday_lines(days: Iterable[tuple[dt.date, str]], weekday: Any) -> list[str]:
    """``holidays`` command output: ISO date, weekday (via ``weekday(date)``) and name, one per line."""
    items = list(days)
    width = max((len(weekday(d)) for d, _ in items), default=0)
    return [f"{d.isoformat()}  {weekday(d).ljust(width)}  {name}" for d, name in items]
