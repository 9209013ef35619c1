"""Regimens as data: frozen value objects parsed from TOML text and validated on load.

A regimen file has a ``[regimen]`` table and either ``[[phase]]`` tables (format 2: any pattern, body-size
doses) or ``[[cycle]]`` tables (the first format: weekdays of protocol weeks, still read and meaning the
same); see README.md. Every error names the file, the key at fault and what is wrong, so a pharmacist can
fix the file without reading code. Reading the files (built-in or a user's path) is
:mod:`il2sched.sources.regimens`' job: this module only sees text. The phases' keys are checked by
:mod:`.regimen_phases`.
"""

from __future__ import annotations

import itertools
import tomllib
from dataclasses import dataclass
from typing import Any

from il2sched.core.dosing import MAX_DOSE_IU, DoseRule
from il2sched.core.parsing import forbidden_character
from il2sched.core.phases import WEEKDAY_PATTERNS, Cycle, Pattern, Phase
from il2sched.errors import RegimenError

__all__ = ["MAX_DOSE_IU", "Cycle", "Phase", "Regimen", "parse_regimen"]

#: iCalendar weekday codes, Monday first, as used in regimen files (``days = ["MO", ...]``).
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

#: Routes written out in full; abbreviations such as "SC" are refused (ISMP error-prone abbreviations).
ROUTES = ("subcutaneous", "intravenous", "intramuscular", "oral")

#: The only dose unit whose wording ("million units") the tool knows how to write safely.
DOSE_UNITS = ("international units",)

#: The longest regimen, in study days (about 100 years): a longer one is a typing error, and the bound keeps
#: a file from asking for more days than the engine should ever list.
MAX_STUDY_DAY = 36_525
#: The first format's default window: a cycle ends within 7 days of its first dose.
DEFAULT_MAX_CYCLE_DAYS = 7

