"""Public holidays from the ``holidays`` package, through the data cache.

Importing ``holidays`` costs several times a bare Python start, so the dates and names it gives are kept in
the on-disk cache (:mod:`il2sched.sources.cache`), keyed on its version, the country, subdivision, years and
language; the package is imported only on a cache miss.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from il2sched.core.messages import Opt, Phrase, keyed
from il2sched.core.parsing import forbidden_character
from il2sched.errors import ClosureError
from il2sched.sources.clock import today
from il2sched.sources.files import shown

#: Codes people use that the package rejects: the Bas-Rhin (67) and Haut-Rhin (68) departments are Alsace.
SUBDIV_ALIASES: dict[tuple[str, str], str] = {("FR", "67"): "6AE", ("FR", "68"): "6AE"}

#: Holidays of years further than this from today are not kept in the data cache: rarely asked again, and a
#: page asking for every year in turn would otherwise write an entry for each.
NEAR_YEARS = 10

#: Our output language -> the package's language codes to try, best first.
_PACKAGE_LANGUAGES = {"en": ("en_US", "en_GB", "en"), "fr": ("fr", "fr_FR")}


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
        raise keyed(
            ClosureError, "country.unknown", option="country", country=f"'{shown(country, 40)}'",
            no_holidays=Opt("no-holidays"),
        )  # fmt: skip
    cls = getattr(holidays, country)
    if subdiv is None:
        return cls, None
    aliases: dict[str, str] = getattr(cls, "subdivisions_aliases", {}) or {}
    by_upper = {s.upper(): s for s in [*cls.subdivisions, *aliases]}
    found = by_upper.get(subdiv.upper())
    if found is None:
        extra = [f"{a}={t}" for (c, a), t in SUBDIV_ALIASES.items() if c == country]
        listed = ", ".join([*cls.subdivisions, *extra])
        valid = listed or Phrase("subdiv.none", {"subdiv": Opt("subdiv")})
        raise keyed(
            ClosureError, "subdiv.unknown", option="subdiv", subdiv=f"'{shown(subdiv, 40)}'", country=country,
            valid=valid,
        )  # fmt: skip
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
    from il2sched.sources.cache import cached_json, package_version

    code, sub = normalize_region(country, subdiv)
    wanted = sorted(set(years))
    key = {
        "holidays": package_version("holidays"),
        "country": code,
        "subdiv": sub,
        "years": wanted,
        "lang": lang,
    }
    raw = cached_json(
        "holidays", key, lambda: _compute(code, sub, wanted, lang), lambda value: _sound(value, wanted),
        store=all(abs(year - today().year) <= NEAR_YEARS for year in wanted),
    )  # fmt: skip
    return tuple((dt.date.fromisoformat(day), name) for day, name in raw)


def _sound(value: Any, years: list[int]) -> bool:
    """Is a cached value what :func:`_compute` writes: [ISO date in ``years``, one-line name] pairs?"""
    if not isinstance(value, list):
        return False
    for item in value:
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(v, str) for v in item)):
            return False
        day, name = item
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", day) or not 0 < len(name) <= 200:
            return False
        try:
            year = dt.date.fromisoformat(day).year
        except ValueError:  # 2026-02-30
            return False
        if year not in years or forbidden_character(name) is not None:
            return False
    return True


def supported_countries() -> dict[str, list[str]]:
    """Country codes the package knows, each with its subdivision codes (imports ``holidays``)."""
    import holidays

    countries: dict[str, list[str]] = holidays.list_supported_countries()
    return dict(sorted(countries.items()))
