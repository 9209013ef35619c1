"""Format 2 of regimen files: the ``[[phase]]`` tables, each checked key by key, then laid out in cycles.

A phase: an optional ``name`` (and ``name_fr``), a ``pattern`` and its keys, a start (``start_day``, or
``rest_days`` after the previous phase's end; by default the day after it), a ``count`` or an ``end_day``,
a dose (``dose_iu``, or ``dose_iu_per_m2`` / ``dose_iu_per_kg`` with ``round_to_iu`` and an optional
``max_dose_iu``), a ``tolerance_days`` for the holiday policies and a ``setting`` (``"site"``, the default,
or ``"home"``: self-injected at home, where closed days do not apply). See README.md for one example per
pattern.
"""

from __future__ import annotations

import itertools
from typing import Any

from il2sched.core.dosing import MAX_DOSE_IU, PER_KG, PER_M2, DoseRule
from il2sched.core.patterns import KINDS
from il2sched.core.phases import MAX_STUDY_DAY, SETTINGS, Cycle, Pattern, Phase
from il2sched.core.validator import Validator

#: The most days a dose may move under the shift policy: a longer tolerance is no longer a schedule.
MAX_TOLERANCE_DAYS = 366

#: The keys of every phase; each pattern kind adds its own (:attr:`~il2sched.core.phases.Pattern.keys`).
_COMMON = (
    "name", "name_fr", "pattern", "start_day", "rest_days", "count", "end_day", "tolerance_days",
    "dose_iu", "dose_iu_per_m2", "dose_iu_per_kg", "round_to_iu", "max_dose_iu", "setting",
)  # fmt: skip


def read_phases(v: Validator, raw: Any) -> tuple[tuple[Phase, ...], tuple[Cycle, ...]]:
    """Every ``[[phase]]`` of the file, in order, and the cycles they give, numbered across the regimen."""
    if not isinstance(raw, list) or not raw:
        raise v.fail("phase", "is missing; add at least one [[phase]] table (or [[cycle]] tables)")
    phases: list[Phase] = []
    cycles: list[Cycle] = []
    for index, entry in enumerate(raw, start=1):
        previous = phases[-1] if phases else None
        phase, days, tolerance = _phase(v, entry, index, previous, len(cycles))
        for number, run in enumerate(days, start=len(cycles) + 1):
            cycles.append(Cycle(number, index, run, run[-1] + tolerance, phase.dose, phase.home))
        phases.append(phase)
    for before, after in itertools.pairwise(cycles):
        if before.window_end >= after.days[0]:
            where = f"phase[{before.phase}].tolerance_days"
            raise v.fail(
                where,
                f"lets cycle {before.number} run to study day {before.window_end}, past cycle "
                f"{after.number}'s first dose (study day {after.days[0]}); "
                f"lower it below {after.days[0] - before.days[-1]}",
            )
    return tuple(phases), tuple(cycles)


