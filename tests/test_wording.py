"""Medication-safety wording (ISMP error-prone abbreviations) on every human-readable output."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import icalendar
import pytest
from helpers import QUIET_START, render, schedule
from hypothesis import given
from hypothesis import strategies as st

from il2sched.core.schedule import Closure, Policy
from il2sched.sources.locale import locale_data, texts_for

FORBIDDEN = [
    (re.compile(r"\b(IU|MIU|MU|U|SC|SQ|sc|s\.c\.)\b"), "error-prone abbreviation"),
    (re.compile(r"\d[.,]0(?!\d)"), "trailing zero"),
    (re.compile(r"(?<![\d\w])[.,]\d"), "missing leading zero"),
    (re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"), "ambiguous numeric date"),
]

EN, FR = texts_for("en", use_cache=False), texts_for("fr", use_cache=False)


def human_texts(lang: str) -> str:
    closures = {QUIET_START + dt.timedelta(days=4): Closure("holiday", "Test Day")}
    parts = []
    for sched in (schedule(time=dt.time(9)), schedule(closures=closures, policy=Policy.SHIFT)):
        parts.append(render("table", sched, lang=lang).decode())
        for event in icalendar.Calendar.from_ical(render("ics", sched, lang=lang)).walk("VEVENT"):
            parts += [str(event["SUMMARY"]), str(event["DESCRIPTION"])]
            parts += [str(alarm["DESCRIPTION"]) for alarm in event.walk("VALARM")]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_error_prone_wording_in_tables_and_calendars(lang: str) -> None:
    text = human_texts(lang)
    assert text
    # Trial codes and study numbers are identifiers, not doses: strip them before scanning.
    text = re.sub(r"NCT\d+|12-PP-05", "", text)
    for pattern, what in FORBIDDEN:
        found = pattern.search(text)
        context = found and text[max(0, found.start() - 40) : found.end() + 40]
        assert found is None, f"{what}: {context!r}"


@pytest.mark.parametrize(
    ("dose", "english", "french"),
    [
        (1_500_000, "1.5 million units", "1,5 million d'unités"),
        (3_000_000, "3 million units", "3 millions d'unités"),
        (500_000, "500,000 units", "500\u202f000 unités"),
        (100_000, "100,000 units", "100\u202f000 unités"),
        (999_999, "999,999 units", "999\u202f999 unités"),
        (52_500_000, "52.5 million units", "52,5 millions d'unités"),
        (1_000_000, "1 million units", "1 million d'unités"),
        (2_000_000, "2 million units", "2 millions d'unités"),
        (1_250_000, "1.25 million units", "1,25 million d'unités"),
        (4_500, "4,500 units", "4\u202f500 unités"),
        (1, "1 unit", "1 unité"),
        (2, "2 units", "2 unités"),
        (1_000_000_000, "1,000 million units", "1\u202f000 millions d'unités"),
    ],
)
def test_doses_are_written_in_full(dose: int, english: str, french: str) -> None:
    assert EN.dose(dose) == english
    assert FR.dose(dose) == french


@given(st.integers(1_000_000, 10**10))
def test_any_dose_is_exact_without_trailing_zero_and_with_leading_zero(dose: int) -> None:
    text = EN.dose(dose)
    number = text.split(" ")[0].replace(",", "")  # thousands of millions are grouped: 1,000 million
    assert Decimal(number) * 1_000_000 == dose
    assert not re.search(r"\.\d*0$", number) and not number.startswith(".")
    assert FR.dose(dose).split(" ")[0].replace("\u202f", "") == number.replace(".", ",")


@given(st.integers(1, 999_999))
def test_a_dose_under_a_million_is_in_units_never_a_fraction_of_a_million(dose: int) -> None:
    assert EN.dose(dose) == f"{dose:,} unit{'s' if dose > 1 else ''}"
    assert "million" not in FR.dose(dose) and FR.dose(dose).replace("\u202f", "").startswith(str(dose))


def test_dates_carry_the_month_in_letters() -> None:
    day = dt.date(2026, 4, 27)
    assert EN.date(day) == "Mon 27 Apr 2026" and EN.date_long(day) == "Monday 27 April 2026"
    assert FR.date(day) == "lun. 27 avr. 2026" and FR.date_long(day) == "lundi 27 avril 2026"
    assert EN.route("subcutaneous") == "subcutaneous" and FR.route("subcutaneous") == "sous-cutanée"


def test_cached_locale_data_equals_babel(tmp_path: object) -> None:
    for lang in ("en", "fr"):
        cold = locale_data(lang)  # fills the cache
        warm = locale_data(lang)  # read from it
        assert cold == warm == locale_data(lang, use_cache=False)
