"""Use cases that list reference data: the built-in regimens, a year's public holidays, the countries."""

from __future__ import annotations

from il2sched.core.closed_days import holiday_lines
from il2sched.sources.clock import today
from il2sched.sources.locale import texts_for


def regimen_lines() -> list[str]:
    """One line per built-in regimen: title, trial, drug, route, cycles, administrations and total dose."""
    from il2sched.sources.regimens import builtin_names, load_regimen

    texts = texts_for("en")
    lines = []
    for name in builtin_names():
        regimen = load_regimen(name)
        lines.append(
            f"{name}: {regimen.title} ({regimen.trial_id}); {regimen.drug}, {texts.route(regimen.route)}; "
            f"{len(regimen.cycles)} cycles, {regimen.administrations} administrations, "
            + (
                f"{texts.dose(total)} in all"
                if (total := regimen.total_dose_iu) is not None
                else "doses by body size"
            )
        )
    return lines


def public_holiday_lines(country: str, subdiv: str | None, year: int | None, lang: str) -> list[str]:
    """A year's public holidays (this year by default), one per line: ISO date, weekday, name."""
    from il2sched.sources.holidays import public_holidays

    wanted = year if year is not None else today().year
    texts = texts_for(lang)
    return holiday_lines(public_holidays(country, subdiv, [wanted], lang), texts.weekday)


def country_lines() -> list[str]:
    """The supported countries, one per line, each with its subdivision codes."""
    from il2sched.sources.holidays import supported_countries

    return [f"{code}  {' '.join(regions)}".rstrip() for code, regions in supported_countries().items()]