def _phase(
    v: Validator, entry: Any, index: int, previous: Phase | None, cycles_before: int
) -> tuple[Phase, list[tuple[int, ...]], int]:
    where = f"phase[{index}]"
    if not isinstance(entry, dict):
        raise v.fail(where, "is not a table; write it as [[phase]]")
    kind = KINDS[v.text(entry, "pattern", f"{where}.", tuple(KINDS))]
    allowed = (*_COMMON, *kind.keys)
    for key in entry:
        if key not in allowed:
            raise v.fail(
                f"{where}.{key}", f"is not a key of a {kind.kind!r} phase; use: {', '.join(sorted(allowed))}"
            )
    earliest = previous.end_day + 1 if previous is not None else 1
    first_day = _start(v, entry, where, kind, earliest, previous)
    pattern = kind.read(v, entry, where, first_day)
    if pattern.last_day_bound(first_day) > MAX_STUDY_DAY:
        raise v.fail(
            f"{where}.{pattern.length_key()}",
            f"makes the regimen longer than {MAX_STUDY_DAY:_} study days (about 100 years); shorten it",
        )
    days = pattern.cycles(first_day)
    if not days:
        raise v.fail(f"{where}.end_day", f"is {entry.get('end_day')}: the phase would give no dose; raise it")
    if days[0][0] < earliest:
        what = (
            f"phase {previous.number} ends on study day {previous.end_day}" if previous else "day 1 is first"
        )
        raise v.fail(
            f"{where}.{pattern.length_key()}",
            f"puts a dose on study day {days[0][0]}, but {what}; phases follow one another",
        )
    tolerance = (
        v.integer(entry, "tolerance_days", f"{where}.tolerance_days", 0, MAX_TOLERANCE_DAYS)
        if "tolerance_days" in entry
        else 0
    )
    phase = Phase(
        number=index,
        name=v.optional_text(entry, "name", f"{where}."),
        name_fr=v.optional_text(entry, "name_fr", f"{where}."),
        pattern=pattern,
        dose=_dose(v, entry, where),
        first_day=first_day,
        end_day=pattern.phase_end(first_day, days),
        cycles=tuple(range(cycles_before + 1, cycles_before + len(days) + 1)),
        administrations=sum(len(run) for run in days),
        home=("setting" in entry and v.text(entry, "setting", f"{where}.", SETTINGS) == "home"),
    )
    return phase, days, tolerance


def _start(
    v: Validator,
    entry: dict[str, Any],
    where: str,
    kind: type[Pattern],
    earliest: int,
    previous: Phase | None,
) -> int:
    """The phase's first study day: ``start_day``, or ``rest_days`` after the previous phase's end."""
    if kind.lists_days:
        for key in ("start_day", "rest_days", "count", "end_day"):
            if key in entry:
                raise v.fail(
                    f"{where}.{key}", f"does not apply to a {kind.kind!r} phase, which lists its own days"
                )
        return earliest
    if "start_day" in entry and "rest_days" in entry:
        raise v.fail(f"{where}.rest_days", "cannot be given with start_day; keep one of them")
    if "start_day" in entry:
        day = v.integer(entry, "start_day", f"{where}.start_day", 1, MAX_STUDY_DAY)
        if day < earliest and previous is not None:
            raise v.fail(
                f"{where}.start_day",
                f"is {day}, but phase {previous.number} ends on study day {previous.end_day}; "
                "phases follow one another",
            )
        return day
    if "rest_days" in entry:
        if previous is None:
            raise v.fail(f"{where}.rest_days", "needs a previous phase; give the first phase a start_day")
        return earliest + v.integer(entry, "rest_days", f"{where}.rest_days", 0, MAX_STUDY_DAY)
    return earliest


def _dose(v: Validator, entry: dict[str, Any], where: str) -> DoseRule:
    """A fixed dose, or one per m² or per kg with its rounding step and optional cap."""
    given = [k for k in ("dose_iu", "dose_iu_per_m2", "dose_iu_per_kg") if k in entry]
    if len(given) != 1:
        raise v.fail(
            f"{where}.dose_iu",
            "or dose_iu_per_m2 or dose_iu_per_kg is needed, exactly one: the dose in units",
        )
    key = given[0]
    amount = v.integer(entry, key, f"{where}.{key}", 1, MAX_DOSE_IU)
    if key == "dose_iu":
        for extra in ("round_to_iu", "max_dose_iu"):
            if extra in entry:
                raise v.fail(
                    f"{where}.{extra}", "applies to body-size doses only (dose_iu_per_m2, dose_iu_per_kg)"
                )
        return DoseRule(amount)
    if "round_to_iu" not in entry:
        raise v.fail(
            f"{where}.round_to_iu", "is missing: a body-size dose needs its rounding step, e.g. 100_000"
        )
    step = v.integer(entry, "round_to_iu", f"{where}.round_to_iu", 1, MAX_DOSE_IU)
    cap = (
        v.integer(entry, "max_dose_iu", f"{where}.max_dose_iu", 1, MAX_DOSE_IU)
        if "max_dose_iu" in entry
        else None
    )
    return DoseRule(amount, PER_M2 if key == "dose_iu_per_m2" else PER_KG, step, cap)
