"""Regimen format 2 ([[phase]] tables): today's files mean the same, and bad phases are refused by key."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import builtin
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profile import examples

from il2sched.core.patterns import KINDS
from il2sched.core.regimen import parse_regimen
from il2sched.core.schedule import Closure, Plan, Policy, build_schedule
from il2sched.errors import RegimenError

FIXTURES = Path(__file__).resolve().parent.parent / "samples" / "regimens"

#: The built-in regimen as it was written in the first format ([[cycle]] tables, max_cycle_days).
FIRST_FORMAT = """
[regimen]
id = "nct01840046"
title = "Low-dose interleukin-2 in severe alopecia areata"
title_fr = "Interleukine-2 à faible dose dans la pelade sévère"
trial_id = "NCT01840046"
local_code = "12-PP-05"
sponsor = "Centre Hospitalier Universitaire de Nice"
drug = "aldesleukin"
drug_fr = "aldesleukine"
brand = "Proleukin"
route = "subcutaneous"
dose_unit = "international units"
max_cycle_days = 7
version = "1"
double_check = false
""" + "".join(
    f'\n[[cycle]]\nweek = {week}\ndose_iu = {dose}\ndays = ["MO", "TU", "WE", "TH", "FR"]\n'
    for week, dose in ((1, 1_500_000), (3, 3_000_000), (6, 3_000_000), (9, 3_000_000))
)

HEAD = """
[regimen]
id = "demo"
title = "Demo"
trial_id = "NCT00000000"
drug = "aldesleukin"
route = "subcutaneous"
dose_unit = "international units"
"""

DAILY = (
    HEAD
    + """
[[phase]]
name = "induction"
pattern = "daily"
count = 5
dose_iu = 1_000_000
tolerance_days = 2

