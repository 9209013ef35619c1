"""CLDR locale data (month and weekday names, number symbols) from Babel, through the data cache.

Importing Babel costs more than a whole CSV export, so the few items we use are kept in the on-disk cache
(:mod:`il2sched.sources.cache`), keyed on Babel's version; Babel is imported only on a cache miss.
"""

from __future__ import annotations

from typing import Any

from il2sched.core.texts import LANGUAGES, LocaleData, Texts
from il2sched.errors import InvalidValue


def _from_babel(lang: str) -> dict[str, Any]:
    from babel import Locale  # heavy: only on a cache miss

    loc = Locale.parse(lang)
    return {
        "days_wide": [loc.days["format"]["wide"][i] for i in range(7)],
        "days_abbr": [loc.days["format"]["abbreviated"][i] for i in range(7)],
        "months_wide": [loc.months["format"]["wide"][i] for i in range(1, 13)],
        "months_abbr": [loc.months["format"]["abbreviated"][i] for i in range(1, 13)],
        "decimal": loc.number_symbols["latn"]["decimal"],
        "group": loc.number_symbols["latn"]["group"],
    }


def locale_data(lang: str, *, use_cache: bool = True) -> LocaleData:
    """CLDR data for ``lang``; from the on-disk cache unless ``use_cache`` is false."""
    if use_cache:
        from il2sched.sources.cache import cached_json, package_version

        key = {"lang": lang, "babel": package_version("babel")}
        raw = cached_json("locale", key, lambda: _from_babel(lang))
    else:
        raw = _from_babel(lang)
    return LocaleData(
        days_wide=tuple(raw["days_wide"]),
        days_abbr=tuple(raw["days_abbr"]),
        months_wide=tuple(raw["months_wide"]),
        months_abbr=tuple(raw["months_abbr"]),
        decimal=raw["decimal"],
        group=raw["group"],
    )


def texts_for(lang: str, *, use_cache: bool = True) -> Texts:
    """Output texts in ``lang`` (``en`` or ``fr``)."""
    if lang not in LANGUAGES:
        raise InvalidValue(f"unsupported language {lang!r}; use {' or '.join(LANGUAGES)}")
    return Texts(lang, locale_data(lang, use_cache=use_cache))
