"""A month of a three-year course (``generate --from --to``, and on the page): the sheet and the table show
that period with the identity, the whole course's totals and "doses N to M of T" on every page; calendars,
CSV, JSON and FHIR stay whole and say so."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import icalendar
import pdfplumber
import pytest
from helpers import one_line_error, run_cli
from web_client import app, call

FIXTURES = Path(__file__).resolve().parent.parent / "samples" / "regimens"
LONG = [
    "generate",
    "--start",
    "2026-04-27",
    "--patient",
    "P-9",
    "--regimen",
    str(FIXTURES / "daily-3-years.toml"),
]
JUNE = ["--from", "2026-06-01", "--to", "2026-06-30"]
SAYS = {"en": "Doses 36 to 65 of 1,096", "fr": "Doses 36 à 65 sur 1 096"}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_months_sheet_names_its_doses_on_every_page_with_the_whole_courses_totals(
    lang: str, tmp_path: Path
) -> None:
    out = tmp_path / "june.pdf"
    result = run_cli(*LONG, *JUNE, "--lang", lang, "-o", str(out))
    assert result.exit_code == 0, result.output
    with pdfplumber.open(out) as pdf:
        pages = [" ".join((p.extract_text() or "").split()) for p in pdf.pages]
    assert 1 < len(pages) < 6  # a month, not three years
    for text in pages:
        assert "P-9" in text and "EXAMPLE-3Y" in text and SAYS[lang].replace("\u202f", " ") in text
    whole = " ".join(pages)
    total = {
        "en": "1,096 administrations, 109.6 million units",
        "fr": "1 096 administrations, 109,6 millions",
    }
    assert total[lang] in whole  # the regimen's totals, for the whole course
    record = whole.split({"en": "Record of administrations", "fr": "Relevé des administrations"}[lang])[1]
    outside = {"en": ("31 May", "1 July"), "fr": ("31 mai", "1er juillet")}[lang]
    assert not [day for day in outside if day in record]  # the record holds June only


def test_a_months_table_lists_its_thirty_doses_and_the_whole_total() -> None:
    text = run_cli(*LONG, *JUNE).stdout
    assert "Doses 36 to 65 of 1,096 (Mon 1 Jun 2026 to Tue 30 Jun 2026)" in text
    rows = [line for line in text.splitlines() if line.startswith("  ") and line.endswith("at home")]
    assert len(rows) == 30 and "Mon 1 Jun 2026" in rows[0] and "Tue 30 Jun 2026" in rows[-1]
    assert "Total: 1,096 administrations" in text and "Calendar, weeks 6 to 10" in text


def test_calendars_and_files_for_programs_stay_whole_and_say_so() -> None:
    data = run_cli(*LONG, *JUNE, "-f", "csv")
    assert len(list(csv.DictReader(io.StringIO(data.stdout)))) == 1096
    assert (
        "--from/--to restrict the printed sheet and the table; this CSV holds the whole course" in data.stderr
    )
    ics = run_cli(*LONG, *JUNE, "-f", "ics")
    assert len(icalendar.Calendar.from_ical(ics.stdout_bytes).walk("VEVENT")) == 1096
    assert "this ICS holds the whole course" in ics.stderr


def test_a_period_without_a_dose_or_backwards_is_one_line() -> None:
    one_line_error(run_cli(*LONG, "--from", "2026-06-30", "--to", "2026-06-01"), "--from 2026-06-30 is after")
    one_line_error(run_cli(*LONG, "--from", "2031-01-01"), "no dose between 2031-01-01", "the course runs")
    one_line_error(run_cli(*LONG, "--from", "2026-02-30"), "--from", "not a real calendar date")


def test_the_page_shows_the_period_and_prints_it() -> None:
    regimen = FIXTURES / "daily-3-years.toml"
    query = f"start=2026-04-27&patient=P-9&regimen={regimen}&from=2026-06-01&to=2026-06-30"
    page = call(app(), f"/?{query}")
    assert page.status == 200
    assert "Doses 36 to 65 of 1,096" in page.words and page.words.count("<time datetime=") == 30
    printed = call(app(), f"/generate?{query}&format=html")
    assert printed.status == 200 and "Doses 36 to 65 of 1,096" in printed.words
