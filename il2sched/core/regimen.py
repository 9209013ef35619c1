"""Regimens as data: frozen value objects parsed from TOML text and validated on load.

A regimen file has a ``[regimen]`` table and either ``[[phase]]`` tables (format 2: any pattern, body-size
doses) or ``[[cycle]]`` tables (the first format: weekdays of protocol weeks, still read and meaning the
same); see README.md. Every error names the file, the key at fault and what is wrong, so a pharmacist can
fix the file without reading code. Reading the files (built-in or a user's path) is
:mod:`il2sched.sources.regimens`' job: this module only sees text. The phases' keys are checked by
:mod:`.regimen_phases`, each pattern kind's own keys by its class (:mod:`.patterns`).
"""

from __future__ import annotations

import functools
import itertools
import tomllib
from dataclasses import dataclass
from typing import Any

from il2sched.core.dosing import MAX_DOSE_IU, DoseRule
from il2sched.core.patterns import Weeks
from il2sched.core.phases import MAX_STUDY_DAY, Cycle, Phase
from il2sched.core.regimen_phases import read_phases
from il2sched.core.validator import Validator
from il2sched.errors import RegimenError

__all__ = ["MAX_DOSE_IU", "Cycle", "Phase", "Regimen", "parse_regimen"]

#: Routes written out in full; abbreviations such as "SC" are refused (ISMP error-prone abbreviations).
ROUTES = ("subcutaneous", "intravenous", "intramuscular", "oral")

#: The only dose unit whose wording ("million units") the tool knows how to write safely.
DOSE_UNITS = ("international units",)

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
        return any(p.pattern.weekday_tied for p in self.phases)

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


@functools.lru_cache(maxsize=8)
def parse_regimen(text: str, source: str) -> Regimen:
    """Parse and validate regimen TOML; ``source`` names the file in error messages.

    The last few texts' regimens are kept (a regimen is immutable): a command, a page or a ward report reads
    the same text several times, and a long regimen takes milliseconds to validate. A refused text is not
    kept; it is read again and refused again."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegimenError(f"{source}: TOML syntax error: {exc}") from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise RegimenError(f"{source}: TOML nested too deeply; a regimen file has two levels") from None
    return _regimen(Validator(source), data)


def _regimen(v: Validator, data: dict[str, Any]) -> Regimen:
    """The whole regimen: its head, then its phases (or the first format's cycles)."""
    head = v.table(data, "regimen")
    p = "regimen."
    first_format = "cycle" in data
    known = (*_HEAD_KEYS, "max_cycle_days") if first_format else _HEAD_KEYS
    for key in head:
        if key == "max_cycle_days" and not first_format:
            raise v.fail(f"{p}{key}", "belongs to the [[cycle]] format; give each phase a tolerance_days")
        if key not in known:
            raise v.fail(f"{p}{key}", f"is not a known key; use: {', '.join(sorted(known))}")
    for key in data:
        if key not in ("regimen", "cycle", "phase"):
            raise v.fail(key, "is not a known table; a regimen file has [regimen] and [[phase]] tables")
    if first_format and "phase" in data:
        raise v.fail("phase", "cannot be mixed with [[cycle]] tables; write every cycle as a phase")
    if first_format:
        max_days = (
            v.integer(head, "max_cycle_days", f"{p}max_cycle_days", 1, MAX_STUDY_DAY)
            if "max_cycle_days" in head
            else DEFAULT_MAX_CYCLE_DAYS
        )
        phases, cycles = _first_format(v, data.get("cycle"), max_days)
    else:
        phases, cycles = read_phases(v, data.get("phase"))
    return Regimen(
        id=v.text(head, "id", p),
        title=v.text(head, "title", p),
        trial_id=v.text(head, "trial_id", p),
        local_code=v.optional_text(head, "local_code", p),
        sponsor=v.optional_text(head, "sponsor", p),
        drug=v.text(head, "drug", p),
        brand=v.optional_text(head, "brand", p),
        route=v.text(head, "route", p, ROUTES),
        dose_unit=v.text(head, "dose_unit", p, DOSE_UNITS),
        phases=phases,
        cycles=cycles,
        title_fr=v.optional_text(head, "title_fr", p),
        drug_fr=v.optional_text(head, "drug_fr", p),
        version=v.optional_text(head, "version", p),
        double_check=v.flag(head, "double_check", p),
    )


def _first_format(v: Validator, raw: Any, max_days: int) -> tuple[tuple[Phase, ...], tuple[Cycle, ...]]:
    """The first format: one ``[[cycle]]`` per protocol week, each its own phase; windows of
    ``max_days`` days from each cycle's first dose."""
    if not isinstance(raw, list) or not raw:
        raise v.fail("cycle", "is missing; add at least one [[cycle]] table")
    phases: list[Phase] = []
    cycles: list[Cycle] = []
    for index, entry in enumerate(raw, start=1):
        where = f"cycle[{index}]"
        if not isinstance(entry, dict):
            raise v.fail(where, "is not a table; write it as [[cycle]]")
        for key in entry:
            if key not in ("week", "dose_iu", "days"):
                raise v.fail(f"{where}.{key}", "is not a known key; use week, dose_iu, days")
        week = v.integer(entry, "week", f"{where}.week", 1, MAX_STUDY_DAY // 7)
        dose = DoseRule(v.integer(entry, "dose_iu", f"{where}.dose_iu", 1, MAX_DOSE_IU))
        weekdays = v.weekdays(entry.get("days"), f"{where}.days")
        days = tuple((week - 1) * 7 + d + 1 for d in weekdays)
        cycles.append(Cycle(index, index, days, days[0] + max_days - 1, dose))
        pattern = Weeks(weeks=(week,), weekdays=weekdays)
        phases.append(Phase(index, "", "", pattern, dose, (week - 1) * 7 + 1, week * 7, (index,), len(days)))
    for before, after in itertools.pairwise(cycles):
        if after.week <= before.week:
            raise v.fail(
                f"cycle[{after.number}].week",
                f"is {after.week}, which overlaps cycle {before.number} (week {before.week}); "
                "cycles must be in increasing weeks",
            )
        # The first format's rule, kept as it was: whole weeks apart from first day to first day.
        if (after.week - before.week) * 7 < max_days:
            raise v.fail(
                f"cycle[{after.number}].week",
                f"is {after.week}: cycle {before.number}'s {max_days}-day window would overlap it; "
                "leave more weeks between cycles or lower regimen.max_cycle_days",
            )
    return tuple(phases), tuple(cycles)
