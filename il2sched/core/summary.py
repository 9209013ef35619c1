"""A regimen in words, built from its cycles, so a user's regimen reads as truly as the built-in one."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from il2sched.core.regimen import Regimen
from il2sched.core.texts import Texts


def join_words(items: Sequence[str], texts: Texts) -> str:
    """Join items the way people write lists: "1, 3, 6 and 9" / "1, 3, 6 et 9"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {texts('sheet.and')} {items[-1]}"


def _days_phrase(weekdays: tuple[int, ...], texts: Texts) -> str:
    names = texts.locale.days_wide
    consecutive = all(b - a == 1 for a, b in itertools.pairwise(weekdays))
    if len(weekdays) >= 3 and consecutive:
        return texts("sheet.day_range", first=names[weekdays[0]], last=names[weekdays[-1]])
    return join_words([names[d] for d in weekdays], texts)


def regimen_summary(regimen: Regimen, texts: Texts) -> str:
    """The regimen in one sentence, built from its cycles (so a user regimen reads as truly as ours)."""
    by_days: dict[tuple[int, ...], list[str]] = {}
    by_dose: dict[int, list[str]] = {}
    for cycle in regimen.cycles:
        by_days.setdefault(cycle.weekdays, []).append(str(cycle.week))
        by_dose.setdefault(cycle.dose_iu, []).append(str(cycle.week))
    days = ", ".join(
        texts.plural(
            "sheet.days_of_week",
            len(weeks),
            days=_days_phrase(wd, texts),
            weeks=join_words(weeks, texts),
        )
        for wd, weeks in by_days.items()
    )
    doses = ", ".join(
        texts.plural("sheet.dose_in_week", len(weeks), dose=texts.dose(dose), weeks=join_words(weeks, texts))
        for dose, weeks in by_dose.items()
    )
    return texts(
        "sheet.summary",
        cycles=texts.plural("sheet.cycles", len(regimen.cycles)),
        days=days,
        doses=doses,
        count=texts.plural("sheet.administrations", regimen.administrations),
        total=texts.dose(regimen.total_dose_iu),
    )