_HEAD_KEYS = (
    "id", "title", "trial_id", "local_code", "sponsor", "drug", "brand", "route", "dose_unit",
    "title_fr", "drug_fr", "version", "double_check",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Regimen:
    """A dosing protocol: who runs it, what is given, its phases and their cycles in order."""

    id: str
    title: str
    trial_id: str
    local_code: str
    sponsor: str
    drug: str
    brand: str
    route: str
    dose_unit: str
    phases: tuple[Phase, ...]
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

    def phase_of(self, cycle: int) -> Phase:
        """The phase cycle number ``cycle`` belongs to."""
        return self.phases[self.cycles[cycle - 1].phase - 1]

    def window_days(self, cycle: int) -> int:
        """The window of cycle number ``cycle`` in days, from its first planned dose (holiday policies)."""
        return self.cycles[cycle - 1].window_days

    @property
    def weekday_tied(self) -> bool:
        """True when a pattern names weekdays: the start must then be a Monday (week 1 = its week)."""
        return any(p.pattern.kind in WEEKDAY_PATTERNS for p in self.phases)

    @property
    def end_day(self) -> int:
        """The study day the regimen ends on (its last phase's end)."""
        return self.phases[-1].end_day

    @property
    def administrations(self) -> int:
        """Number of planned administrations."""
        return sum(len(c.days) for c in self.cycles)

    @property
    def total_dose_iu(self) -> int | None:
        """Sum of all planned doses in units; None when a dose depends on body size."""
        fixed = [(p.dose.fixed_iu, p.administrations) for p in self.phases]
        if any(dose is None for dose, _ in fixed):
            return None
        return sum((dose or 0) * count for dose, count in fixed)

    @property
    def weeks(self) -> int:
        """The protocol's length in weeks (the week of its end day)."""
        return (self.end_day - 1) // 7 + 1


def parse_regimen(text: str, source: str) -> Regimen:
    """Parse and validate regimen TOML; ``source`` names the file in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegimenError(f"{source}: TOML syntax error: {exc}") from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise RegimenError(f"{source}: TOML nested too deeply; a regimen file has two levels") from None
    return Validator(source).regimen(data)


class Validator:
    """Reads a regimen's TOML data; every error names the file, the key and the problem."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, problem: str) -> RegimenError:
        """The error for ``key`` (a dotted path such as ``phase[2].count``)."""
        return RegimenError(f"{self.source}: key '{key}' {problem}")

    def table(self, data: dict[str, Any], key: str) -> dict[str, Any]:
        """The table ``key`` of ``data``."""
        value = data.get(key)
        if not isinstance(value, dict):
            raise self.fail(key, "is missing or not a table; add a [regimen] table")
        return value

    def text(self, table: dict[str, Any], key: str, prefix: str, allowed: tuple[str, ...] = ()) -> str:
        """A required non-empty string on one line, one of ``allowed`` when given."""
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{prefix}{key}", "is missing or empty; give a non-empty string")
        if allowed and value not in allowed:
            raise self.fail(f"{prefix}{key}", f"is {value!r}; use one of: {', '.join(allowed)}")
        bad = forbidden_character(value)
        if bad is not None:
            raise self.fail(
                f"{prefix}{key}",
                f"contains {bad} (a line break, control character or text-direction character); remove it",
            )
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

    def integer(
        self, table: dict[str, Any], key: str, where: str, minimum: int, maximum: int | None = None
    ) -> int:
        """A whole number from ``minimum`` to ``maximum`` (a TOML integer, never ``true`` or ``1.5``)."""
        value = table.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, f"is {value!r}; give a whole number >= {minimum}")
        if value < minimum:
            raise self.fail(where, f"is {value}; it must be >= {minimum}")
        if maximum is not None and value > maximum:
            raise self.fail(where, f"is {value}; it must be at most {maximum:_}")
        return value

    def integers(self, raw: Any, where: str, low: int, high: int, example: str) -> tuple[int, ...]:
        """A non-empty list of increasing whole numbers from ``low`` to ``high``."""
        if not isinstance(raw, list) or not raw:
            raise self.fail(where, f"is missing or empty; list whole numbers such as {example}")
        values: list[int] = []
        for value in raw:
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise self.fail(where, f"has {value!r}; list whole numbers from {low} to {high:_}")
            if values and value <= values[-1]:
                raise self.fail(where, f"lists {value} out of order or twice; list them in increasing order")
            values.append(value)
        return tuple(values)

    def weekdays(self, raw: Any, where: str) -> tuple[int, ...]:
        """A non-empty list of weekday codes, Monday first, each once."""
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

    def regimen(self, data: dict[str, Any]) -> Regimen:
        """The whole regimen: its head, then its phases (or the first format's cycles)."""
        head = self.table(data, "regimen")
        p = "regimen."
        first_format = "cycle" in data
        known = (*_HEAD_KEYS, "max_cycle_days") if first_format else _HEAD_KEYS
        for key in head:
            if key == "max_cycle_days" and not first_format:
                raise self.fail(
                    f"{p}{key}", "belongs to the [[cycle]] format; give each phase a tolerance_days"
                )
            if key not in known:
                raise self.fail(f"{p}{key}", f"is not a known key; use: {', '.join(sorted(known))}")
        for key in data:
            if key not in ("regimen", "cycle", "phase"):
                raise self.fail(
                    key, "is not a known table; a regimen file has [regimen] and [[phase]] tables"
                )
        if first_format and "phase" in data:
            raise self.fail("phase", "cannot be mixed with [[cycle]] tables; write every cycle as a phase")
        if first_format:
            max_days = (
                self.integer(head, "max_cycle_days", f"{p}max_cycle_days", 1, MAX_STUDY_DAY)
                if "max_cycle_days" in head
                else DEFAULT_MAX_CYCLE_DAYS
            )
            phases, cycles = self.first_format_cycles(data.get("cycle"), max_days)
        else:
            from il2sched.core.regimen_phases import read_phases

            phases, cycles = read_phases(self, data.get("phase"))
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
            phases=phases,
            cycles=cycles,
            title_fr=self.optional_text(head, "title_fr", p),
            drug_fr=self.optional_text(head, "drug_fr", p),
            version=self.optional_text(head, "version", p),
            double_check=self.flag(head, "double_check", p),
        )

    def first_format_cycles(self, raw: Any, max_days: int) -> tuple[tuple[Phase, ...], tuple[Cycle, ...]]:
        """The first format: one ``[[cycle]]`` per protocol week, each its own phase; windows of
        ``max_days`` days from each cycle's first dose."""
        if not isinstance(raw, list) or not raw:
            raise self.fail("cycle", "is missing; add at least one [[cycle]] table")
        phases: list[Phase] = []
        cycles: list[Cycle] = []
        for index, entry in enumerate(raw, start=1):
            where = f"cycle[{index}]"
            if not isinstance(entry, dict):
                raise self.fail(where, "is not a table; write it as [[cycle]]")
            for key in entry:
                if key not in ("week", "dose_iu", "days"):
                    raise self.fail(f"{where}.{key}", "is not a known key; use week, dose_iu, days")
            week = self.integer(entry, "week", f"{where}.week", 1, MAX_STUDY_DAY // 7)
            dose = DoseRule(self.integer(entry, "dose_iu", f"{where}.dose_iu", 1, MAX_DOSE_IU))
            weekdays = self.weekdays(entry.get("days"), f"{where}.days")
            days = tuple((week - 1) * 7 + d + 1 for d in weekdays)
            cycles.append(Cycle(index, index, days, days[0] + max_days - 1, dose))
            pattern = Pattern("weeks", weekdays=weekdays, weeks=(week,))
            phases.append(
                Phase(index, "", "", pattern, dose, (week - 1) * 7 + 1, week * 7, (index,), len(days))
            )
        for before, after in itertools.pairwise(cycles):
            if after.week <= before.week:
                raise self.fail(
                    f"cycle[{after.number}].week",
                    f"is {after.week}, which overlaps cycle {before.number} (week {before.week}); "
                    "cycles must be in increasing weeks",
                )
            # The first format's rule, kept as it was: whole weeks apart from first day to first day.
            if (after.week - before.week) * 7 < max_days:
                raise self.fail(
                    f"cycle[{after.number}].week",
                    f"is {after.week}: cycle {before.number}'s {max_days}-day window would overlap it; "
                    "leave more weeks between cycles or lower regimen.max_cycle_days",
                )
        return tuple(phases), tuple(cycles)
