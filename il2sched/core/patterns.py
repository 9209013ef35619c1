"""The kinds of dosing pattern, one class each, and their registry :data:`KINDS`.

Each kind says, in its own class, everything about it: its keys in a ``[[phase]]`` table and how they are
checked (``read``), its days grouped into cycles, a bound of its last dose, the day its phase ends, and its
words in English and French. Nothing else in il2sched branches on a kind's name: adding a kind is one class
here, added to :data:`KINDS` (CONTRIBUTING.md shows how), plus its rrule oracle and README example.

How they group their days into cycles (study day 1 is the start date):

- ``weeks``: given weekdays of given protocol weeks (the first format's ``[[cycle]]``); a cycle per week.
- ``weekly``: given weekdays of every week from the phase's first day; a cycle per week.
- ``daily``: every day; the whole phase is one cycle (a course).
- ``every``: every N days; consecutive days form a cycle, so every 2 or more days each dose is one.
- ``days``: a list of study days; each run of consecutive days is a cycle.
- ``cycles``: repeated cycles of L days with dosing days inside each; a cycle per repetition.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Self

from il2sched.core.phases import (
    MAX_STUDY_DAY,
    Counted,
    Pattern,
    PhaseWords,
    Phrase,
    last_dose,
    runs,
    week_end,
)
from il2sched.core.texts import Texts
from il2sched.core.validator import Validator
from il2sched.core.words import day_list, days_phrase, join_words, span


@dataclass(frozen=True, slots=True, kw_only=True)
class Weeks(Pattern):
    """Given weekdays of given protocol weeks (the built-in regimen); a cycle per week."""

    kind = "weeks"
    keys = ("weeks", "weekdays")
    lists_days = True
    weekday_tied = True
    by_week = True
    phrase = Phrase(
        en="{dose} a day, {days}",
        fr="{dose} par jour, {days}",
    )

    weeks: tuple[int, ...]  # protocol weeks, 1 = the start's week
    weekdays: tuple[int, ...]  # 0 = Monday

    @classmethod
    def read(cls, v: Validator, entry: Mapping[str, Any], where: str, first_day: int) -> Self:
        weeks = v.integers(entry.get("weeks"), f"{where}.weeks", 1, MAX_STUDY_DAY // 7, "[1, 3, 6, 9]")
        return cls(weeks=weeks, weekdays=v.weekdays(entry.get("weekdays"), f"{where}.weekdays"))

    def cycles(self, first_day: int) -> list[tuple[int, ...]]:
        return [tuple((w - 1) * 7 + d + 1 for d in self.weekdays) for w in self.weeks]

    def last_day_bound(self, first_day: int) -> int:
        return self.weeks[-1] * 7

    def length_key(self) -> str:
        return "weeks"

    def phase_end(self, first_day: int, cycles: Sequence[tuple[int, ...]]) -> int:
        return week_end(last_dose(cycles))

    def words(self, phase: PhaseWords, texts: Texts) -> str:
        weeks = [str(w) for w in self.weeks]
        days = texts.plural(
            "sheet.days_of_week", len(weeks), days=days_phrase(self.weekdays, texts),
            weeks=join_words(weeks, texts),
        )  # fmt: skip
        return self.say(texts, dose=phase.dose, days=days)


@dataclass(frozen=True, slots=True, kw_only=True)
class Weekly(Counted):
    """Given weekdays of every week from the phase's first day; a cycle per week."""

    kind = "weekly"
    keys = ("weekdays",)
    weekday_tied = True
    by_week = False
    phrase = Phrase(
        en="{dose} every {weekdays}, {span}{count}",
        fr="{dose} chaque {weekdays}, {span}{count}",
    )

    weekdays: tuple[int, ...]  # 0 = Monday

    @classmethod
    def read(cls, v: Validator, entry: Mapping[str, Any], where: str, first_day: int) -> Self:
        count, end_day = cls.read_length(v, entry, where, first_day)
        return cls(
            weekdays=v.weekdays(entry.get("weekdays"), f"{where}.weekdays"), count=count, end_day=end_day
        )

    def _days(self, first_day: int) -> Iterator[int]:
        monday = first_day - (first_day - 1) % 7  # study day of the Monday of the phase's first week
        for week_monday in itertools.count(monday, 7):
            for weekday in self.weekdays:
                day = week_monday + weekday
                if day >= first_day:
                    yield day

    def cycles(self, first_day: int) -> list[tuple[int, ...]]:
        days = self.limit(self._days(first_day))
        return [tuple(group) for _, group in itertools.groupby(days, key=lambda d: (d - 1) // 7)]

    def count_bound(self, first_day: int, count: int) -> int:
        weeks = -(-count // len(self.weekdays))
        return first_day + 7 * weeks + 6

    def phase_end(self, first_day: int, cycles: Sequence[tuple[int, ...]]) -> int:
        return week_end(last_dose(cycles))

    def words(self, phase: PhaseWords, texts: Texts) -> str:
        names = [texts.locale.days_wide[d] for d in self.weekdays]
        return self.say(texts, dose=phase.dose, weekdays=join_words(names, texts),
                        span=span(phase.first, phase.last, texts), count=phase.count)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Daily(Counted):
    """Every day; the whole phase is one cycle (a course)."""

    kind = "daily"
    keys = ()
    weekday_tied = False
    by_week = False
    phrase = Phrase(
        en="{dose} a day, {span}",
        fr="{dose} par jour, {span}",
    )

    @classmethod
    def read(cls, v: Validator, entry: Mapping[str, Any], where: str, first_day: int) -> Self:
        count, end_day = cls.read_length(v, entry, where, first_day)
        return cls(count=count, end_day=end_day)

    def cycles(self, first_day: int) -> list[tuple[int, ...]]:
        return runs(self.limit(itertools.count(first_day)))

    def count_bound(self, first_day: int, count: int) -> int:
        return first_day + count - 1

    def phase_end(self, first_day: int, cycles: Sequence[tuple[int, ...]]) -> int:
        return last_dose(cycles)

    def words(self, phase: PhaseWords, texts: Texts) -> str:
        return self.say(texts, dose=phase.dose, span=span(phase.first, phase.last, texts))


@dataclass(frozen=True, slots=True, kw_only=True)
class Every(Counted):
    """Every N days; consecutive days form a cycle, so every 2 or more days each dose is one."""

    kind = "every"
    keys = ("interval_days",)
    weekday_tied = False
    by_week = False
    phrase = Phrase(
        en="{dose} every {interval} days, {span}{count}",
        fr="{dose} tous les {interval} jours, {span}{count}",
    )

    interval: int  # days from one dose to the next

    @classmethod
    def read(cls, v: Validator, entry: Mapping[str, Any], where: str, first_day: int) -> Self:
        count, end_day = cls.read_length(v, entry, where, first_day)
        interval = v.integer(entry, "interval_days", f"{where}.interval_days", 1, MAX_STUDY_DAY)
        return cls(interval=interval, count=count, end_day=end_day)

    def cycles(self, first_day: int) -> list[tuple[int, ...]]:
        return runs(self.limit(itertools.count(first_day, self.interval)))

    def count_bound(self, first_day: int, count: int) -> int:
        return first_day + (count - 1) * self.interval

    def phase_end(self, first_day: int, cycles: Sequence[tuple[int, ...]]) -> int:
        return last_dose(cycles)

    def words(self, phase: PhaseWords, texts: Texts) -> str:
        if self.interval == 1:  # every day: said as a daily phase is
            return Daily(count=self.count, end_day=self.end_day).words(phase, texts)
        return self.say(texts, dose=phase.dose, interval=self.interval,
                        span=span(phase.first, phase.last, texts), count=phase.count)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Days(Pattern):
    """A list of study days; each run of consecutive days is a cycle."""

    kind = "days"
    keys = ("days",)
    lists_days = True
    weekday_tied = False
    by_week = False
    phrase = Phrase(
        en="{dose} on study days {days}",
        fr="{dose} les jours d'étude {days}",
    )

    days: tuple[int, ...]  # study days

    @classmethod
    def read(cls, v: Validator, entry: Mapping[str, Any], where: str, first_day: int) -> Self:
        return cls(days=v.integers(entry.get("days"), f"{where}.days", 1, MAX_STUDY_DAY, "[1, 8, 15]"))

    def cycles(self, first_day: int) -> list[tuple[int, ...]]:
        return runs(self.days)

    def last_day_bound(self, first_day: int) -> int:
        return self.days[-1]

    def length_key(self) -> str:
        return "days"

    def phase_end(self, first_day: int, cycles: Sequence[tuple[int, ...]]) -> int:
        return last_dose(cycles)

    def words(self, phase: PhaseWords, texts: Texts) -> str:
        return self.say(texts, dose=phase.dose, days=day_list(self.days, texts))


@dataclass(frozen=True, slots=True, kw_only=True)
class Cycles(Counted):
    """Repeated cycles of ``length`` days with dosing days inside each; a cycle per repetition (``count``
    counts repetitions)."""

    kind = "cycles"
    keys = ("cycle_length", "cycle_days")
    weekday_tied = False
    by_week = False
    phrase = Phrase(
        en="{cycles} of {length} days, {span}: {dose} on days {days} of each{count}",
        fr="{cycles} de {length} jours, {span} : {dose} les jours {days} de chacun{count}",
    )

    length: int  # days in a cycle
    days: tuple[int, ...]  # days of each cycle, 1 = its first day

    @classmethod
    def read(cls, v: Validator, entry: Mapping[str, Any], where: str, first_day: int) -> Self:
        count, end_day = cls.read_length(v, entry, where, first_day)
        length = v.integer(entry, "cycle_length", f"{where}.cycle_length", 1, MAX_STUDY_DAY)
        days = v.integers(entry.get("cycle_days"), f"{where}.cycle_days", 1, length, "[1, 3, 5]")
        return cls(length=length, days=days, count=count, end_day=end_day)

    def cycles(self, first_day: int) -> list[tuple[int, ...]]:
        # Day d of repetition k falls on first_day + k * length + d - 1; an end_day may cut the last one.
        starts = self.limit(itertools.count(first_day, self.length))
        end = self.end_day
        out = [tuple(b + d - 1 for d in self.days if end is None or b + d - 1 <= end) for b in starts]
        return [c for c in out if c]

    def count_bound(self, first_day: int, count: int) -> int:
        return first_day + count * self.length - 1

    def phase_end(self, first_day: int, cycles: Sequence[tuple[int, ...]]) -> int:
        repetition = (last_dose(cycles) - first_day) // self.length
        return first_day + (repetition + 1) * self.length - 1

    def words(self, phase: PhaseWords, texts: Texts) -> str:
        return self.say(
            texts, cycles=texts.plural("sheet.cycles", phase.cycles), length=self.length,
            span=span(phase.first_day, phase.end_day, texts), dose=phase.dose,
            days=join_words([str(d) for d in self.days], texts), count=phase.count,
        )  # fmt: skip


def _registry(*kinds: type[Pattern]) -> Mapping[str, type[Pattern]]:
    """The kinds by name. Passing a kind with an abstract method left is a mypy error (type-abstract); a
    kind that leaves a declaration out is refused here, at import."""
    for kind in kinds:
        missing = [name for name in Pattern.__annotations__ if not hasattr(kind, name)]
        missing += sorted(getattr(kind, "__abstractmethods__", ()))
        if missing:
            raise TypeError(f"pattern kind {kind.__name__} lacks {', '.join(missing)}")
    return {kind.kind: kind for kind in kinds}


#: Every kind a phase may use, by name, in the order error messages list them.
KINDS: Mapping[str, type[Pattern]] = _registry(Weeks, Weekly, Daily, Every, Days, Cycles)
