"""The parts of a regimen: phases, the dosing pattern of each, and the cycles a pattern gives.

A regimen is a sequence of phases (induction, maintenance...). Each phase has a pattern that names its dosing
days, a dose rule, and a tolerance for the holiday policies. The pattern's days are grouped into *cycles*:
the doses that move together when a closed day shifts one of them, and within whose window they must stay.

:class:`Pattern` is what every kind of pattern is: one subclass per kind, each declaring in one place its
keys and how they are read, its days, its end bound, its phase end and its words in every language. The
kinds themselves and their registry are in :mod:`.patterns`. Pure and small: study days in, study days out.
"""

from __future__ import annotations

import itertools
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from il2sched.core.dosing import DoseRule
from il2sched.core.texts import Texts
from il2sched.core.validator import Validator

#: Where a phase's doses are given (``setting``): at the site (the default: its closed days and open days
#: apply) or self-injected at home (they do not).
SETTINGS = ("site", "home")

#: The longest regimen, in study days (about 100 years): a longer one is a typing error, and the bound keeps
#: a file from asking for more days than the engine should ever list.
MAX_STUDY_DAY = 36_525


@dataclass(frozen=True, slots=True)
class PhaseWords:
    """What a pattern's words say besides its own keys, already in the output language."""

    dose: str  # the dose rule: "1 million units", "1 million units/m²"
    first: int  # study day of the phase's first dose
    last: int  # study day of its last dose
    first_day: int  # the phase's first study day
    end_day: int  # the study day it ends on
    cycles: int  # how many cycles it has
    count: str  # " (12 administrations)" when the regimen has several phases, else ""


@dataclass(frozen=True, slots=True)
class Phrase:
    """A sentence in each language of :data:`~il2sched.core.texts.LANGUAGES` (a test checks the fields)."""

    en: str
    fr: str

    def of(self, lang: str) -> str:
        """The sentence in ``lang``."""
        text: str = getattr(self, lang)
        return text


class Pattern(ABC):
    """Which days a phase doses on: one subclass per kind of pattern, registered in :mod:`.patterns`.

    A kind declares every fact below and implements every method: they are abstract, so mypy refuses a
    registered kind that forgets a method, and the registry refuses one that forgets a declaration.
    """

    __slots__ = ()

    #: Its name in regimen files (``pattern = "every"``).
    kind: ClassVar[str]
    #: Its own keys in a ``[[phase]]`` table, besides the keys every phase has.
    keys: ClassVar[tuple[str, ...]]
    #: True when it lists its own days: ``start_day``, ``rest_days``, ``count`` and ``end_day`` do not apply.
    lists_days: ClassVar[bool]
    #: True when its days are weekdays: a regimen using it starts on a Monday (week 1 = the start's week).
    weekday_tied: ClassVar[bool]
    #: True when its cycles are protocol weeks: cycle headings name the week, and a regimen of such phases
    #: alone is summed up week by week.
    by_week: ClassVar[bool]
    #: Its words in English and French, filled in by :meth:`words`.
    phrase: ClassVar[Phrase]

    @classmethod
    @abstractmethod
    def read(cls, v: Validator, entry: Mapping[str, Any], where: str, first_day: int) -> Self:
        """The pattern of the ``[[phase]]`` table ``entry`` (``where`` in errors, e.g. ``phase[2]``) starting
        on study day ``first_day``: its own keys and its length, each checked, an error naming the key."""

    @abstractmethod
    def cycles(self, first_day: int) -> list[tuple[int, ...]]:
        """The study days of each of its cycles, in order, for a phase starting on study day ``first_day``."""

    @abstractmethod
    def last_day_bound(self, first_day: int) -> int:
        """An upper bound of the study day of its last dose, computed without listing the days.

        The validator compares it with the longest regimen allowed before expanding anything, so a huge
        ``count`` costs nothing.
        """

    @abstractmethod
    def length_key(self) -> str:
        """The key that makes the phase as long as it is, named when it is too long or starts too early."""

    @abstractmethod
    def phase_end(self, first_day: int, cycles: Sequence[tuple[int, ...]]) -> int:
        """The study day its phase ends on, given the phase's ``cycles`` (a following phase starts after)."""

    @abstractmethod
    def words(self, phase: PhaseWords, texts: Texts) -> str:
        """The phase in words in ``texts``' language: "1 million units every 14 days, study days 15 to 29"."""

    def say(self, texts: Texts, **values: object) -> str:
        """Its phrase in ``texts``' language with ``values`` filled in."""
        return self.phrase.of(texts.lang).format(**values)