[[phase]]
pattern = "every"
interval_days = 14
start_day = 15
count = 3
dose_iu = 1_000_000
"""
)


def test_the_builtin_file_in_format_2_is_the_first_format_file() -> None:
    old, new = parse_regimen(FIRST_FORMAT, "old.toml"), builtin()
    assert [(c.number, c.days, c.window_end, c.dose_iu) for c in old.cycles] == [
        (c.number, c.days, c.window_end, c.dose_iu) for c in new.cycles
    ]
    assert (old.end_day, old.weekday_tied, old.administrations) == (new.end_day, new.weekday_tied, 20)
    assert replace(old, phases=(), cycles=()) == replace(new, phases=(), cycles=())


@settings(max_examples=examples(150), deadline=None)
@given(
    monday=st.integers(0, 3000).map(lambda w: dt.date(2020, 1, 6) + dt.timedelta(weeks=w)),
    closed=st.sets(st.integers(-2, 70), max_size=25),
    policy=st.sampled_from(list(Policy)),
    weekends=st.booleans(),
    delays=st.dictionaries(st.integers(1, 4), st.integers(0, 3), max_size=2),
)
def test_both_formats_give_the_same_schedule(
    monday: dt.date, closed: set[int], policy: Policy, weekends: bool, delays: dict[int, int]
) -> None:
    closures = {monday + dt.timedelta(days=d): Closure("closed", f"c{d}") for d in closed}
    plans = [
        Plan(regimen=r, start=monday, closures=closures, policy=policy, weekends_open=weekends, delays=delays)
        for r in (parse_regimen(FIRST_FORMAT, "old.toml"), builtin())
    ]
    old, new = (build_schedule(p).administrations for p in plans)
    assert old == new


def test_a_phase_file_reads_its_phases_and_cycles() -> None:
    regimen = parse_regimen(DAILY, "d.toml")
    assert [p.name for p in regimen.phases] == ["induction", ""]
    assert [c.days for c in regimen.cycles] == [(1, 2, 3, 4, 5), (15,), (29,), (43,)]
    assert [c.window_end for c in regimen.cycles] == [7, 15, 29, 43]
    assert not regimen.weekday_tied and regimen.end_day == 43
    assert regimen.total_dose_iu == 8_000_000


def test_every_fixture_loads_and_cites_its_pattern() -> None:
    names = sorted(p.stem for p in FIXTURES.glob("*.toml"))
    assert names == ["alternate-days", "bsa-daily", "daily-3-years", "escalation", "induction-maintenance"]
    for path in FIXTURES.glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# Pattern:"), path.name
        parse_regimen(text, path.name)


@pytest.mark.parametrize(
    ("change", "key", "problem"),
    [
        (('pattern = "daily"', 'pattern = "fortnightly"'), "phase[1].pattern", "use one of"),
        (("count = 5\n", ""), "phase[1].count", "or end_day is needed"),
        (("count = 5\n", "count = 5\nend_day = 9\n"), "phase[1].count", "not both"),
        (("count = 5\n", "count = 0\n"), "phase[1].count", ">= 1"),
        (("count = 5\n", "count = 10_000_000\n"), "phase[1].count", "at most"),
        (("count = 5\n", "count = true\n"), "phase[1].count", "whole number"),
        (("interval_days = 14", "interval_days = 0"), "phase[2].interval_days", ">= 1"),
        (("count = 5\n", "count = 5\ninterval_days = 2\n"), "phase[1].interval_days", "not a key"),
        (("start_day = 15", "start_day = 3"), "phase[2].start_day", "phase 1 ends on study day 5"),
        (("start_day = 15", "start_day = 15\nrest_days = 2"), "phase[2].rest_days", "with start_day"),
        (("tolerance_days = 2", "tolerance_days = 10"), "phase[1].tolerance_days", "lower it below 10"),
        (("tolerance_days = 2", "tolerance_days = -1"), "phase[1].tolerance_days", ">= 0"),
        (("dose_iu = 1_000_000\ntol", "tol"), "phase[1].dose_iu", "exactly one"),
        (("dose_iu = 1_000_000\ntol", "dose_iu = 0\ntol"), "phase[1].dose_iu", ">= 1"),
        (("dose_iu = 1_000_000\ntol", "dose_iu = 2_000_000_000\ntol"), "phase[1].dose_iu", "at most"),
        (("dose_iu = 1_000_000\ntol", "dose_iu_per_m2 = 1_000_000\ntol"), "phase[1].round_to_iu", "missing"),
        (("dose_iu = 1_000_000\ntol", "dose_iu = 1\nround_to_iu = 10\ntol"), "phase[1].round_to_iu", "only"),
        (("dose_iu = 1_000_000\ntol", "dose_iu = 1\ndose_iu_per_kg = 1\ntol"), "phase[1].dose_iu", "exactly"),
        (('name = "induction"', "name = 0"), "phase[1].name", "non-empty string"),
        (('name = "induction"', 'name = "a\\nb"'), "phase[1].name", "control character"),
        (("[[phase]]\npattern", "[[cycle]]\nweek = 1\n[[phase]]\npattern"), "phase", "mixed"),
        (('dose_unit = "international units"', 'dose_unit = "international units"\nmax_cycle_days = 7'),
         "regimen.max_cycle_days", "tolerance_days"),
    ],
)  # fmt: skip
def test_a_bad_phase_is_refused_naming_file_key_and_problem(
    change: tuple[str, str], key: str, problem: str
) -> None:
    text = DAILY.replace(*change, 1)
    assert text != DAILY
    with pytest.raises(RegimenError) as err:
        parse_regimen(text, "bad.toml")
    message = str(err.value)
    assert message.startswith("bad.toml: ") and f"'{key}'" in message and problem in message, message


@pytest.mark.parametrize(
    ("phase", "key", "problem"),
    [
        ('pattern = "days"\ndays = [3, 1]\ndose_iu = 1', "phase[1].days", "increasing order"),
        ('pattern = "days"\ndays = [1]\ncount = 1\ndose_iu = 1', "phase[1].count", "lists its own days"),
        ('pattern = "weekly"\nweekdays = ["MO", "XX"]\ncount = 2\ndose_iu = 1', "phase[1].weekdays", "'XX'"),
        ('pattern = "weeks"\nweeks = []\nweekdays = ["MO"]\ndose_iu = 1', "phase[1].weeks", "missing"),
        ('pattern = "cycles"\ncycle_length = 7\ncycle_days = [1, 8]\ncount = 2\ndose_iu = 1',
         "phase[1].cycle_days", "from 1 to 7"),
        ('pattern = "cycles"\ncycle_days = [1]\ncount = 2\ndose_iu = 1', "phase[1].cycle_length", "whole"),
        ('pattern = "weekly"\nweekdays = ["SU"]\nstart_day = 1\nend_day = 6\ndose_iu = 1', "phase[1].end_day",
         "no dose"),
        ('pattern = "daily"\nstart_day = 5\nend_day = 3\ndose_iu = 1', "phase[1].end_day", ">= 5"),
        ('pattern = "daily"\nrest_days = 3\ncount = 1\ndose_iu = 1', "phase[1].rest_days", "previous phase"),
    ],
)  # fmt: skip
def test_each_pattern_checks_its_own_keys(phase: str, key: str, problem: str) -> None:
    with pytest.raises(RegimenError) as err:
        parse_regimen(f"{HEAD}\n[[phase]]\n{phase}\n", "p.toml")
    message = str(err.value)
    assert f"'{key}'" in message and problem in message, message


def test_the_readme_examples_are_valid_regimens() -> None:
    readme = (FIXTURES.parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Regimen files", 1)[1].split("\n## ", 1)[0]
    blocks = section.split("```toml\n")[1:]
    full, *snippets = (block.split("```", 1)[0] for block in blocks)
    assert parse_regimen(full, "README") == builtin()
    patterns = set()
    for snippet in snippets:
        for phase in snippet.split("[[phase]]")[1:]:
            regimen = parse_regimen(f"{HEAD}\n[[phase]]{phase}", "README")
            patterns.add(regimen.phases[0].pattern.kind)
    assert patterns == set(KINDS)  # one example of every registered kind


@pytest.mark.parametrize(
    ("name", "lang", "lines"),
    [
        ("induction-maintenance", "en",
         ["Induction: 1 million units a day, study days 1 to 5",
          "Maintenance: 1 million units every 14 days, study days 15 to 169 (12 administrations)",
          "17 administrations, 17 million units in all"]),
        ("induction-maintenance", "fr",
         ["Induction\u202f: 1 million d'unités par jour, jours d'étude 1 à 5",
          "Entretien\u202f: 1 million d'unités tous les 14 jours, jours d'étude 15 à 169 "
          "(12 administrations)",
          "17 administrations, 17 millions d'unités au total"]),
        ("alternate-days", "en",
         ["3 cycles of 28 days, study days 1 to 84: 1 million units on days 1, 3, 5, 7, 9, 11 and 13 of each",
          "21 administrations, 21 million units in all"]),
        ("bsa-daily", "en", ["1 million units/m² a day, study days 1 to 5", "5 administrations"]),
        ("escalation", "fr",
         ["Palier 1\u202f: 1 million d'unités par jour, jours d'étude 1 à 14",
          "Palier 2\u202f: 2 millions d'unités par jour, jours d'étude 15 à 28",
          "Palier 3\u202f: 3 millions d'unités par jour, jours d'étude 29 à 42",
          "42 administrations, 84 millions d'unités au total"]),
    ],
)  # fmt: skip
def test_each_fixture_reads_one_line_per_phase(name: str, lang: str, lines: list[str]) -> None:
    from il2sched.core.summary import regimen_summary
    from il2sched.sources.locale import texts_for

    regimen = parse_regimen((FIXTURES / f"{name}.toml").read_text(encoding="utf-8"), name)
    assert regimen_summary(regimen, texts_for(lang, use_cache=False)).split("\n") == lines
