"""The parts of a regimen: phases, the dosing pattern of each, and the cycles a pattern gives.

A regimen is a sequence of phases (induction, maintenance...). Each phase has a pattern that names its dosing
days, a dose rule, and a tolerance for the holiday policies. The pattern's days are grouped into *cycles*:
the doses that move together when a closed day shifts one of them, and within whose window they must stay.

Patterns, and how they group their days into cycles (study day 1 is the start date):

- ``weeks``: given weekdays of given protocol weeks (the first format's ``[[cycle]]``); a cycle per week.
- ``weekly``: given weekdays of every week from the phase's first day; a cycle per week.
- ``daily``: every day; the whole phase is one cycle (a course).
- ``every``: every N days; consecutive days form a cycle, so every 2 or more days each dose is one.
- ``days``: a list of study days; each run of consecutive days is a cycle.
- ``cycles``: repeated cycles of L days with dosing days inside each; a cycle per repetition.

Pure and small: study days in, study days out. The validator (:mod:`il2sched.core.regimen`) checks the
values and names the keys; this module only computes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from il2sched.core.dosing import DoseRule

#: The pattern kinds a phase may use.
PATTERNS = ("weeks", "weekly", "daily", "every", "days", "cycles")
#: Patterns whose days are weekdays: a regimen using one starts on a Monday (week 1 = the start's week).
WEEKDAY_PATTERNS = ("weeks", "weekly")


@dataclass(frozen=True, slots=True)
class Pattern:
    """Which days a phase doses on; only the fields its ``kind`` uses are set."""

    kind: str
    interval: int = 1  # every: days between doses
    weekdays: tuple[int, ...] = ()  # weeks, weekly: 0 = Monday
    weeks: tuple[int, ...] = ()  # weeks: protocol weeks, 1 = the start's week
    days: tuple[int, ...] = ()  # days: study days; cycles: days of each cycle (1 = its first day)
    length: int = 0  # cycles: days in a cycle
    count: int | None = None  # doses (daily, every, weekly) or cycles (cycles)
    end_day: int | None = None  # or: the last study day a dose may fall on


@dataclass(frozen=True, slots=True)
class Cycle:
    """The doses that move together: their study days, the last day a moved one may take, their dose."""

    number: int  # across the regimen, from 1
    phase: int  # the phase's number, from 1
    days: tuple[int, ...]  # study days of its doses, increasing (1 = the start date)
    window_end: int  # the last study day a dose of this cycle may be given (holiday policies)
    dose: DoseRule

    @property
    def week(self) -> int:
        """The protocol week of its first dose (1 = the start's week)."""
        return (self.days[0] - 1) // 7 + 1

    @property
    def weekdays(self) -> tuple[int, ...]:
        """Its doses' weekdays (0 = Monday), for a regimen that starts on a Monday."""
        return tuple((d - 1) % 7 for d in self.days)

    @property
    def dose_iu(self) -> int | None:
        """Its dose in units when fixed; None when it depends on body size."""
        return self.dose.fixed_iu

    @property
    def window_days(self) -> int:
        """Its window's length in days, from its first planned dose to its last allowed day."""
        return self.window_end - self.days[0] + 1


@dataclass(frozen=True, slots=True)
class Phase:
    """A stretch of the regimen with one pattern, one dose rule and one tolerance."""

    number: int
    name: str  # "" when the file names none
    name_fr: str
    pattern: Pattern
    dose: DoseRule
    first_day: int  # study day of its first day
    end_day: int  # study day it ends on (a following phase's rest_days count from the day after)
    cycles: tuple[int, ...]  # its cycles' numbers
    administrations: int

    def name_in(self, lang: str) -> str:
        """The phase's name in ``lang``: the French one for ``fr`` when the file gives it."""
        return self.name_fr if lang == "fr" and self.name_fr else self.name


def runs(days: Iterator[int] | tuple[int, ...]) -> list[tuple[int, ...]]:
    """Increasing study days grouped into runs of consecutive days."""
    out: list[list[int]] = []
    for day in days:
        if out and day == out[-1][-1] + 1:
            out[-1].append(day)
        else:
            out.append([day])
    return [tuple(run) for run in out]


def last_day_bound(pattern: Pattern, first_day: int) -> int:
    """An upper bound of the study day of the pattern's last dose, computed without listing the days.

    The validator compares it with the longest regimen allowed before expanding anything, so a huge
    ``count`` costs nothing.
    """
    if pattern.end_day is not None:
        return pattern.end_day
    count = pattern.count or 0
    if pattern.kind == "daily":
        return first_day + count - 1
    if pattern.kind == "every":
        return first_day + (count - 1) * pattern.interval
    if pattern.kind == "weekly":
        weeks = -(-count // max(len(pattern.weekdays), 1))
        return first_day + 7 * weeks + 6
    if pattern.kind == "cycles":
        return first_day + count * pattern.length - 1
    if pattern.kind == "weeks":
        return max(pattern.weeks, default=0) * 7
    return max(pattern.days, default=0)


def _weekly_days(pattern: Pattern, first_day: int) -> Iterator[int]:
    monday = first_day - (first_day - 1) % 7  # study day of the Monday of the phase's first week
    for week_monday in itertools.count(monday, 7):
        for weekday in pattern.weekdays:
            day = week_monday + weekday
            if day >= first_day:
                yield day


def _limit(days: Iterator[int], pattern: Pattern) -> list[int]:
    """The first ``count`` days, or those up to ``end_day``."""
    if pattern.count is not None:
        return list(itertools.islice(days, pattern.count))
    end = pattern.end_day if pattern.end_day is not None else 0
    return list(itertools.takewhile(lambda d: d <= end, days))


def pattern_cycles(pattern: Pattern, first_day: int) -> list[tuple[int, ...]]:
    """The study days of each cycle of ``pattern`` for a phase starting on study day ``first_day``."""
    kind = pattern.kind
    if kind == "weeks":
        return [tuple((w - 1) * 7 + d + 1 for d in pattern.weekdays) for w in pattern.weeks]
    if kind == "days":
        return runs(pattern.days)
    if kind in ("daily", "every"):
        step = 1 if kind == "daily" else pattern.interval
        return runs(tuple(_limit(itertools.count(first_day, step), pattern)))
    if kind == "weekly":
        days = _limit(_weekly_days(pattern, first_day), pattern)
        return [tuple(group) for _, group in itertools.groupby(days, key=lambda d: (d - 1) // 7)]
    # cycles: day d of repetition k falls on first_day + k * length + d - 1
    bases = itertools.count(first_day, pattern.length)
    if pattern.count is not None:
        starts = list(itertools.islice(bases, pattern.count))
    else:
        starts = list(itertools.takewhile(lambda b: b <= (pattern.end_day or 0), bases))
    limit = pattern.end_day if pattern.end_day is not None else None
    out = [tuple(b + d - 1 for d in pattern.days if limit is None or b + d - 1 <= limit) for b in starts]
    return [c for c in out if c]


def phase_end(pattern: Pattern, first_day: int, cycles: list[tuple[int, ...]]) -> int:
    """The study day a phase ends on: its last dose, the Sunday of its last week (weekday patterns), or the
    last day of its last cycle (``cycles``)."""
    last = cycles[-1][-1]
    if pattern.kind in WEEKDAY_PATTERNS:
        return ((last - 1) // 7 + 1) * 7
    if pattern.kind == "cycles":
        repetition = (last - first_day) // pattern.length
        return first_day + (repetition + 1) * pattern.length - 1
    return last
