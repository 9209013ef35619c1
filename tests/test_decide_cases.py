"""The cases issue 22 reports, each read back from what a nurse, a pharmacist or a calendar sees: a dose
that needs a person never looks givable, an escalation's steps keep their order, shift never cascades nor
lands on a closed weekend, home doses ignore closed days (pdfplumber reads the PDFs back)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import icalendar
import pdfplumber
import pytest
from helpers import one_line_error, run_cli
from web_client import app, call

from il2sched.print.layout import PAPERS
from il2sched.print.sheet_pages import LAYOUT
from il2sched.print.sheet_record import RECORD

FIXTURES = Path(__file__).resolve().parent.parent / "samples" / "regimens"
CYCLE3 = ["generate", "--start", "2026-04-27", "--patient", "P-1", "--on-holiday", "shift", "--no-weekends",
          "--closed", "2026-06-01..2026-06-05"]  # fmt: skip
WORDS = {"en": "Investigator to decide", "fr": "Décision de l'investigateur"}
MM = 72 / 25.4


def rows(*args: str) -> list[dict[str, str]]:
    result = run_cli(*args, "-f", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def dose_column_of_decisions(data: bytes, lang: str) -> list[str]:
    """For each row whose decision words stand in the dose column, that column's words from the decision to
    the planned dose under the row (the notice): what a nurse reads where the dose would be."""
    left = LAYOUT.margin_x(PAPERS["a4"])
    for spec in RECORD:
        if spec.key == "dose":
            break
        left += spec.width
    width = next(spec.width for spec in RECORD if spec.key == "dose")
    first = WORDS[lang].split()[0]
    found = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            notices = sorted(w["top"] for w in words if w["text"] in ("Planned:", "Prévue"))
            for word in words:
                if word["text"] == first and left * MM - 1 <= word["x0"] <= (left + width) * MM:
                    bottom = next(t for t in notices if t > word["top"])
                    box = (left * MM, word["top"] - 1, (left + width) * MM, bottom - 1)
                    found.append(" ".join((page.crop(box).extract_text() or "").split()))
    return found


# --- 1. a dose out of its window is printed as a decision, never as a dose -----------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_cycle_3_closed_every_dose_is_a_decision_on_the_sheet_without_a_dose_in_the_dose_column(
    lang: str, tmp_path: Path
) -> None:
    out = tmp_path / "sheet.pdf"
    assert run_cli(*CYCLE3, "--lang", lang, "-o", str(out)).exit_code == 0
    cells = dose_column_of_decisions(out.read_bytes(), lang)
    assert len(cells) == 7, cells  # every dose of cycle 3, Labour Day and Ascension (weekends closed)
    for text in cells:
        assert text.startswith(WORDS[lang].split()[0]) and "million" not in text, text
    with pdfplumber.open(out) as pdf:
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
        sizes = {round(float(c["size"]), 2) for p in pdf.pages for c in p.chars if c["text"].strip()}
    assert min(sizes) >= 7.0  # text sizes as before: nothing under 7 pt
    administer = {"en": "administer on", "fr": "administrer le"}[lang]
    assert text.count(administer) == 7
    csv_rows = [r for r in rows(*CYCLE3) if r["cycle"] == "3"]
    assert [(r["date"], r["status"], r["attention"]) for r in csv_rows] == [
        (f"2026-06-0{d}", "out_of_window", "to_decide") for d in range(1, 6)
    ]


def test_cycle_3_closed_is_tentative_at_its_planned_dates_in_the_calendar() -> None:
    result = run_cli(*CYCLE3, "-f", "ics")
    events = icalendar.Calendar.from_ical(result.stdout_bytes).walk("VEVENT")
    june = [e for e in events if e.decoded("DTSTART") in {dt.date(2026, 6, d) for d in range(1, 6)}]
    assert len(june) == 5
    for event in june:
        assert str(event["STATUS"]) == "TENTATIVE"
        assert str(event["SUMMARY"]).startswith("Investigator to decide · P-1 · ")


def test_the_page_says_the_investigator_decides_beside_each_row_in_french() -> None:
    page = call(app(), "/?start=2026-04-27&lang=fr&on-holiday=shift&closed=2026-05-11..2026-05-17")
    assert page.status == 200
    rows_to_decide = re.findall(
        r'<tr class="status-out_of_window needs needs-to_decide">(.*?)</tr>', page.words, re.S
    )
    dates = [re.search(r'datetime="([^"]+)"', row).group(1) for row in rows_to_decide]  # type: ignore[union-attr]
    assert dates == ["2026-05-01", *(f"2026-05-1{d}" for d in range(1, 6))]  # cycle 2, closed all week
    for row in rows_to_decide:
        assert "<strong>Décision de l'investigateur</strong>" in row
        assert "hors de la fenêtre" not in row


# --- 2. an escalation's steps keep their order --------------------------------------------------------


def test_escalation_from_4_may_never_gives_a_lower_step_after_a_higher_one(tmp_path: Path) -> None:
    args = ["generate", "--start", "2026-05-04", "--regimen", str(FIXTURES / "escalation.toml"),
            "--on-holiday", "shift"]  # fmt: skip
    doses = rows(*args)
    assert [r["date"] for r in doses] == sorted(r["date"] for r in doses)
    step_starts = {1_000_000: "2026-05-04", 2_000_000: "2026-05-18", 3_000_000: "2026-06-01"}
    for r in doses:
        later = [start for dose, start in step_starts.items() if dose > int(r["dose_iu"])]
        assert not later or r["date"] < min(later), r  # never on or after a higher step's first day
    june_17 = [r for r in doses if r["date"] == "2026-06-17"]
    assert not june_17  # the course ended on 14 June (and its tolerance); nothing was pushed there
    decided = [r for r in doses if r["attention"] == "to_decide"]
    assert [r["date"] for r in decided] == ["2026-05-08", "2026-05-14", "2026-05-25"]  # on their own days
    assert all("before the next cycle begins" in r["note"] for r in decided)
    assert not [r for r in doses if r["status"] == "shifted"]  # no room in a daily step: nothing moves


# --- 3. no cascade through a daily course -------------------------------------------------------------


def test_a_daily_course_on_site_moves_no_more_doses_than_it_has_closed_days(tmp_path: Path) -> None:
    site = (FIXTURES / "daily-3-years.toml").read_text(encoding="utf-8").replace('setting = "home"', "")
    regimen = tmp_path / "daily-site.toml"
    regimen.write_text(site, encoding="utf-8")
    doses = rows("generate", "--start", "2026-04-27", "--regimen", str(regimen), "--on-holiday", "shift")
    flagged = rows("generate", "--start", "2026-04-27", "--regimen", str(regimen))
    holidays = sum(1 for r in flagged if r["status"] == "holiday")
    moved = [r for r in doses if r["status"] == "shifted"]
    assert holidays > 25 and len(moved) + sum(r["status"] == "out_of_window" for r in doses) == holidays
    assert len(moved) <= 7  # only into the course's 7 days of tolerance, at its end
    assert doses[-1]["date"] <= "2029-05-04"  # the last dose at most a week late, never five weeks


def test_the_three_year_course_is_at_home_and_ignores_holidays() -> None:
    doses = rows("generate", "--start", "2026-04-27", "--regimen", str(FIXTURES / "daily-3-years.toml"),
                 "--on-holiday", "shift")  # fmt: skip
    assert {(r["status"], r["attention"], r["setting"]) for r in doses} == {("planned", "", "home")}
    table = run_cli("generate", "--start", "2026-04-27", "--regimen", str(FIXTURES / "daily-3-years.toml"))
    assert "self-injected at home" in table.stdout and "at home" in table.stdout


# --- 4. flagged doses carry their action --------------------------------------------------------------


def test_ascension_day_on_the_worklist_says_check_for_every_patient(tmp_path: Path) -> None:
    roster = tmp_path / "ward.csv"
    starts = [dt.date(2026, 5, 11) - dt.timedelta(weeks=w) for w in (0, 2, 5, 8)]
    roster.write_text("patient,start\n" + "".join(f"P-{n},{s}\n" for n, s in enumerate(starts)), "utf-8")
    text = run_cli("worklist", str(roster), "--from", "2026-05-14").stdout
    assert text.count("Holiday: give only if the unit is open") == 4
    closure = run_cli("worklist", str(roster), "--from", "2026-05-13", "--closed", "2026-05-13").stdout
    assert (
        closure.count("Investigator to decide") == 4
        and "0 administrations; 4 for the investigator" in closure
    )


# --- 5. shift never moves a dose onto a closed weekend ------------------------------------------------


def test_shift_by_default_moves_nothing_onto_a_saturday_or_sunday() -> None:
    doses = rows("generate", "--start", "2026-04-27", "--on-holiday", "shift")
    assert not [r for r in doses if dt.date.fromisoformat(r["date"]).weekday() >= 5]
    opened = rows("generate", "--start", "2026-04-27", "--on-holiday", "shift", "--open-weekends")
    saturday = next(r for r in opened if r["date"] == "2026-05-02")
    assert "onto a weekend day" in saturday["note"]


# --- 6. where a dose is given is checked on load ------------------------------------------------------


def test_a_setting_that_is_neither_site_nor_home_names_the_file_and_the_key(tmp_path: Path) -> None:
    text = (FIXTURES / "bsa-daily.toml").read_text(encoding="utf-8") + 'setting = "clinic"\n'
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("generate", "--start", "2026-04-27", "--regimen", str(path), "--bsa", "1.7")
    one_line_error(result, "bad.toml", "phase[1].setting", "site, home")


def test_the_ward_page_says_each_check_beside_its_row(tmp_path: Path) -> None:
    roster = tmp_path / "ward.csv"
    roster.write_text("patient,start\nP-1,2026-05-11\nP-2,2026-04-27\n", encoding="utf-8")
    page = call(app(str(roster)), "/ward?from=2026-05-14&days=1&closed=2026-05-14&lang=fr")
    assert page.status == 200
    rows = re.findall(r'<tr class="status-closed needs needs-to_decide">(.*?)</tr>', page.words, re.S)
    assert len(rows) == 2 and all("<strong>Décision de l'investigateur</strong>" in r for r in rows)
    held = call(app(str(roster)), "/ward?from=2026-05-14&days=1")
    assert held.words.count("<strong>Holiday: give only if the unit is open</strong>") == 2
