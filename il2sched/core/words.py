"""Lists, weekdays and study days in words, shared by the patterns' words and the regimen's summary."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from il2sched.core.phases import runs
from il2sched.core.texts import Texts


def join_words(items: Sequence[str], texts: Texts) -> str:
    """Join items the way people write lists: "1, 3, 6 and 9" / "1, 3, 6 et 9"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {texts('sheet.and')} {items[-1]}"


def days_phrase(weekdays: tuple[int, ...], texts: Texts) -> str:
    """Weekdays (0 = Monday) in words: "Monday to Friday" for three or more in a row, else a list."""
    names = texts.locale.days_wide
    consecutive = all(b - a == 1 for a, b in itertools.pairwise(weekdays))
    if len(weekdays) >= 3 and consecutive:
        return texts("sheet.day_range", first=names[weekdays[0]], last=names[weekdays[-1]])
    return join_words([names[d] for d in weekdays], texts)


def day_list(days: Sequence[int], texts: Texts) -> str:
    """Study days with runs of three or more written as ranges: "1 to 5, 15 and 29"."""
    items: list[str] = []
    for run in runs(tuple(days)):
        if len(run) >= 3:
            items.append(texts("day_range_n", first=run[0], last=run[-1]))
        else:
            items += [str(d) for d in run]
    return join_words(items, texts)


def span(first: int, last: int, texts: Texts) -> str:
    """ "study day 15", or "study days 1 to 5"."""
    if first == last:
        return texts("study_day_n", first=first)
    return texts("study_days_n", first=first, last=last)
