"""An independent oracle for every pattern kind: its parameters drawn by hypothesis, its dates built with
dateutil's rrule (never with il2sched's code), and its README example.

A kind registered in :data:`il2sched.core.patterns.KINDS` without an oracle here fails the tests that run
every kind (tests/test_patterns.py, tests/test_pattern_outputs.py, tests/test_pattern_words.py): write its
oracle from the kind's description, not from its code.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dateutil.rrule as rr
from dateutil.rrule import DAILY, WEEKLY, rrule
from hypothesis import strategies as st

D = dt.date
DAY = dt.timedelta(days=1)
README = Path(__file__).resolve().parent.parent / "README.md"
CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

HEAD = """[regimen]
id = "kind"
title = "One pattern"
title_fr = "Un motif"
trial_id = "NCT00000000"
drug = "aldesleukin"
route = "subcutaneous"
dose_unit = "international units"
"""

Params = dict[str, Any]
#: The cycles of a phase as dates (each a list), and the date the phase ends on; no cycles: no dose.
Days = tuple[list[list[D]], D | None]


@dataclass(frozen=True)
class Oracle:
    """What a kind should give, worked out here: its parameters, its dates by rrule, whether it needs a
    Monday start."""

    params: st.SearchStrategy[Params]
    days: Callable[[Params, D], Days]
    monday: bool = False  # its days are weekdays: the regimen starts on a Monday


def phase_toml(kind: str, params: Params, dose_iu: int = 1_000_000, **extra: object) -> str:
    """A ``[[phase]]`` table of ``kind`` with ``params`` (TOML values: integers, lists, strings)."""
    lines = [
        f"pattern = {json.dumps(kind)}",
        *(f"{k} = {json.dumps(v)}" for k, v in {**params, **extra}.items()),
    ]
    return "[[phase]]\n" + "\n".join([*lines, f"dose_iu = {dose_iu}"]) + "\n"


def regimen_toml(*phases: str) -> str:
    """A whole regimen file with ``phases``."""
    return HEAD + "\n" + "\n".join(phases)


def readme_examples() -> dict[str, str]:
    """The README's example ``[[phase]]`` table of each pattern kind, by kind."""
    text = README.read_text(encoding="utf-8")
    section = text.split("**Patterns**", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    tables = ["[[phase]]" + part for part in section.split("[[phase]]")[1:]]
    return {tomllib.loads(t)["phase"][0]["pattern"]: t for t in tables}


def example_params(kind: str) -> Params:
    """The parameters of ``kind``'s README example: its keys but the pattern and the dose."""
    phase = dict(tomllib.loads(readme_examples()[kind])["phase"][0])
    return {k: v for k, v in phase.items() if k not in ("pattern", "dose_iu")}


# --- dates, by rrule -----------------------------------------------------------------------------------


def _dates(rule: Iterable[dt.datetime]) -> list[D]:
    return [d.date() for d in rule]


def _first(params: Params, start: D) -> D:
    return start + (params.get("start_day", 1) - 1) * DAY


def _length(params: Params, start: D) -> dict[str, Any]:
    """rrule's own limit for a phase's ``count`` or ``end_day``."""
    if "count" in params:
        return {"count": params["count"]}
    return {"until": start + (params["end_day"] - 1) * DAY}


def _weekdays(params: Params) -> list[rr.weekday]:
    return [getattr(rr, code) for code in params["weekdays"]]


def _runs(dates: list[D]) -> list[list[D]]:
    out: list[list[D]] = []
    for day in dates:
        if out and day - out[-1][-1] == DAY:
            out[-1].append(day)
        else:
            out.append([day])
    return out


def _weeks(dates: list[D], start: D) -> list[list[D]]:
    out: dict[int, list[D]] = {}
    for day in dates:
        out.setdefault((day - start).days // 7, []).append(day)
    return list(out.values())


def _sunday(day: D) -> D:
    return day + (6 - day.weekday()) * DAY


def daily(params: Params, start: D) -> Days:
    # Every day from the phase's first day: one course while the days are consecutive.
    dates = _dates(rrule(DAILY, dtstart=_first(params, start), **_length(params, start)))
    return _runs(dates), dates[-1] if dates else None


def every(params: Params, start: D) -> Days:
    # Every interval_days days: consecutive doses (an interval of 1) are one course, else each dose is one.
    rule = rrule(
        DAILY, interval=params["interval_days"], dtstart=_first(params, start), **_length(params, start)
    )
    dates = _dates(rule)
    return _runs(dates), dates[-1] if dates else None


def weekly(params: Params, start: D) -> Days:
    # The given weekdays of every week from the phase's first day; a cycle per week; ends on that Sunday.
    rule = rrule(WEEKLY, byweekday=_weekdays(params), dtstart=_first(params, start), **_length(params, start))
    dates = _dates(rule)
    return _weeks(dates, start), _sunday(dates[-1]) if dates else None


def weeks(params: Params, start: D) -> Days:
    # The given weekdays of the given protocol weeks (week 1 = the start's); a cycle per week.
    until = start + (7 * params["weeks"][-1] - 1) * DAY
    rule = rrule(WEEKLY, byweekday=_weekdays(params), dtstart=start, until=until)
    dates = [d for d in _dates(rule) if (d - start).days // 7 + 1 in params["weeks"]]
    return _weeks(dates, start), _sunday(dates[-1])


def days(params: Params, start: D) -> Days:
    # The listed study days; each run of consecutive days is a cycle.
    every_day = _dates(rrule(DAILY, dtstart=start, count=params["days"][-1]))
    dates = [d for number, d in enumerate(every_day, start=1) if number in params["days"]]
    return _runs(dates), dates[-1]


def cycles(params: Params, start: D) -> Days:
    # Repetitions of cycle_length days from the phase's first day (count = repetitions, or those starting by
    # end_day), doses on cycle_days of each (none past end_day); the phase ends with its last repetition.
    length = params["cycle_length"]
    end = start + (params["end_day"] - 1) * DAY if "end_day" in params else None
    out: list[list[D]] = []
    last_base: D | None = None
    for base in _dates(
        rrule(DAILY, interval=length, dtstart=_first(params, start), **_length(params, start))
    ):
        inside = _dates(rrule(DAILY, dtstart=base, count=length))
        doses = [
            d for n, d in enumerate(inside, 1) if n in params["cycle_days"] and (end is None or d <= end)
        ]
        if doses:
            out.append(doses)
            last_base = base
    return out, last_base + (length - 1) * DAY if last_base else None


# --- parameters, by hypothesis -------------------------------------------------------------------------

WEEKDAYS = st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True).map(
    lambda ds: [CODES[d] for d in sorted(ds)]
)


def counted(own: st.SearchStrategy[Params], most: int = 40) -> st.SearchStrategy[Params]:
    """``own`` keys with a ``count`` (1 to ``most``) or an ``end_day``, and sometimes a ``start_day``."""

    @st.composite
    def build(draw: st.DrawFn) -> Params:
        params = dict(draw(own))
        start_day = draw(st.none() | st.integers(1, 60))
        if start_day is not None:
            params["start_day"] = start_day
        if draw(st.booleans()):
            params["count"] = draw(st.integers(1, most))
        else:
            params["end_day"] = (start_day or 1) + draw(st.integers(0, 150))
        return params

    return build()


def _cycle_keys(length: int) -> st.SearchStrategy[Params]:
    cycle_days = st.lists(st.integers(1, length), min_size=1, max_size=length, unique=True).map(sorted)
    return st.fixed_dictionaries({"cycle_length": st.just(length), "cycle_days": cycle_days})


ORACLES: dict[str, Oracle] = {
    "daily": Oracle(counted(st.just({})), daily),
    "every": Oracle(counted(st.fixed_dictionaries({"interval_days": st.integers(1, 30)})), every),
    "weekly": Oracle(counted(st.fixed_dictionaries({"weekdays": WEEKDAYS})), weekly, monday=True),
    "cycles": Oracle(counted(st.integers(1, 35).flatmap(_cycle_keys), most=6), cycles),
    "days": Oracle(
        st.fixed_dictionaries(
            {"days": st.lists(st.integers(1, 200), min_size=1, max_size=30, unique=True).map(sorted)}
        ),
        days,
    ),
    "weeks": Oracle(
        st.fixed_dictionaries(
            {"weeks": st.lists(st.integers(1, 30), min_size=1, max_size=10, unique=True).map(sorted),
             "weekdays": WEEKDAYS}
        ),
        weeks,
        monday=True,
    ),
}  # fmt: skip


def oracle(kind: str) -> Oracle:
    """The oracle of ``kind``; a registered kind without one fails here, saying what to write."""
    assert kind in ORACLES, f"pattern kind {kind!r} has no rrule oracle: add one to tests/pattern_kinds.py"
    return ORACLES[kind]


def start_for(kind: str, day: D) -> D:
    """``day``, or the Monday on or before it for a kind whose regimen starts on a Monday."""
    return day - day.weekday() * DAY if oracle(kind).monday else day