@dataclass(frozen=True, slots=True, kw_only=True)
class Counted(Pattern, ABC):
    """A pattern repeated until a ``count`` of doses (of cycles, for ``cycles``) or an ``end_day``, the last
    study day a dose may fall on: exactly one of the two is set."""

    count: int | None = None
    end_day: int | None = None
    lists_days = False

    @staticmethod
    def read_length(
        v: Validator, entry: Mapping[str, Any], where: str, first_day: int
    ) -> tuple[int | None, int | None]:
        """The phase's ``count`` and ``end_day`` (one of them None), each checked."""
        if ("count" in entry) == ("end_day" in entry):
            raise v.fail(
                f"{where}.count", "or end_day is needed (one of them, not both): how long the phase lasts"
            )
        if "count" in entry:
            return v.integer(entry, "count", f"{where}.count", 1, MAX_STUDY_DAY), None
        return None, v.integer(entry, "end_day", f"{where}.end_day", first_day, MAX_STUDY_DAY)

    def limit(self, days: Iterator[int]) -> list[int]:
        """The first ``count`` of ``days``, or those up to ``end_day``."""
        if self.count is not None:
            return list(itertools.islice(days, self.count))
        end = self.end_day if self.end_day is not None else 0
        return list(itertools.takewhile(lambda d: d <= end, days))

    def last_day_bound(self, first_day: int) -> int:
        """``end_day``, or the bound :meth:`count_bound` computes from ``count``."""
        return self.end_day if self.end_day is not None else self.count_bound(first_day, self.count or 0)

    @abstractmethod
    def count_bound(self, first_day: int, count: int) -> int:
        """An upper bound of the study day of the last of ``count`` doses (or cycles) from ``first_day``."""

    def length_key(self) -> str:
        """``end_day`` when the phase gives it, else ``count``."""
        return "end_day" if self.end_day is not None else "count"


def runs(days: Iterator[int] | Sequence[int]) -> list[tuple[int, ...]]:
    """Increasing study days grouped into runs of consecutive days."""
    out: list[list[int]] = []
    for day in days:
        if out and day == out[-1][-1] + 1:
            out[-1].append(day)
        else:
            out.append([day])
    return [tuple(run) for run in out]


def last_dose(cycles: Sequence[tuple[int, ...]]) -> int:
    """The study day of the last dose of ``cycles``."""
    return cycles[-1][-1]


def week_end(day: int) -> int:
    """The study day of the Sunday of ``day``'s protocol week (week 1 starts on study day 1, a Monday)."""
    return ((day - 1) // 7 + 1) * 7


@dataclass(frozen=True, slots=True)
class Cycle:
    """The doses that move together: their study days, the last day a moved one may take, their dose."""

    number: int  # across the regimen, from 1
    phase: int  # the phase's number, from 1
    days: tuple[int, ...]  # study days of its doses, increasing (1 = the start date)
    window_end: int  # the last study day a dose of this cycle may be given (holiday policies)
    dose: DoseRule
    home: bool = False  # its phase is self-injected at home: closed days and open days do not apply

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
    home: bool = False  # ``setting = "home"``: self-injected at home, not given at the site

    def name_in(self, lang: str) -> str:
        """The phase's name in ``lang``: the French one for ``fr`` when the file gives it."""
        return self.name_fr if lang == "fr" and self.name_fr else self.name
