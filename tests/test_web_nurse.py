"""What a nurse met on the page (issue 20), in-process: errors in the page's language with a summary, a bad
roster row beside the others, reminders in the preview, downloads named apart, one language choice, styled
error pages, unbroken codes, one-day lists, French holiday names, and serve refusing a missing roster."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import one_line_error, run_cli, run_cli_at_stamp
from web_client import app, call

HTML = {"accept": "text/html"}
ROSTER = Path(__file__).resolve().parent.parent / "samples" / "roster.csv"
QUERY = "start=2026-04-27&patient=P-0001"


@pytest.fixture(autouse=True)
def _fixed_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767600000")


def summary_of(text: str) -> str:
    found = re.search(r'<div id="error-summary"[^>]*>(.*?)</div>', text, re.S)
    assert found is not None
    return found.group(1)


def test_errors_are_in_the_pages_french_beside_their_fields_with_a_summary_that_takes_focus() -> None:
    page = call(app(), "/?start=2026-04-27&lang=fr&time=25:00&remind=0m&closed=2026-13-01", headers=HTML)
    assert page.status == 400
    summary = summary_of(page.text)
    assert 'tabindex="-1"' in page.text.partition('id="error-summary"')[2][:80]
    links = re.findall(r'<a href="#f-([a-z-]+)">([^<]+)</a>', summary)
    assert [name for name, _ in links] == ["time", "remind", "closed"]  # every bad field at once, in order
    assert links[0][1].startswith(
        "Heure de chaque administration\u202f: &#39;25:00&#39; n&#39;est pas une heure"
    )
    beside = re.search(r'data-field-error="closed">([^<]+)<', page.text)
    assert beside is not None and beside.group(1).startswith("&#39;2026-13-01&#39; n&#39;est pas une date")
    assert "--" not in page.words and "il2sched: error" not in page.words
    assert page.text.count('aria-invalid="true"') == 3


def test_an_error_about_no_field_is_at_the_top_in_english_without_command_line_options() -> None:
    page = call(app(), "/?start=2026-04-28&patient=P-0001", headers=HTML)
    summary = summary_of(page.words)
    assert "start date 2026-04-28 is a Tuesday" in summary
    assert "choose the Monday under 'Start that is not a Monday'" in summary
    assert "--" not in page.words


def test_a_bad_roster_row_leaves_the_others_listed_with_its_error_beside_it_in_french(tmp_path: Path) -> None:
    roster = tmp_path / "ward.csv"
    lines = ROSTER.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "NICE-009,2026-04-28,,,,,")
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page = call(app(str(roster)), "/roster?lang=fr", headers=HTML)
    assert page.status == 400
    words = page.words
    for code in ("NICE-001", "NICE-002", "NICE-003", "NICE-004"):
        assert f">{code}</a>" in words
    row = re.search(r'<tr class="bad">(.*?)</tr>', words, re.S)
    assert row is not None and ">4</td>" in row.group(1)
    assert "la date de début 2026-04-28 est un mardi" in row.group(1)
    assert f"{roster} ligne 4\u202f: la date de début" in summary_of(words)
    assert "il2sched: error" not in words and "is a Tuesday" not in words
    assert "<p>4 patients. 1 ligne a une erreur.</p>" in words
    table = words[words.index("<table") :]
    assert table.index("NICE-002") < table.index("2026-04-28 est un mardi") < table.index("NICE-003")


def test_a_bad_roster_row_leaves_the_others_doses_on_the_worklist_page_but_nothing_to_print(
    tmp_path: Path,
) -> None:
    roster = tmp_path / "ward.csv"
    roster.write_text(ROSTER.read_text(encoding="utf-8") + "NICE-009,2026-04-28,,,,,\n", encoding="utf-8")
    application = app(str(roster))
    page = call(application, "/ward?from=2026-05-11&days=1&lang=fr", headers=HTML)
    assert page.status == 400
    assert "NICE-001" in page.words and "NICE-003" in page.words and "3 millions d'unités" in page.words
    assert "la date de début 2026-04-28 est un mardi" in page.words
    assert "1 ligne de la liste des patients a une erreur" in page.words
    assert "/print/worklist" not in page.text and "/worklist?" not in page.text
    cli = run_cli_at_stamp("worklist", str(roster), "--from", "2026-05-11")
    download = call(application, "/worklist?from=2026-05-11&format=csv")
    assert (download.status, download.text) == (400, cli.stderr)  # refused, as the command line refuses it


def test_the_french_excel_csv_and_the_plain_csv_download_under_different_names() -> None:
    plain = call(app(), f"/generate?{QUERY}&format=csv")
    excel = call(app(), f"/generate?{QUERY}&format=csv&excel=1")
    assert plain.headers["content-disposition"] == 'attachment; filename="P-0001.csv"'
    assert excel.headers["content-disposition"] == 'attachment; filename="P-0001-excel.csv"'
    preview = call(app(), f"/preview?{QUERY}", headers=HTML).text
    assert 'download="P-0001.csv"' in preview and 'download="P-0001-excel.csv"' in preview


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "1h before each dose: rings at 23:00 the day before"),
     ("fr", "1h avant chaque dose\u202f: sonne la veille à 23:00")],
)  # fmt: skip
def test_the_preview_shows_reminders_and_when_an_all_day_reminder_rings(lang: str, expected: str) -> None:
    words = call(app(), f"/preview?{QUERY}&lang={lang}&remind=1h&remind-at=08:00", headers=HTML).words
    assert expected in words
    assert ("At 08:00 on the day of each dose" if lang == "en" else "À 08:00 le jour de chaque dose") in words
    timed = call(app(), f"/preview?{QUERY}&lang=en&time=09:00&remind=1h&remind=2d", headers=HTML).words
    assert "1h before each dose: rings at 08:00 the same day" in timed
    assert "2d before each dose: rings at 09:00, 2 days before" in timed
    assert "start at midnight" not in timed
    assert "No reminders" in call(app(), f"/preview?{QUERY}", headers=HTML).words


def test_one_language_choice_the_pages_which_its_forms_and_outputs_follow() -> None:
    page = call(app(str(ROSTER)), f"/?{QUERY}&lang=fr&time=09:00", headers=HTML).text
    assert 'id="f-lang"' not in page and '<input type="hidden" name="lang" value="fr">' in page
    switch = re.findall(r'<a href="([^"]+)" lang="(en|fr)"', page)
    assert ("/?start=2026-04-27&amp;patient=P-0001&amp;time=09%3A00&amp;lang=en", "en") in switch
    assert 'lang="fr"' in page.partition("<head>")[0]
    ward = call(app(str(ROSTER)), "/ward?from=2026-05-11&lang=fr", headers=HTML).text
    assert 'id="f-lang"' not in ward and '<input type="hidden" name="lang" value="fr">' in ward


def test_error_pages_of_generate_may_use_the_pages_style_sheet() -> None:
    page = call(app(), "/generate?start=2026-04-28&format=ics&lang=fr", headers=HTML)
    assert page.status == 400
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    assert '<link rel="stylesheet" href="/static/page.css">' in page.text
    assert "la date de début 2026-04-28 est un mardi" in page.words
    document = call(app(), f"/generate?{QUERY}&format=html")
    assert document.headers["content-security-policy"].startswith("default-src 'none'")


def test_codes_are_marked_never_to_break_at_their_hyphens() -> None:
    text = call(app(str(ROSTER)), f"/?{QUERY}", headers=HTML).text
    assert '<span class="code">P-0001</span>' in text
    ward = call(app(str(ROSTER)), "/ward?from=2026-05-11", headers=HTML).text
    assert '<span class="code">NICE-001</span>' in ward
    css = (Path(__file__).resolve().parent.parent / "il2sched" / "web" / "static" / "page.css").read_text()
    assert ".code { white-space: nowrap; }" in css  # the browser test measures it


def test_a_one_day_list_says_its_day_once() -> None:
    words = call(app(str(ROSTER)), "/ward?from=2026-12-03&days=1&lang=fr", headers=HTML).words
    assert "<h2>jeudi 3 décembre 2026</h2>" in words and "au jeu." not in words
    two = call(app(str(ROSTER)), "/ward?from=2026-12-03&days=2&lang=fr", headers=HTML).words
    assert "<h2>du jeu. 3 déc. 2026 au ven. 4 déc. 2026</h2>" in two


def test_holiday_names_are_french_on_french_pages() -> None:
    preview = call(app(), f"/preview?{QUERY}&lang=fr", headers=HTML).words
    assert "Fête du Travail" in preview and "Labor Day" not in preview
    ward = call(app(str(ROSTER)), "/ward?from=2026-05-01&days=1&lang=fr", headers=HTML).words
    assert "Fête du Travail" in ward and "Labor Day" not in ward


def test_serve_refuses_a_missing_roster_at_start_in_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "ward.csv"
    result = run_cli("serve", "--port", "0", "--roster", str(missing))
    assert (
        one_line_error(result)
        == f"il2sched: error: {missing}: roster not found; check the path given to --roster"
    )
    folder = run_cli("serve", "--port", "0", "--roster", str(tmp_path))
    assert (
        one_line_error(folder) == f"il2sched: error: {tmp_path}: is a folder, not a roster; give a text file"
    )
