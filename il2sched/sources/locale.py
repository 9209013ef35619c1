"""CLDR locale data (month and weekday names, number symbols) from Babel, through the data cache.

Importing Babel costs more than a whole CSV export, so the few items we use are kept in the on-disk cache
(:mod:`il2sched.sources.cache`), keyed on Babel's version; Babel is imported only on a cache miss.
"""

from __future__ import annotations

from typing import Any

from il2sched.core.messages import keyed
from il2sched.core.parsing import forbidden_character
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


_SHAPE = {"days_wide": 7, "days_abbr": 7, "months_wide": 12, "months_abbr": 12}


def _sound(value: Any) -> bool:
    """Is a cached value what :func:`_from_babel` writes: the four name lists and two symbols, one-line?"""
    if not isinstance(value, dict) or set(value) != {*_SHAPE, "decimal", "group"}:
        return False
    texts: list[Any] = [value["decimal"], value["group"]]
    for name, length in _SHAPE.items():
        if not isinstance(value[name], list) or len(value[name]) != length:
            return False
        texts += value[name]
    return all(isinstance(t, str) and 0 < len(t) <= 40 and forbidden_character(t) is None for t in texts)


def locale_data(lang: str, *, use_cache: bool = True) -> LocaleData:
    """CLDR data for ``lang``; from the on-disk cache unless ``use_cache`` is false."""
    if use_cache:
        from il2sched.sources.cache import cached_json, package_version

        key = {"lang": lang, "babel": package_version("babel")}
        raw = cached_json("locale", key, lambda: _from_babel(lang), _sound)
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
        raise keyed(InvalidValue, "lang.unknown", lang=repr(lang), known=" or ".join(LANGUAGES))
    return Texts(lang, locale_data(lang, use_cache=use_cache))
