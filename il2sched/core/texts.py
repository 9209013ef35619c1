"""Words, dates and numbers in the output language (English or French).

Month and weekday names and number symbols are CLDR's, handed in as :class:`LocaleData` (loaded at the edge
by :mod:`il2sched.sources.locale`, through the data cache); the sentences are ours (:mod:`.phrases`).

Wording follows the ISMP list of error-prone abbreviations: "1.5 million units", never IU/U/MIU/MU, no
trailing zeros, a leading zero below one, routes written out, dates with the month in letters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from il2sched.core.phrases import PHRASES

LANGUAGES = ("en", "fr")


@dataclass(frozen=True, slots=True)
class LocaleData:
    """The CLDR items we use: names Monday-first / January-first, and number symbols."""

    days_wide: tuple[str, ...]
    days_abbr: tuple[str, ...]
    months_wide: tuple[str, ...]
    months_abbr: tuple[str, ...]
    decimal: str
    group: str


@dataclass(frozen=True, slots=True)
class Texts:
    """Everything an exporter writes for people, in one language."""

    lang: str
    locale: LocaleData

    def __call__(self, key: str, **values: object) -> str:
        """The sentence ``key`` with ``values`` filled in."""
        return PHRASES[self.lang][key].format(**values)

    def field(self, key: str, value: object) -> str:
        """A label and its value: "Patient: P-01", or "Patient : P-01" in French."""
        return self.labelled(self(key), value)

    def plural(self, key: str, count: int | Decimal, **values: object) -> str:
        """``key_one`` or ``key_many`` by ``count`` (French counts 0 and 1 as singular), ``n`` = count."""
        singular = count < 2 if self.lang == "fr" else count == 1
        return self(f"{key}_{'one' if singular else 'many'}", **{"n": count, **values})

    def labelled(self, label: str, value: object) -> str:
        """``label`` and ``value`` joined by a colon, spaced as the language wants (French: a narrow
        no-break space before it)."""
        colon = "\u202f: " if self.lang == "fr" else ": "
        return f"{label}{colon}{value}"

    def joined(self, *notes: str) -> str:
        """The non-empty notes, one sentence after the other ("a; b", French "a ; b")."""
        return self("notes_sep").join(n for n in notes if n)

    def integer(self, value: int) -> str:
        """A whole number with the language's thousands separator (1,500,000 / 1 500 000)."""
        return f"{value:,}".replace(",", self.locale.group)

    def number(self, value: Decimal | int) -> str:
        """An exact number with the language's separators and no trailing zero: 1.73 / 1,73; 72.5 / 72,5."""
        whole, _, fraction = format(Decimal(value).normalize(), "f").partition(".")
        text = self.integer(int(whole))
        return f"{text}{self.locale.decimal}{fraction}" if fraction else text

    def dose(self, dose_iu: int | Decimal) -> str:
        """A dose for people: "1.5 million units", "3 millions d'unités", "100,000 units" (exact, even 0.5).

        Below one million, in units: "0.1 million" is a decimal point a tired eye can lose.
        """
        if dose_iu < 1_000_000:
            return self.plural("units_plain", dose_iu, n=self.number(dose_iu))
        # number() groups thousands too: a billion units is "1,000 million units", never "1000 million".
        number = self.number(Decimal(dose_iu) / Decimal(1_000_000))
        plural = Decimal(dose_iu) >= 2_000_000
        return self("million_units_many" if plural else "million_units_one", n=number)

    def dose_words(self, dose_iu: int) -> str:
        """The exact dose in words: "1,500,000 international units"."""
        return self("international_units", n=self.integer(dose_iu))

    def route(self, route: str) -> str:
        """The route written out in the language ("subcutaneous", "sous-cutanée")."""
        return self(f"route.{route}")

    def status(self, status: str) -> str:
        """A status for people."""
        return self(f"status.{status}")

    def weekday(self, day: dt.date) -> str:
        """Full weekday name ("Monday", "lundi")."""
        return self.locale.days_wide[day.weekday()]

    def weekday_abbr(self, index: int) -> str:
        """Abbreviated weekday name, Monday = 0 ("Mon", "lun.")."""
        return self.locale.days_abbr[index]

    def day_of_month(self, day: dt.date) -> str:
        """The day's number as the language writes it in a date: "1", but "1er" in French."""
        return "1er" if day.day == 1 and self.lang == "fr" else str(day.day)

    def date(self, day: dt.date) -> str:
        """A date nobody can misread: "Mon 27 Apr 2026" / "lun. 27 avr. 2026", "ven. 1er mai 2026"."""
        loc = self.locale
        return f"{loc.days_abbr[day.weekday()]} {self.day_month(day)} {day.year}"

    def date_long(self, day: dt.date) -> str:
        """A date in full: "Monday 27 April 2026" / "lundi 27 avril 2026", "vendredi 1er mai 2026"."""
        return f"{self.weekday(day)} {self.day_month_long(day)} {day.year}"

    def day_month(self, day: dt.date) -> str:
        """Day and abbreviated month: "27 Apr" / "27 avr.", "1er mai"."""
        return f"{self.day_of_month(day)} {self.locale.months_abbr[day.month - 1]}"

    def day_month_long(self, day: dt.date) -> str:
        """Day and month in full: "27 April" / "27 avril", "1er mai"."""
        return f"{self.day_of_month(day)} {self.locale.months_wide[day.month - 1]}"

    def month_year(self, day: dt.date) -> str:
        """The month in full and the year: "May 2026" / "mai 2026"."""
        return f"{self.locale.months_wide[day.month - 1]} {day.year}"

    def time(self, value: dt.time | None) -> str:
        """24-hour time "09:00", or "all day"."""
        return value.strftime("%H:%M") if value else self("all_day")
