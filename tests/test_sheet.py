"""The sheet model: header wording, the calendar picture, the rows, and pages that keep cycles whole."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import STAMP, builtin, schedule
from hypothesis import given, settings
from hypothesis import strategies as st

from il2sched.cli import main
from il2sched.core.parsing import MAX_SITE
from il2sched.core.regimen import parse_regimen
from il2sched.core.schedule import Closure, Plan, Policy, Schedule, build_schedule
from il2sched.core.summary import regimen_summary
from il2sched.core.texts import Texts
from il2sched.errors import SheetError
from il2sched.print.layout import PAPERS
from il2sched.print.sheet import Sheet, build_sheet
from il2sched.print.sheet_pages import LAYOUT
from il2sched.sources.locale import texts_for


def texts(lang: str) -> Texts:
    return texts_for(lang, use_cache=False)


def sheet(sched: Schedule, lang: str = "en", paper: str = "a4", site: str = "Ward 3") -> Sheet:
    return build_sheet(sched, texts(lang), site=site, paper=paper, stamp=STAMP)


def regimen_toml(cycles: str, **head: str) -> str:
    fields = {
        "id": "custom",
        "title": "A custom protocol",
        "trial_id": "NCT00000000",
        "drug": "aldesleukin",
        "route": "subcutaneous",
        "dose_unit": "international units",
        **head,
    }
    lines = ["[regimen]", *(f'{k} = "{v}"' for k, v in fields.items())]
    return "\n".join(lines) + "\n" + cycles


def test_the_builtin_regimen_is_summed_up_in_words_in_english_and_french() -> None:
    assert regimen_summary(builtin(), texts("en")) == (
        "4 cycles, Monday to Friday of weeks 1, 3, 6 and 9: 1.5 million units a day in week 1, "
        "3 million units a day in weeks 3, 6 and 9; 20 administrations, 52.5 million units in all"
    )
    assert regimen_summary(builtin(), texts("fr")) == (
        "4 cycles, du lundi au vendredi des semaines 1, 3, 6 et 9 : 1,5 million d'unités par jour la "
        "semaine 1, 3 millions d'unités par jour les semaines 3, 6 et 9 ; 20 administrations, "
        "52,5 millions d'unités au total"
    )


def test_a_user_regimen_is_summed_up_from_its_own_cycles() -> None:
    regimen = parse_regimen(
        regimen_toml(
            '[[cycle]]\nweek = 2\ndose_iu = 500_000\ndays = ["MO", "WE", "FR"]\n'
            '[[cycle]]\nweek = 4\ndose_iu = 1_000_000\ndays = ["TU", "WE", "TH"]\n'
        ),
        "test",
    )
    assert regimen_summary(regimen, texts("en")) == (
        "2 cycles, Monday, Wednesday and Friday of week 2, Tuesday to Thursday of week 4: "
        "0.5 million units a day in week 2, 1 million units a day in week 4; 6 administrations, "
        "4.5 million units in all"
    )


def test_the_header_names_trial_drug_route_patient_site_and_start() -> None:
    model = sheet(schedule(patient="P-0042"), "fr", site="Dermatologie – hôpital de jour")
    values = {f.key: f.value for row in model.fields for f in row}
    assert values == {
        "trial": "NCT01840046 (code local 12-PP-05)",
        "drug": "aldesleukin (Proleukin)",
        "route": "sous-cutanée",
        "patient": "P-0042",
        "site": "Dermatologie – hôpital de jour",
        "start": "lundi 5 janvier 2026",
    }
    assert (
        sum(f.width for f in model.fields[0]) == sum(f.width for f in model.fields[1]) == LAYOUT.content_width
    )


def test_every_administration_has_one_row_with_its_date_written_out() -> None:
    sched = schedule()
    model = sheet(sched)
    rows = [row for page in model.pages for cycle in page.cycles for row in cycle.rows]
    assert [r.date_iso for r in rows] == [a.date.isoformat() for a in sched.administrations]
    assert rows[0].date_lines == ("Monday", "5 January", "2026")
    assert rows[0].dose_lines == ("1.5 million", "units")
    assert (rows[5].cycle, rows[5].day, rows[5].study_day) == ("2", "1", "15")


def test_columns_fill_the_width_and_offer_every_box_a_nurse_fills_in() -> None:
    model = sheet(schedule(), "fr")
    assert sum(c.width for c in model.columns) == pytest.approx(LAYOUT.content_width)
    assert [c.key for c in model.columns] == [
        *("date", "cycle", "day", "study_day", "dose", "given", "time", "site", "lot", "initials", "remarks")
    ]
    assert model.given_choices == ("oui", "non")
    assert model.site_choices == (("abdomen", "cuisse", "bras"), ("gauche", "droite"))


@pytest.mark.parametrize("paper", sorted(PAPERS))
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pages_hold_whole_cycles_in_order_and_number_themselves(paper: str, lang: str) -> None:
    model = sheet(schedule(dt.date(2026, 4, 27)), lang, paper)
    numbers = [cycle.number for page in model.pages for cycle in page.cycles]
    assert numbers == [1, 2, 3, 4]
    assert all(len(cycle.rows) == 5 for page in model.pages for cycle in page.cycles)
    total = len(model.pages)
    assert [p.label for p in model.pages] == [f"Page {n} / {total}" for n in range(1, total + 1)]
    assert model.pages[0].header and not any(p.header for p in model.pages[1:])
    assert [p.total for p in model.pages] == [False] * (total - 1) + [True]


def _used_height(model: Sheet) -> list[float]:
    lay, out = model.layout, []
    for page in model.pages:
        used = lay.header_h if page.header else 0.0
        if page.grid:
            used += lay.grid_title_h + lay.grid_head_h + len(page.grid) * lay.grid_row_h
        used += lay.legend_h if page.legend else 0.0
        if page.closed:
            used += lay.closed_head_h + len(page.closed) * lay.closed_line_h
        if page.cycles:
            used += lay.table_title_h + lay.table_head_h
            used += sum(lay.cycle_head_h + len(c.rows) * lay.row_h for c in page.cycles)
        used += lay.total_h if page.total else 0.0
        out.append(used)
    return out


@settings(max_examples=40, deadline=None)
@given(
    monday=st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)).map(lambda d: d - dt.timedelta(d.weekday())),
    policy=st.sampled_from(list(Policy)),
    paper=st.sampled_from(sorted(PAPERS)),
    closed=st.sets(st.integers(0, 62), max_size=8),
)
def test_any_plan_fits_its_pages_and_lists_every_administration_once(
    monday: dt.date, policy: Policy, paper: str, closed: set[int]
) -> None:
    closures = {monday + dt.timedelta(days=d): Closure("closed", "Strike") for d in closed}
    sched = build_schedule(Plan(regimen=builtin(), start=monday, closures=closures, policy=policy))
    model = sheet(sched, paper=paper)
    room = LAYOUT.room(PAPERS[paper])
    assert max(_used_height(model)) <= room
    rows = [r.date_iso for p in model.pages for c in p.cycles for r in c.rows]
    assert rows == [a.date.isoformat() for a in sched.administrations]
    weeks = [w.label for p in model.pages for w in p.grid]
    assert len(weeks) == (sched.last_date - sched.first_date).days // 7 + 1
    assert sum(len(p.closed) for p in model.pages) == len(sched.closures_met())


def test_a_long_regimen_spreads_its_calendar_and_cycles_over_more_pages() -> None:
    cycles = "".join(
        f'[[cycle]]\nweek = {w}\ndose_iu = 3_000_000\ndays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]\n'
        for w in range(1, 80, 2)
    )
    regimen = parse_regimen(regimen_toml(cycles), "test")
    sched = build_schedule(Plan(regimen=regimen, start=dt.date(2026, 1, 5)))
    model = sheet(sched, paper="letter")
    assert len([w for p in model.pages for w in p.grid]) == 79
    assert [c.number for p in model.pages for c in p.cycles] == list(range(1, 41))
    assert max(_used_height(model)) <= LAYOUT.content_height(PAPERS["letter"]) - LAYOUT.footer_h


def test_holidays_moves_and_skips_are_marked_in_the_grid_and_the_rows() -> None:
    start = dt.date(2026, 1, 5)
    closures = {
        start: Closure("holiday", "New Year (observed)"),
        start + dt.timedelta(days=15): Closure("closed", "Inventory"),
    }
    flagged = sheet(schedule(start, closures=closures), "fr")
    cells = [c for p in flagged.pages for w in p.grid for c in w.cells]
    assert (cells[0].symbol, cells[0].lines) == ("H", ("1,5 million", "d'unités"))
    rows = [r for p in flagged.pages for c in p.cycles for r in c.rows]
    assert rows[0].remark == "H jour férié : New Year (observed)"
    assert rows[6].remark == "C site fermé : Inventory"
    assert ("H", "injection un jour férié") in flagged.legend

    moved = sheet(schedule(start, closures=closures, policy=Policy.SHIFT))
    rows = [r for p in moved.pages for c in p.cycles for r in c.rows]
    assert rows[0].remark == "> moved from Mon 5 Jan 2026 (New Year (observed))"
    cells = [c for p in moved.pages for w in p.grid for c in w.cells]
    assert (cells[0].symbol, cells[0].lines, cells[0].dosing) == ("-", ("public holiday",), False)
    assert cells[1].symbol == ">"

    skipped = sheet(schedule(start, closures=closures, policy=Policy.SKIP))
    cells = [c for p in skipped.pages for w in p.grid for c in w.cells]
    assert (cells[0].symbol, cells[0].lines, cells[0].dosing) == ("x", ("skipped",), False)
    rows = [r for p in skipped.pages for c in p.cycles for r in c.rows]
    assert rows[0].remark == "x not given (New Year (observed))"
    assert skipped.total == "Total planned: 18 administrations, 48 million units (2 not given)"


def test_footer_carries_the_stamp_date_and_signature_lines() -> None:
    model = sheet(schedule(), "fr")
    assert model.generated.startswith("Généré le 2026-01-05 par il2sched ")
    assert model.prescriber == "Prescripteur (nom, signature, date)"
    assert model.verified == "Vérifié par (nom, signature, date)"


def test_a_site_too_long_or_on_two_lines_is_refused_with_the_fix() -> None:
    sheet(schedule(), site="x" * MAX_SITE)
    with pytest.raises(SheetError, match=f"room for {MAX_SITE}; shorten it to {MAX_SITE}"):
        sheet(schedule(), site="x" * (MAX_SITE + 1))
    with pytest.raises(SheetError, match="line break"):
        sheet(schedule(), site="Ward\n3")


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_the_cli_reports_a_bad_site_on_one_line(fmt: str, tmp_path: Path) -> None:
    args = ["generate", "--start", "2026-01-05", "-f", fmt, "--site", "y" * 100, "-o", str(tmp_path / "x")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("il2sched: error: Invalid value for '--site': the site name is 100")
    assert "shorten it to 60" in result.stderr
    assert not (tmp_path / "x").exists()


def test_a_regimen_drug_too_long_for_the_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.toml"
    path.write_text(
        regimen_toml('[[cycle]]\nweek = 1\ndose_iu = 1_000_000\ndays = ["MO"]\n', drug="d" * 60),
        encoding="utf-8",
    )
    args = [
        "generate",
        "--start",
        "2026-01-05",
        "--regimen",
        str(path),
        "-f",
        "pdf",
        "-o",
        str(tmp_path / "x"),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "drug and brand is 60 characters long" in result.stderr
