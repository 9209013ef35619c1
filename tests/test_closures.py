"""Closed days: the holiday calendar and its cache, site closures, and the CLI options and errors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
from click.testing import Result
from helpers import one_line_error
from helpers import run_cli as run

from il2sched.core.closed_days import build_closures
from il2sched.core.parsing import parse_span
from il2sched.core.schedule import Closure
from il2sched.errors import ClosureError, InvalidValue
from il2sched.sources.closures import read_closed_file
from il2sched.sources.holidays import normalize_region, public_holidays

D = dt.date
START = ["generate", "--start", "2026-04-27"]  # meets Labour Day (Fri 1 May) and Ascension (Thu 14 May)
#: The words of a dose on a public holiday under the flag policy.
CHECK = "Holiday: give only if the unit is open"


def rows(result: Result) -> list[dict[str, str]]:
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def by_date(result: Result) -> dict[str, dict[str, str]]:
    return {r["date"]: r for r in rows(result)}


def events(result: Result) -> dict[D, dict[str, str]]:
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical(result.stdout_bytes)
    return {
        e.decoded("DTSTART"): {k: str(e[k]) for k in ("SUMMARY", "DESCRIPTION", "STATUS")}
        for e in calendar.walk("VEVENT")
    }


def notes(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("il2sched: note: ")]


# --- the holiday calendar -------------------------------------------------------------------------------


def test_french_holidays_in_english_and_french() -> None:
    english = dict(public_holidays("FR", None, [2026], "en"))
    french = dict(public_holidays("fr", None, [2026], "fr"))
    assert english[D(2026, 5, 1)] == "Labor Day" and french[D(2026, 5, 1)] == "Fête du Travail"
    assert english[D(2026, 5, 14)] == "Ascension Day" and french[D(2026, 5, 14)] == "Ascension"
    assert D(2026, 4, 3) not in english  # Good Friday: Alsace-Moselle only


@pytest.mark.parametrize("subdiv", ["57", "6AE", "6ae", "67", "68", "Alsace"])
def test_alsace_moselle_has_good_friday_and_saint_stephen(subdiv: str) -> None:
    days = dict(public_holidays("FR", subdiv, [2026], "fr"))
    assert days[D(2026, 4, 3)] == "Vendredi saint" and days[D(2026, 12, 26)] == "Saint-Étienne"


def test_67_and_68_are_read_as_alsace() -> None:
    assert normalize_region("fr", "67") == ("FR", "6AE") == normalize_region("FR", "68")
    assert normalize_region("FR", " ") == ("FR", None)


def test_a_schedule_across_new_year_gets_both_years() -> None:
    days = dict(public_holidays("FR", None, range(2026, 2028), "en"))
    assert days[D(2026, 12, 25)] == "Christmas Day" and days[D(2027, 1, 1)] == "New Year's Day"


def test_holiday_names_never_follow_the_machine_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IL2SCHED_CACHE_DIR", "")  # compute, do not read a cached answer
    for variable in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.setenv(variable, "fr_FR.UTF-8")
    assert dict(public_holidays("FR", None, [2026], "en"))[D(2026, 5, 1)] == "Labor Day"
    for variable in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.setenv(variable, "en_US.UTF-8")
    assert dict(public_holidays("FR", None, [2026], "fr"))[D(2026, 5, 1)] == "Fête du Travail"


def test_unknown_country_and_subdivision_say_what_is_valid() -> None:
    with pytest.raises(ClosureError, match=r"unknown country 'XX'.*il2sched holidays --list"):
        public_holidays("XX", None, [2026], "en")
    with pytest.raises(ClosureError, match=r"unknown subdivision '99' of FR: use one of 57, 6AE, .*67=6AE"):
        public_holidays("FR", "99", [2026], "en")


# --- site closures --------------------------------------------------------------------------------------


def test_spans_are_dates_or_inclusive_ranges() -> None:
    assert parse_span("2026-08-03") == (D(2026, 8, 3), D(2026, 8, 3))
    assert parse_span(" 2026-08-03..2026-08-21 ") == (D(2026, 8, 3), D(2026, 8, 21))
    for bad, message in [
        ("2026-13-01", "is not a date"),
        ("03/08/2026", "is not a date"),
        ("2026-08-03..", "is not a date"),
        ("2026-08-21..2026-08-03", "ends before it starts"),
        ("2026-01-01..2027-06-01", "more than a year"),
    ]:
        with pytest.raises(InvalidValue, match=message):
            parse_span(bad)


def test_the_closures_file_reads_dates_ranges_comments_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "closures.txt"
    path.write_text(
        "# summer closure\n2026-08-03..2026-08-21\n\n  2026-12-24  # Christmas Eve\n", encoding="utf-8"
    )
    assert read_closed_file(str(path)) == (
        (D(2026, 8, 3), D(2026, 8, 21)),
        (D(2026, 12, 24), D(2026, 12, 24)),
    )


def test_public_holidays_name_the_day_when_a_closure_range_covers_them() -> None:
    # ...and the day stays closed: the unit is known to be shut, it is no public holiday to check.
    closed = build_closures([(D(2026, 8, 15), "Assumption Day")], [(D(2026, 8, 14), D(2026, 8, 16))], "site")
    assert closed == {
        D(2026, 8, 14): Closure("closed", "site"),
        D(2026, 8, 15): Closure("closed", "Assumption Day"),
        D(2026, 8, 16): Closure("closed", "site"),
    }


# --- the cache --------------------------------------------------------------------------------------------

_PROBE = (
    "import sys; from il2sched.cli import main; "
    "main(['generate', '--start', '2026-04-27', '-f', 'csv', '-o', sys.argv[1]]); "
    "print('holidays' in sys.modules)"
)


def _probe(cache: Path, out: Path) -> tuple[bool, str]:
    env = {**os.environ, "IL2SCHED_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(out)], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip() == "True", out.read_text(encoding="utf-8")


def test_a_warm_cache_spares_the_holidays_import(tmp_path: Path) -> None:
    cold_import, cold = _probe(tmp_path / "cache", tmp_path / "a.csv")
    warm_import, warm = _probe(tmp_path / "cache", tmp_path / "b.csv")
    assert cold_import and not warm_import
    assert warm == cold and "holiday,Holiday: give only if the unit is open (Labor Day),check" in warm
    assert list((tmp_path / "cache").glob("holidays-*.json"))


def test_a_corrupt_cache_file_is_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"IL2SCHED_CACHE_DIR": str(cache)}
    first = by_date(run(*START, "-f", "csv", env=env))
    entries = list(cache.glob("holidays-*.json"))
    assert entries
    for entry in entries:
        entry.write_text('{"key": "truncated', encoding="utf-8")
    result = run(*START, "-f", "csv", env=env)
    again = by_date(result)
    assert again == first and again["2026-05-01"]["note"] == f"{CHECK} (Labor Day)"
    for entry in entries:
        assert "value" in json.loads(entry.read_text(encoding="utf-8"))
    rebuilt = [line for line in result.stderr.splitlines() if "data cache" in line]
    assert rebuilt == [
        f"il2sched: note: the data cache entry {e} was damaged and has been rebuilt" for e in entries
    ]
    assert "data cache" not in run(*START, "-f", "csv", env=env).stderr  # reported once: it is sound now


# --- generate: options ----------------------------------------------------------------------------------


def test_french_holidays_are_flagged_by_default_as_warnings() -> None:
    result = run(*START, "-f", "csv")
    table = by_date(result)
    labour_day = table["2026-05-01"]
    assert (labour_day["status"], labour_day["note"]) == ("holiday", f"{CHECK} (Labor Day)")
    assert labour_day["attention"] == "check" and labour_day["setting"] == "site"
    assert table["2026-05-14"]["status"] == "holiday"
    stays = f": {CHECK}; --on-holiday shift moves it to the next open day, --on-holiday skip leaves it out"
    assert notes(result) == [
        f"il2sched: note: cycle 1 day 5, Fri 1 May 2026, falls on a public holiday (Labor Day){stays}",
        f"il2sched: note: cycle 2 day 4, Thu 14 May 2026, falls on a public holiday (Ascension Day){stays}",
    ]


def test_no_holidays_turns_them_off() -> None:
    result = run(*START, "-f", "csv", "--no-holidays")
    assert {r["status"] for r in rows(result)} == {"planned"} and not notes(result)


def test_holiday_names_follow_lang() -> None:
    result = run(*START, "-f", "csv", "--lang", "fr")
    assert by_date(result)["2026-05-01"]["note"] == (
        "Jour férié\u202f: à administrer seulement si le service est ouvert (Fête du Travail)"
    )


def test_another_country_and_a_lower_case_code() -> None:
    german = by_date(run(*START, "-f", "csv", "--country", "de"))
    assert german["2026-05-01"]["status"] == "holiday"
    british = by_date(run(*START, "-f", "csv", "--country", "GB"))
    assert british["2026-05-01"]["status"] == "planned"  # no 1 May holiday in the United Kingdom


def test_subdiv_57_and_67_flag_good_friday() -> None:
    for subdiv in ("57", "67", "68"):
        table = by_date(run("generate", "--start", "2026-03-30", "-f", "csv", "--subdiv", subdiv))
        assert (table["2026-04-03"]["status"], table["2026-04-03"]["note"]) == (
            "holiday",
            f"{CHECK} (Good Friday)",
        )
    national = by_date(run("generate", "--start", "2026-03-30", "-f", "csv"))
    assert national["2026-04-03"]["status"] == "planned"


def test_closed_days_and_ranges_on_the_command_line() -> None:
    result = run(*START, "-f", "csv", "--closed", "2026-04-28", "--closed", "2026-05-12..2026-05-13")
    table = by_date(result)
    closed = table["2026-04-28"]
    assert (closed["status"], closed["attention"]) == ("closed", "to_decide")
    assert closed["note"] == "Investigator to decide: the unit is closed (site closure)"
    assert table["2026-05-12"]["status"] == table["2026-05-13"]["status"] == "closed"
    assert "cycle 1 day 2, Tue 28 Apr 2026, falls on a site closure" in result.stderr


def test_closed_file(tmp_path: Path) -> None:
    path = tmp_path / "closures.txt"
    path.write_text("# audit week\n2026-06-01..2026-06-03\n", encoding="utf-8")
    table = by_date(run(*START, "-f", "csv", "--closed-file", str(path), "--lang", "fr"))
    assert [table[f"2026-06-0{d}"]["status"] for d in (1, 2, 3, 4)] == ["closed"] * 3 + ["planned"]
    assert table["2026-06-01"]["note"] == (
        "Décision de l'investigateur\u202f: le service est fermé (fermeture du site)"
    )


def test_shift_moves_doses_onto_an_open_weekend_and_says_so() -> None:
    result = run(*START, "-f", "csv", "--on-holiday", "shift", "--open-weekends")
    table = by_date(result)
    assert (table["2026-05-02"]["status"], table["2026-05-02"]["note"]) == (
        "shifted",
        "moved from Fri 1 May 2026 (Labor Day), onto a weekend day (the unit opens at weekends)",
    )
    assert table["2026-05-02"]["study_day"] == "6" and table["2026-05-02"]["attention"] == ""
    # Only the dose on the holiday moves: Friday 15 May keeps its own dose.
    assert table["2026-05-15"]["status"] == "planned" and table["2026-05-16"]["cycle_day"] == "4"
    assert notes(result) == [
        "il2sched: note: cycle 1 day 5, Fri 1 May 2026, moved to Sat 2 May 2026 because of a public holiday "
        "(Labor Day)",
        "il2sched: note: cycle 2 day 4, Thu 14 May 2026, moved to Sat 16 May 2026 because of a "
        "public holiday (Ascension Day)",
    ]


def test_shift_with_closed_weekends_leaves_a_friday_dose_to_the_investigator() -> None:
    for closed in ((), ("--no-weekends",)):  # --no-weekends is the default, still accepted
        result = run(*START, "-f", "csv", "--on-holiday", "shift", *closed)
        assert result.exit_code == 0
        friday = by_date(result)["2026-05-01"]  # kept on its own day
        assert (friday["status"], friday["attention"]) == ("out_of_window", "to_decide")
        assert friday["note"] == (
            "Investigator to decide: no open day left within the cycle's 7-day window (Labor Day); the "
            "window would have needed Mon 4 May 2026"
        )
        assert (
            "il2sched: note: cycle 1 day 5, Fri 1 May 2026: Investigator to decide: no open day left within "
            "the cycle's 7-day window (Labor Day); the window would have needed Mon 4 May 2026"
        ) in result.stderr


def test_open_and_closed_weekends_together_are_refused() -> None:
    result = run(*START, "--open-weekends", "--no-weekends")
    assert result.exit_code == 2 and "--open-weekends and --no-weekends contradict" in result.stderr


def test_skip_leaves_the_doses_out_of_totals_and_calendar(tmp_path: Path) -> None:
    result = run(*START, "-f", "json", "--on-holiday", "skip")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["totals"]["administrations"] == 18 and doc["totals"]["skipped"] == 2
    assert doc["totals"]["dose"] == "48 million units"
    assert {"date": "2026-05-08", "kind": "holiday", "name": "Victory Day"} in doc["closed_days"]
    assert len(notes(result)) == 2 and all("skipped, not given" in n for n in notes(result))
    ics = run(*START, "-f", "ics", "--on-holiday", "skip")
    assert ics.stdout.count("BEGIN:VEVENT") == 18


def test_the_calendar_and_table_show_moved_and_flagged_doses() -> None:
    shifted = events(run(*START, "-f", "ics", "--on-holiday", "shift", "--open-weekends"))
    assert shifted[D(2026, 5, 2)]["SUMMARY"] == "aldesleukin 1.5 million units – cycle 1, day 5 (moved)"
    assert "Note: moved from Fri 1 May 2026 (Labor Day)" in shifted[D(2026, 5, 2)]["DESCRIPTION"]
    flagged = events(run(*START, "-f", "ics"))
    assert flagged[D(2026, 5, 1)]["SUMMARY"] == f"{CHECK} · aldesleukin 1.5 million units – cycle 1, day 5"
    assert flagged[D(2026, 5, 1)]["STATUS"] == "TENTATIVE"
    strict = events(run(*START, "-f", "ics", "--on-holiday", "shift"))
    friday = strict[D(2026, 5, 1)]  # at its planned date, tentative, beginning with the decision words
    assert friday["STATUS"] == "TENTATIVE"
    assert friday["SUMMARY"] == "Investigator to decide · aldesleukin 1.5 million units – cycle 1, day 5"
    table = run(*START, "--on-holiday", "shift", "--open-weekends").stdout
    assert "moved from Thu 14 May 2026 (Ascension Day)" in table and "Closed days:" in table


# --- generate: errors -------------------------------------------------------------------------------------


def test_bad_closed_file_line_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "closures.txt"
    path.write_text("# closures\n2026-08-03\n2026-13-01\n", encoding="utf-8")
    one_line_error(
        run(*START, "--closed-file", str(path)),
        f"{path} line 3: '2026-13-01' is not a date; write YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD",
    )
    path.write_text("2026-08-21..2026-08-03\n", encoding="utf-8")
    one_line_error(run(*START, "--closed-file", str(path)), "line 1", "ends before it starts")


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--country", "XX"], ["unknown country 'XX'", "il2sched holidays --list", "--no-holidays"]),
        (["--subdiv", "99"], ["unknown subdivision '99' of FR", "57, 6AE", "67=6AE"]),
        (["--closed", "2026-02-30"], ["--closed", "'2026-02-30' is not a date"]),
        (["--closed", "tomorrow"], ["--closed", "YYYY-MM-DD..YYYY-MM-DD"]),
        (["--closed-file", "/nonexistent/closures.txt"], ["/nonexistent/closures.txt", "not found"]),
        (["--closed-file", "/"], ["is a folder"]),
        (["--on-holiday", "move"], ["--on-holiday", "flag", "shift", "skip"]),
    ],
)
def test_bad_holiday_options_give_one_line(args: list[str], fragments: list[str]) -> None:
    one_line_error(run(*START, *args), *fragments)


def test_a_closures_file_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "closures.txt"
    path.write_bytes(b"2026-08-03 # f\xe9rie\n")
    one_line_error(run(*START, "--closed-file", str(path)), "not UTF-8")


# --- the holidays command ---------------------------------------------------------------------------------


def test_holidays_command_prints_a_year() -> None:
    result = run("holidays", "--country", "FR", "--year", "2027")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "2027-01-01  Friday     New Year's Day"
    assert "2027-05-06  Thursday   Ascension Day" in lines and len(lines) == 11


def test_holidays_command_for_moselle_in_french() -> None:
    result = run("holidays", "--subdiv", "57", "--year", "2027", "--lang", "fr")
    assert "2027-03-26  vendredi  Vendredi saint" in result.stdout
    assert "2027-12-26  dimanche  Saint-Étienne" in result.stdout


def test_holidays_command_lists_countries_and_refuses_unknown_ones() -> None:
    listing = run("holidays", "--list").stdout.splitlines()
    assert any(line.startswith("FR  57 6AE") for line in listing) and any(
        line == "GB  ENG NIR SCT WLS" for line in listing
    )
    one_line_error(run("holidays", "--country", "ZZ", "--year", "2027"), "unknown country 'ZZ'")
    one_line_error(run("holidays", "--subdiv", "2A", "--year", "2027"), "unknown subdivision '2A'")
    one_line_error(run("holidays", "--year", "20270"), "--year")


def test_generate_help_shows_the_holiday_options() -> None:
    text = run("generate", "--help").stdout
    for option in ("--country", "--subdiv", "--no-holidays", "--closed", "--closed-file", "--on-holiday"):
        assert option in text
    assert "--no-weekends" in text and "Example" in run("holidays", "--help").stdout
