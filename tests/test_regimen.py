"""Regimens are data: the built-in file matches the protocol, and bad files are refused by key."""

from __future__ import annotations

from pathlib import Path

import pytest

from il2sched.core.regimen import parse_regimen
from il2sched.errors import RegimenError
from il2sched.sources.regimens import builtin_names, load_regimen

GOOD = """
[regimen]
id = "demo"
title = "Demo"
trial_id = "NCT00000000"
drug = "aldesleukin"
route = "subcutaneous"
dose_unit = "international units"

[[cycle]]
week = 1
dose_iu = 500_000
days = ["MO", "WE"]

[[cycle]]
week = 3
dose_iu = 1_000_000
days = ["TU"]
"""


def test_the_builtin_regimen_is_the_protocol() -> None:
    regimen = load_regimen("nct01840046")
    assert "nct01840046" in builtin_names()
    assert (regimen.trial_id, regimen.local_code) == ("NCT01840046", "12-PP-05")
    assert (regimen.drug, regimen.brand, regimen.route) == ("aldesleukin", "Proleukin", "subcutaneous")
    assert regimen.dose_unit == "international units"
    assert [(c.week, c.dose_iu, c.weekdays) for c in regimen.cycles] == [
        (1, 1_500_000, (0, 1, 2, 3, 4)),
        (3, 3_000_000, (0, 1, 2, 3, 4)),
        (6, 3_000_000, (0, 1, 2, 3, 4)),
        (9, 3_000_000, (0, 1, 2, 3, 4)),
    ]
    assert regimen.administrations == 20
    assert regimen.total_dose_iu == 52_500_000
    # The protocol's 7-day window: every cycle may end on its Sunday, 2 days after its last planned dose.
    assert [(c.window_days, c.window_end) for c in regimen.cycles] == [(7, 7), (7, 21), (7, 42), (7, 63)]
    assert regimen.weekday_tied and regimen.end_day == 63
    assert (regimen.drug_in("fr"), regimen.drug_in("en")) == ("aldesleukine", "aldesleukin")
    assert regimen.title_in("fr") == "Interleukine-2 à faible dose dans la pelade sévère"
    assert regimen.double_check is False


def test_a_user_regimen_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "demo.toml"
    path.write_text(GOOD, encoding="utf-8")
    regimen = load_regimen(str(path))
    assert regimen.id == "demo" and regimen.local_code == "" and regimen.brand == ""
    assert [c.weekdays for c in regimen.cycles] == [(0, 2), (1,)]
    assert regimen.total_dose_iu == 2_000_000


@pytest.mark.parametrize(
    ("change", "key", "problem"),
    [
        (("dose_iu = 500_000", "dose_iu = 0"), "cycle[1].dose_iu", "must be >= 1"),
        (("dose_iu = 500_000", "dose_iu = -5"), "cycle[1].dose_iu", "must be >= 1"),
        (("dose_iu = 500_000", "dose_iu = 1.5"), "cycle[1].dose_iu", "whole number"),
        (("week = 1", "week = 0"), "cycle[1].week", "must be >= 1"),
        (("week = 3", "week = 1"), "cycle[2].week", "overlaps cycle 1"),
        (
            ('dose_unit = "international units"', 'dose_unit = "international units"\nmax_cycle_days = 15'),
            "cycle[2].week",
            "window would overlap",
        ),
        (('dose_unit = "international units"', "max_cycle_days = 0"), "regimen.max_cycle_days", ">= 1"),
        (('days = ["MO", "WE"]', 'days = ["MO", "XX"]'), "cycle[1].days", "unknown weekday 'XX'"),
        (('days = ["MO", "WE"]', 'days = ["WE", "MO"]'), "cycle[1].days", "out of order"),
        (('days = ["MO", "WE"]', "days = []"), "cycle[1].days", "missing or empty"),
        (('route = "subcutaneous"', 'route = "SC"'), "regimen.route", "use one of"),
        (('dose_unit = "international units"', 'dose_unit = "MIU"'), "regimen.dose_unit", "use one of"),
        (('drug = "aldesleukin"', ""), "regimen.drug", "missing"),
        (('title = "Demo"', 'title = "Demo"\ncolour = "red"'), "regimen.colour", "not a known key"),
        (("week = 1\n", "week = 1\nweekz = 2\n"), "cycle[1].weekz", "not a known key"),
        # A key of the wrong type is refused, never read as absent.
        (('title = "Demo"', 'title = "Demo"\nbrand = false'), "regimen.brand", "non-empty string"),
        (('title = "Demo"', 'title = "Demo"\nsponsor = 0'), "regimen.sponsor", "non-empty string"),
        (('title = "Demo"', 'title = "Demo"\nlocal_code = []'), "regimen.local_code", "non-empty string"),
        (('title = "Demo"', 'title = "Demo"\ndrug_fr = ""'), "regimen.drug_fr", "non-empty string"),
        (('title = "Demo"', 'title = "Demo"\ndouble_check = "yes"'), "regimen.double_check", "true or false"),
    ],
)
def test_a_bad_regimen_is_refused_naming_file_key_and_problem(
    tmp_path: Path, change: tuple[str, str], key: str, problem: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(GOOD.replace(*change, 1), encoding="utf-8")
    with pytest.raises(RegimenError) as err:
        load_regimen(str(path))
    message = str(err.value)
    assert str(path) in message and f"'{key}'" in message and problem in message


def test_a_toml_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[regimen\nid = 1\n", encoding="utf-8")
    with pytest.raises(RegimenError, match=r"broken\.toml: TOML syntax error.*line 1"):
        load_regimen(str(path))


def test_missing_cycles_and_missing_table_are_named() -> None:
    with pytest.raises(RegimenError, match="'regimen'"):
        parse_regimen("[[cycle]]\nweek = 1\n", "x.toml")
    head = GOOD.split("[[cycle]]")[0]
    with pytest.raises(
        RegimenError, match=r"'phase' is missing; add at least one \[\[phase\]\] table \(or \[\[cycle"
    ):
        parse_regimen(head, "x.toml")


def test_unknown_names_and_missing_files_say_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(RegimenError, match=r"unknown regimen 'nope'.*nct01840046"):
        load_regimen("nope")
    with pytest.raises(RegimenError, match="not found"):
        load_regimen(str(tmp_path / "absent.toml"))
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes(GOOD.replace("Demo", "Démo").encode("latin-1"))
    with pytest.raises(RegimenError, match="not UTF-8"):
        load_regimen(str(latin1))
