"""Regimens as data: frozen value objects parsed from TOML text and validated on load.

A regimen file has a ``[regimen]`` table and one ``[[cycle]]`` table per cycle; see README.md. Every error
names the file, the key at fault and what is wrong, so a pharmacist can fix the file without reading code.
Reading the files (built-in or a user's path) is :mod:`il2sched.sources.regimens`' job: this module only
sees text.
"""

from __future__ import annotations

import itertools
import tomllib
from dataclasses import dataclass
from typing import Any

from il2sched.errors import RegimenError

#: iCalendar weekday codes, Monday first, as used in regimen files (``days = ["MO", ...]``).
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

#: Routes written out in full; abbreviations such as "SC" are refused (ISMP error-prone abbreviations).
ROUTES = ("subcutaneous", "intravenous", "intramuscular", "oral")

#: The only dose unit whose wording ("million units") the tool knows how to write safely.
DOSE_UNITS = ("international units",)


@dataclass(frozen=True, slots=True)
class Cycle:
    """One cycle: a dose given on some weekdays of one protocol week."""

    number: int
    week: int
    dose_iu: int
    weekdays: tuple[int, ...]  # 0 = Monday, as in datetime.date.weekday()

    @property
    def days(self) -> int:
        """How many administrations the cycle plans."""
        return len(self.weekdays)


@dataclass(frozen=True, slots=True)
class Regimen:
    """A dosing protocol: who runs it, what is given, and its cycles in order."""

    id: str
    title: str
    trial_id: str
    local_code: str
    sponsor: str
    drug: str
    brand: str
    route: str
    dose_unit: str
    max_cycle_days: int
    cycles: tuple[Cycle, ...]
    title_fr: str = ""  # the title in French, when the file gives one
    drug_fr: str = ""  # the drug's French INN ("aldesleukine"), when the file gives one
    version: str = ""  # the regimen file's own version, printed on sheets
    double_check: bool = False  # local policy: a second nurse checks each dose (a column on the sheet)

    def title_in(self, lang: str) -> str:
        """The title in ``lang``: the French one for ``fr`` when the file gives it, else the title."""
        return self.title_fr if lang == "fr" and self.title_fr else self.title

    def drug_in(self, lang: str) -> str:
        """The drug's name in ``lang``: the French INN for ``fr`` when the file gives it, else the drug."""
        return self.drug_fr if lang == "fr" and self.drug_fr else self.drug

    @property
    def administrations(self) -> int:
        """Number of planned administrations."""
        return sum(c.days for c in self.cycles)

    @property
    def total_dose_iu(self) -> int:
        """Sum of all planned doses, in international units."""
        return sum(c.dose_iu * c.days for c in self.cycles)

    @property
    def weeks(self) -> int:
        """The protocol's length in weeks (the last cycle's week)."""
        return max(c.week for c in self.cycles)


