"""The sheet model: header wording, the calendar picture, the rows, and pages that keep cycles whole."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from helpers import QUIET_START, STAMP, builtin, one_line_error, run_cli, schedule
from sheet_helpers import cell, labels, regimen_toml, rows_of, sheet, texts

from il2sched.core.parsing import MAX_SITE
from il2sched.core.regimen import parse_regimen
from il2sched.core.schedule import Closure, Plan, Policy, Status, build_schedule
from il2sched.core.summary import regimen_summary
from il2sched.errors import SheetError
from il2sched.print.cells import HEAVY_RULE, RULE, Box, Label
from il2sched.print.fonts import width
from il2sched.print.sheet import build_sheet
from il2sched.print.sheet_pages import LAYOUT, GridRow


def test_the_builtin_regimen_is_summed_up_one_line_per_phase_in_english_and_french() -> None:
    assert regimen_summary(builtin(), texts("en")).split("\n") == [
        "1.5 million units a day, Monday to Friday of week 1",
        "3 million units a day, Monday to Friday of weeks 3, 6 and 9",
        "20 administrations, 52.5 million units in all",
    ]
    assert regimen_summary(builtin(), texts("fr")).split("\n") == [
        "1,5 million d'unités par jour, du lundi au vendredi de la semaine 1",
        "3 millions d'unités par jour, du lundi au vendredi des semaines 3, 6 et 9",
        "20 administrations, 52,5 millions d'unités au total",
    ]


def test_a_user_regimen_is_summed_up_from_its_own_cycles() -> None:
    regimen = parse_regimen(
        regimen_toml(
            '[[cycle]]\nweek = 2\ndose_iu = 500_000\ndays = ["MO", "WE", "FR"]\n'
            '[[cycle]]\nweek = 4\ndose_iu = 1_000_000\ndays = ["TU", "WE", "TH"]\n'
        ),
        "test",
    )
    assert regimen_summary(regimen, texts("en")).split("\n") == [
        "500,000 units a day, Monday, Wednesday and Friday of week 2",
        "1 million units a day, Tuesday to Thursday of week 4",
        "6 administrations, 4.5 million units in all",
    ]


def test_the_header_names_trial_drug_route_site_and_start_and_leaves_boxes_to_fill() -> None:
    model = sheet(schedule(patient="P-0042"), "fr", site="Dermatologie – hôpital de jour")
    head = model.header
    values = {f.key: f.value.text for row in (*head.rows, *head.wide) for f in row.fields}
    assert values == {
        "trial": "NCT01840046 (code local 12-PP-05)",
        "drug": "aldesleukine (Proleukin)",  # the French INN on a French sheet
        "route": "sous-cutanée",
        "site": "Dermatologie – hôpital de jour",
        "start": "lundi 5 janvier 2026",
        "regimen": regimen_summary(builtin(), texts("fr")).replace("\n", " "),  # a line per phase
        "prescriber": "",
        "prescribed_on": "",
        "verified": "",
    }
    assert head.subtitle.text == "Interleukine-2 à faible dose dans la pelade sévère"
    assert head.label.text == "Étiquette patient"
    assert head.label_w >= 70 and head.label_h >= 35  # a hospital's patient label sticks there
    width = LAYOUT.content_width - head.label_w - LAYOUT.label_gap
    assert all(sum(f.width for f in row.fields) == pytest.approx(width) for row in head.rows)
    assert all(sum(f.width for f in row.fields) == pytest.approx(LAYOUT.content_width) for row in head.wide)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_running_header_names_patient_trial_drug_and_route(lang: str) -> None:
    model = sheet(schedule(patient="P-0042"), lang)
    band = model.band
    assert band.lead.lines == ("P-0042",)
    drug = {"en": "aldesleukin", "fr": "aldesleukine"}[lang]
    route = {"en": "subcutaneous", "fr": "sous-cutanée"}[lang]
    details = " ".join(d.text for d in band.details)
    for word in ("NCT01840046", "12-PP-05", drug, "Proleukin", route):
        assert word in details


@pytest.mark.parametrize("code", ["W" * 32, "M" * 32, "W-" * 16, "P" + "0" * 31])
def test_a_32_character_code_stays_whole_on_one_line_at_full_size(code: str) -> None:
    band = sheet(schedule(patient=code), "fr").band
    assert band.lead.lines == (code,) and band.lead.size >= 10
    used = band.lead_x + width(code, band.lead.size, bold=True) + band.page_w
    assert used <= LAYOUT.content_width - 2 * LAYOUT.band_pad


def test_every_administration_has_one_row_with_its_date_written_out() -> None:
    sched = schedule()
    rows = rows_of(sheet(sched))
    assert [r.date_iso for r in rows] == [a.date.isoformat() for a in sched.administrations]
    assert [line.text for line in cell(rows[0], "date").text] == ["Monday", "5 January", "2026"]
    (dose,) = cell(rows[0], "dose").text
    assert dose.lines == ("1.5 million", "units") and dose.bold
    assert rows[5].text("study_day") == "15"


def test_french_dates_write_the_first_of_the_month_1er() -> None:
    rows = rows_of(sheet(schedule(dt.date(2026, 4, 27)), "fr"))
    assert [line.text for line in cell(rows[4], "date").text] == ["vendredi", "1er mai", "2026"]
    model = sheet(schedule(dt.date(2026, 4, 27)), "fr")
    cells = [c for p in model.pages for i in p.grid if isinstance(i, GridRow) for c in i.cells]
    assert "1er mai" in [c.day for c in cells] and "1 mai" not in [c.day for c in cells]


def test_the_planned_time_is_in_each_row_when_given() -> None:
    model = sheet(schedule(time=dt.time(9, 30)), "fr")
    assert all(
        cell(r, "date").text[-1].text == "09:30" and cell(r, "date").text[-1].bold for r in rows_of(model)
    )
    assert model.columns[0].label.text == "Date et heure prévues"
    assert all(len(cell(r, "date").text) == 3 for r in rows_of(sheet(schedule())))


def test_columns_fill_the_width_and_offer_every_box_a_nurse_fills_in() -> None:
    model = sheet(schedule(), "fr")
    assert sum(c.width for c in model.columns) == pytest.approx(LAYOUT.content_width)
    assert [c.key for c in model.columns] == [
        *("date", "study_day", "dose", "given", "time", "site", "lot", "initials", "remarks")
    ]
    widths = {c.key: c.width for c in model.columns}
    assert widths["lot"] >= 24  # room to write a batch number and, under it, the expiry date by hand
    row = rows_of(model)[0]
    assert labels(cell(row, "given")) == ["oui", "non"]
    assert labels(cell(row, "site")) == ["abdomen", "cuisse", "bras"]
    assert labels(next(c for c in model.head.cells if c.key == "site")) == ["côté", "G", "D"]
    boxes = {c.key: [m for m in c.marks if isinstance(m, Box)] for c in row.cells()}
    assert (len(boxes["given"]), len(boxes["site"])) == (2, 6)  # yes, no; left and right of each place
    assert LAYOUT.box >= 4.0 and all(b.side == LAYOUT.box for b in boxes["given"])  # a gloved hand ticks them
    for col in model.columns:  # headings broken between words only, each line within its column
        assert " ".join(col.label.lines) == col.label.text
        assert all(width(line, col.label.size) <= col.width - 2 * LAYOUT.pad for line in col.label.lines)


def test_a_second_check_column_comes_with_double_check_or_the_regimens_policy() -> None:
    assert "check" not in [c.key for c in sheet(schedule()).columns]
    checked = build_sheet(schedule(), texts("en"), site="", paper="a4", stamp=STAMP, double_check=True)
    assert [c.key for c in checked.columns][-2:] == ["check", "remarks"]
    assert checked.columns[-2].label.text == "Second check: initials"
    policy = dataclasses.replace(builtin(), double_check=True)
    model = sheet(build_schedule(Plan(regimen=policy, start=QUIET_START)), "fr")
    assert "Double contrôle\u202f: initiales" in [c.label.text for c in model.columns]
    assert sum(c.width for c in model.columns) == pytest.approx(LAYOUT.content_width)


@pytest.mark.parametrize(
    ("lang", "title", "delays"),
    [
        ("en", "Cycle 2 · week 4 (postponed 1 week) · 3 million units per day",
         "cycle 2 postponed 1 week; cycle 4 postponed 2 weeks "
         "(each postponement also moves the cycles after it)"),
        ("fr", "Cycle 2 · semaine 4 (reporté d'une semaine) · 3 millions d'unités par jour",
         "cycle 2 reporté d'une semaine\u202f; cycle 4 reporté de 2 semaines "
         "(chaque report décale aussi les cycles suivants)"),
    ],
)  # fmt: skip
def test_a_postponed_cycle_gives_the_week_it_really_falls_in(lang: str, title: str, delays: str) -> None:
    sched = schedule(dt.date(2026, 4, 27), delays={2: 1, 4: 2})
    model = sheet(sched, lang)
    titles = [c.title.text for p in model.pages for c in p.cycles]
    assert titles[1] == title
    assert "(" not in titles[0]  # cycle 1 is where the protocol puts it
    assert (
        titles[3].split(" · ")[1]
        == {"en": "week 12 (postponed 3 weeks)", "fr": "semaine 12 (reporté de 3 semaines)"}[lang]
    )
    # The week in the heading is the calendar's week of those doses.
    second = [a for a in sched.administrations if a.cycle == 2]
    assert ((second[0].date - sched.first_date).days // 7 + 1) == 4
    fields = {f.key: f.value.text for row in model.header.wide for f in row.fields}
    assert fields["delays"] == delays
    assert "delays" not in {f.key for row in sheet(schedule(), lang).header.wide for f in row.fields}


def test_holidays_moves_and_skips_are_marked_in_the_grid_and_the_rows() -> None:
    start = dt.date(2026, 1, 5)
    closures = {
        start: Closure("holiday", "New Year (observed)"),
        start + dt.timedelta(days=15): Closure("closed", "Inventory"),
    }
    flagged = sheet(schedule(start, closures=closures), "fr")
    cells = [c for p in flagged.pages for i in p.grid if isinstance(i, GridRow) for c in i.cells]
    assert (cells[0].symbol, cells[0].lines) == ("H", ("1,5 million", "d'unités"))
    rows = rows_of(flagged)
    # A public holiday's dose keeps its boxes and says its check at the dose's size.
    check = "Jour férié\u202f: à administrer seulement si le service est ouvert"
    assert rows[0].text("notice") == f"H {check} (New Year (observed))"
    (said,) = cell(rows[0], "notice").text
    assert said.size == rows[0].cell("dose").text[0].size and said.bold  # type: ignore[union-attr]
    assert cell(rows[0], "notice").frame == RULE  # not framed heavily: nothing to decide
    assert any(isinstance(m, Box) for m in cell(rows[0], "given").marks)
    # A closure under flag: the unit is shut, the investigator decides.
    assert rows[6].text("decide").startswith("Décision de l'investigateur") and rows[6].cell("given") is None
    assert rows[1].cell("notice") is None
    assert ("H", "injection un jour férié") in flagged.legend

    moved = sheet(schedule(start, closures=closures, policy=Policy.SHIFT, weekends_open=True))
    rows = rows_of(moved)
    assert rows[4].text("notice") == (
        "> Moved from Mon 5 Jan 2026 (New Year (observed)), onto a weekend day (the unit opens at weekends)"
    )
    (said,) = cell(rows[4], "notice").text
    assert said.size >= 7.5 and said.bold  # at the row's size, not a footnote
    assert [r.date_iso for r in rows[:5]] == sorted(r.date_iso for r in rows[:5])  # in date order
    cells = [c for p in moved.pages for i in p.grid if isinstance(i, GridRow) for c in i.cells]
    assert (cells[0].symbol, cells[0].lines, cells[0].dosing) == ("-", ("public holiday",), False)
    assert cells[5].symbol == ">"

    skipped = sheet(schedule(start, closures=closures, policy=Policy.SKIP))
    cells = [c for p in skipped.pages for i in p.grid if isinstance(i, GridRow) for c in i.cells]
    assert (cells[0].symbol, cells[0].lines, cells[0].dosing) == ("x", ("skipped",), False)
    rows = rows_of(skipped)
    assert rows[0].text("dose") == "Do not give"
    assert rows[0].text("skip") == "x Not given (New Year (observed))" and rows[0].cell("notice") is None
    assert not any(isinstance(m, Box) for c in rows[0].cells() for m in c.marks)  # nothing to tick by mistake
    assert rows[1].cell("skip") is None and rows[1].text("dose") == "1.5 million units"
    assert skipped.total.text == "Total planned: 18 administrations, 48 million units (2 not given)"


@pytest.mark.parametrize(
    ("lang", "words", "administer"),
    [
        ("en", "Investigator to decide", "administer on"),
        ("fr", "Décision de l'investigateur", "administrer le"),
    ],
)
def test_a_dose_to_decide_has_a_decision_block_in_place_of_its_dose_and_boxes(
    lang: str, words: str, administer: str
) -> None:
    start = dt.date(2026, 4, 27)
    closures = {start + dt.timedelta(days=d): Closure("closed", "Fermeture") for d in (16, 17, 18)}
    sched = schedule(start, closures=closures, policy=Policy.SHIFT)
    late = [a for a in sched.administrations if a.status is Status.OUT_OF_WINDOW]
    assert len(late) == 3
    model = sheet(sched, lang)
    rows = [r for r in rows_of(model) if r.status == "out_of_window"]
    assert [r.date_iso for r in rows] == [a.date.isoformat() for a in late]  # at their planned dates
    for row in rows:
        block = cell(row, "decide")
        assert block.words.startswith(words) and administer in block.words
        # No dose to give: no dose column, no "given", time, site or lot boxes; two boxes to decide.
        assert {c.key for c in row.cells()} == {"date", "study_day", "decide", "notice"}
        assert sum(isinstance(m, Box) for m in block.marks) == 2
        (decision,) = (m for m in block.marks if isinstance(m, Label) and m.lines.text == words)
        assert decision.lines.bold and decision.lines.size == model.layout.font_dose  # as large as a dose
        # The planned dose and date under it, as information only (not bold).
        (said,) = cell(row, "notice").text
        planned = texts(lang)("attention.planned", dose=texts(lang).dose(3_000_000), date="")
        assert said.text.startswith(f"! {planned.rstrip(', ')}") and not said.bold
        assert cell(row, "notice").frame == HEAVY_RULE
        assert not any(lines.bold for lines in cell(row, "date").text)
    assert not hasattr(model.pages[0], "decisions")  # the rows hold the decisions: no list apart


def test_footer_carries_the_stamp_date_version_and_regimen_version() -> None:
    model = sheet(schedule(), "fr")
    assert model.generated.text.startswith("Généré le 2026-01-05 par il2sched ")
    assert model.generated.text.endswith(" · protocole nct01840046, version 1")
    unversioned = dataclasses.replace(builtin(), version="")
    model = sheet(build_schedule(Plan(regimen=unversioned, start=QUIET_START)))
    assert model.generated.text.endswith(" · regimen nct01840046")


def test_a_site_too_long_or_on_two_lines_is_refused_with_the_fix() -> None:
    sheet(schedule(), site="x" * MAX_SITE)
    with pytest.raises(SheetError, match=f"room for {MAX_SITE}; shorten it to {MAX_SITE}"):
        sheet(schedule(), site="x" * (MAX_SITE + 1))
    with pytest.raises(SheetError, match="line break"):
        sheet(schedule(), site="Ward\n3")


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_the_cli_reports_a_bad_site_on_one_line(fmt: str, tmp_path: Path) -> None:
    args = ["generate", "--start", "2026-01-05", "-f", fmt, "--site", "y" * 100, "-o", str(tmp_path / "x")]
    one_line_error(run_cli(*args), "invalid value for '--site': the site name is 100", "shorten it to 60")
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
    one_line_error(run_cli(*args), "drug and brand is 60 characters long")