def parse_regimen(text: str, source: str) -> Regimen:
    """Parse and validate regimen TOML; ``source`` names the file in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegimenError(f"{source}: TOML syntax error: {exc}") from None
    return _Validator(source).regimen(data)


class _Validator:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, problem: str) -> RegimenError:
        return RegimenError(f"{self.source}: key '{key}' {problem}")

    def table(self, data: dict[str, Any], key: str) -> dict[str, Any]:
        value = data.get(key)
        if not isinstance(value, dict):
            raise self.fail(key, "is missing or not a table; add a [regimen] table")
        return value

    def text(self, table: dict[str, Any], key: str, prefix: str, allowed: tuple[str, ...] = ()) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{prefix}{key}", "is missing or empty; give a non-empty string")
        if allowed and value not in allowed:
            raise self.fail(f"{prefix}{key}", f"is {value!r}; use one of: {', '.join(allowed)}")
        if any(ord(ch) < 32 for ch in value):
            raise self.fail(f"{prefix}{key}", "contains a control character; remove it")
        return value.strip()

    def optional_text(self, table: dict[str, Any], key: str, prefix: str) -> str:
        """An optional text: absent is empty, but a present key must be a non-empty string (not ``false``)."""
        return self.text(table, key, prefix) if key in table else ""

    def flag(self, table: dict[str, Any], key: str, prefix: str) -> bool:
        """An optional ``true``/``false`` (default false)."""
        value = table.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f"{prefix}{key}", f"is {value!r}; write true or false")
        return value

    def integer(self, table: dict[str, Any], key: str, where: str, minimum: int) -> int:
        value = table.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, f"is {value!r}; give a whole number >= {minimum}")
        if value < minimum:
            raise self.fail(where, f"is {value}; it must be >= {minimum}")
        return value

    def regimen(self, data: dict[str, Any]) -> Regimen:
        head = self.table(data, "regimen")
        p = "regimen."
        known = {
            "id",
            "title",
            "trial_id",
            "local_code",
            "sponsor",
            "drug",
            "brand",
            "route",
            "dose_unit",
            "max_cycle_days",
            "title_fr",
            "drug_fr",
            "version",
            "double_check",
        }
        for key in head:
            if key not in known:
                raise self.fail(f"{p}{key}", f"is not a known key; use: {', '.join(sorted(known))}")
        for key in data:
            if key not in ("regimen", "cycle"):
                raise self.fail(key, "is not a known table; a regimen file has [regimen] and [[cycle]]")
        max_days = (
            self.integer(head, "max_cycle_days", f"{p}max_cycle_days", 1) if "max_cycle_days" in head else 7
        )
        cycles = self.cycles(data.get("cycle"), max_days)
        return Regimen(
            id=self.text(head, "id", p),
            title=self.text(head, "title", p),
            trial_id=self.text(head, "trial_id", p),
            local_code=self.optional_text(head, "local_code", p),
            sponsor=self.optional_text(head, "sponsor", p),
            drug=self.text(head, "drug", p),
            brand=self.optional_text(head, "brand", p),
            route=self.text(head, "route", p, ROUTES),
            dose_unit=self.text(head, "dose_unit", p, DOSE_UNITS),
            max_cycle_days=max_days,
            cycles=cycles,
            title_fr=self.optional_text(head, "title_fr", p),
            drug_fr=self.optional_text(head, "drug_fr", p),
            version=self.optional_text(head, "version", p),
            double_check=self.flag(head, "double_check", p),
        )

    def cycles(self, raw: Any, max_days: int) -> tuple[Cycle, ...]:
        if not isinstance(raw, list) or not raw:
            raise self.fail("cycle", "is missing; add at least one [[cycle]] table")
        cycles: list[Cycle] = []
        for index, entry in enumerate(raw, start=1):
            where = f"cycle[{index}]"
            if not isinstance(entry, dict):
                raise self.fail(where, "is not a table; write it as [[cycle]]")
            for key in entry:
                if key not in ("week", "dose_iu", "days"):
                    raise self.fail(f"{where}.{key}", "is not a known key; use week, dose_iu, days")
            week = self.integer(entry, "week", f"{where}.week", 1)
            dose = self.integer(entry, "dose_iu", f"{where}.dose_iu", 1)
            cycles.append(Cycle(index, week, dose, self.weekdays(entry.get("days"), f"{where}.days")))
        for before, after in itertools.pairwise(cycles):
            if after.week <= before.week:
                raise self.fail(
                    f"cycle[{after.number}].week",
                    f"is {after.week}, which overlaps cycle {before.number} (week {before.week}); "
                    "cycles must be in increasing weeks",
                )
            if (after.week - before.week) * 7 < max_days:
                raise self.fail(
                    f"cycle[{after.number}].week",
                    f"is {after.week}: cycle {before.number}'s {max_days}-day window would overlap it; "
                    "leave more weeks between cycles or lower regimen.max_cycle_days",
                )
        return tuple(cycles)

    def weekdays(self, raw: Any, where: str) -> tuple[int, ...]:
        if not isinstance(raw, list) or not raw:
            raise self.fail(where, 'is missing or empty; list weekdays such as ["MO", "TU"]')
        days: list[int] = []
        for value in raw:
            if not isinstance(value, str) or value.upper() not in WEEKDAY_CODES:
                raise self.fail(where, f"has unknown weekday {value!r}; use {', '.join(WEEKDAY_CODES)}")
            day = WEEKDAY_CODES.index(value.upper())
            if days and day <= days[-1]:
                raise self.fail(where, f"lists {value!r} out of order or twice; list weekdays Monday first")
            days.append(day)
        return tuple(days)
