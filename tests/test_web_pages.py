"""The web face in-process (ASGI): pages, previews, downloads, errors, the roster, and the guard."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import click
import pytest
from helpers import run_cli, run_cli_at_stamp
from web_client import app, call, post_form

from il2sched.app.formats import SCHEDULE_FORMATS, WORKLIST_FORMATS
from il2sched.web.phrases import PAGE_PHRASES

ROSTER = Path(__file__).resolve().parent.parent / "samples" / "roster.csv"
QUERY = "start=2026-04-27&patient=P-0001"
HTML = {"accept": "text/html"}


@pytest.fixture(autouse=True)
def _fixed_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767600000")


def test_both_languages_have_the_same_page_phrases() -> None:
    assert PAGE_PHRASES["en"].keys() == PAGE_PHRASES["fr"].keys()


#: Options of generate the form does not offer as a field: the download links choose them, --no-weekends,
#: the default (the form offers --open-weekends), which older links may still give, and --lang, which the
#: page's language switch sets (one language choice: the page's and its outputs').
BY_LINK = {"output", "format", "excel", "no-weekends", "lang"}


def test_every_generate_option_has_a_labelled_field_on_the_form() -> None:
    """A new command-line option without a field on the page fails here (the query already takes it)."""
    from il2sched.cli.schedule import generate

    page = call(app(), "/", headers=HTML).text
    flags = [max(o.opts, key=len) for o in generate.params if isinstance(o, click.Option)]
    options = [flag.removeprefix("--") for flag in flags]
    assert "start" in options and "bsa" in options
    from il2sched.app.commands import GENERATE
    from il2sched.app.options import NotOnPage

    not_on_page = {o.name for o in GENERATE.options if isinstance(o.page, NotOnPage)}  # --db: the server's
    for long in options:
        if long not in BY_LINK | not_on_page:
            assert f'name="{long}"' in page, f"the form has no field for --{long}"
            assert f'<label for="f-{long}">' in page, f"the field for --{long} has no label"


def test_the_page_without_a_query_is_an_empty_form() -> None:
    answer = call(app(), "/", headers=HTML)
    assert answer.status == 200
    assert '<label for="f-start">' in answer.text and 'name="start" type="date"' in answer.text


def test_the_preview_lists_the_doses_in_words_with_dates_in_letters() -> None:
    answer = call(app(), f"/preview?{QUERY}&on-holiday=shift&open-weekends=1", headers=HTML)
    assert answer.status == 200
    assert "Mon 27 Apr 2026" in answer.text and "1.5 million units" in answer.text
    assert "moved from Fri 1 May 2026 (Labor Day), onto a weekend day" in answer.text
    assert "Total: 20 administrations, 52.5 million units" in answer.text
    for word in (" IU", "MIU", ">MU", "1.50 "):
        assert word not in answer.text


def test_the_preview_in_french() -> None:
    words = call(app(), f"/preview?{QUERY}&lang=fr", headers=HTML).words
    assert "lun. 27 avr. 2026" in words and "1,5 million d'unités" in words
    assert "3 millions d'unités" in words and "jour férié" in words
    assert "jeu. 14 mai 2026\u202f: Ascension" in words


def test_the_download_links_are_generate_urls_of_every_format() -> None:
    text = call(app(), f"/preview?{QUERY}", headers=HTML).text
    for fmt in SCHEDULE_FORMATS:
        assert f"/generate?start=2026-04-27&amp;patient=P-0001&amp;format={fmt}" in text
    assert "format=csv&amp;excel=1" in text
    assert 'download="P-0001.ics"' in text


@pytest.mark.parametrize("fmt", list(SCHEDULE_FORMATS))
def test_generate_gives_the_command_lines_bytes(fmt: str) -> None:
    query = (
        f"{QUERY}&time=09:00&remind=1h&remind=1d&on-holiday=shift&lang=fr&site=Derm%20%3Cb%3E&format={fmt}"
    )
    answer = call(app(), f"/generate?{query}")
    args = ["generate", "--start", "2026-04-27", "--patient", "P-0001", "--time", "09:00", "--remind",
            "1h", "--remind", "1d", "--on-holiday", "shift", "--lang", "fr", "--site", "Derm <b>",
            "-f", fmt]  # fmt: skip
    cli = run_cli_at_stamp(*args)
    assert cli.exit_code == 0
    assert answer.status == 200
    assert answer.body == cli.stdout_bytes
    assert 'filename="P-0001.' in answer.headers["content-disposition"]


def test_a_tuesday_start_is_refused_with_the_command_lines_message_as_text_or_html() -> None:
    cli = run_cli("generate", "--start", "2026-04-28")
    text = call(app(), "/generate?start=2026-04-28")
    assert (text.status, text.headers["content-type"]) == (400, "text/plain; charset=utf-8")
    assert text.text == cli.stderr
    page = call(app(), "/generate?start=2026-04-28", headers=HTML)
    assert page.status == 400 and page.headers["content-type"].startswith("text/html")
    # A person reads it in the page's words (no --option) on a page its style sheet may style.
    assert "start date 2026-04-28 is a Tuesday, but week 1 starts on a Monday" in page.words
    assert "--align" not in page.words and "Start that is not a Monday" in page.words
    assert page.headers["content-security-policy"].startswith("default-src 'self'")


def test_an_error_is_shown_beside_its_field() -> None:
    text = call(app(), "/?start=2026-04-28&patient=P-1", headers=HTML).text
    field = 'id="f-start" name="start" type="date" value="2026-04-28" aria-describedby="error-start"'
    assert f'{field} aria-invalid="true"' in text
    assert 'id="error-start" data-field-error="start">start date 2026-04-28 is a Tuesday' in text


def test_what_people_type_is_escaped() -> None:
    text = call(app(), f"/?{QUERY}&site=%3Cscript%3Ealert(1)%3C/script%3E&patient=%3Cb%3E", headers=HTML).text
    assert "<script>alert" not in text and "<b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_every_page_is_hardened() -> None:
    answer = call(app(), f"/?{QUERY}", headers=HTML)
    assert answer.headers["content-security-policy"].startswith("default-src 'self'")
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["cache-control"] == "no-store"
    document = call(app(), f"/generate?{QUERY}&format=html")
    assert document.headers["content-security-policy"].startswith(
        "default-src 'none'; style-src 'unsafe-inline'"
    )


@pytest.mark.parametrize("host", ["evil.example:8765", "127.0.0.1:9999", "localhost.evil.example:8765", ""])
def test_a_foreign_host_is_refused(host: str) -> None:
    answer = call(app(), f"/generate?{QUERY}", headers={"host": host})
    assert answer.status == 403 and b"P-0001" not in answer.body


@pytest.mark.parametrize("origin", ["http://evil.example", "null", None])
def test_a_state_changing_request_from_elsewhere_is_refused(origin: str | None) -> None:
    headers = {"content-type": "application/x-www-form-urlencoded"}
    if origin:
        headers["origin"] = origin
    answer = call(app(token="t" * 20), "/login", method="POST", headers=headers, body=b"token=" + b"t" * 20)
    assert answer.status == 403 and "set-cookie" not in answer.headers


def test_with_a_token_every_request_needs_a_session_or_the_bearer_token() -> None:
    token = "s3cret-token-for-tests"
    application = app(token=token)
    assert call(application, f"/generate?{QUERY}").status == 401
    assert call(application, f"/?{QUERY}", headers=HTML).headers["location"].startswith("/login?next=")
    assert call(application, f"/generate?{QUERY}", headers={"authorization": f"Bearer {token}"}).status == 200
    wrong = post_form(application, "/login", b"token=nope&next=/")
    assert wrong.status == 403 and "set-cookie" not in wrong.headers
    right = post_form(application, "/login", f"token={token}&next=//evil".encode())
    assert right.status == 303 and right.headers["location"] == "/"
    cookie = right.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and token not in cookie
    session = cookie.split(";")[0]
    assert call(application, f"/generate?{QUERY}", headers={"cookie": f"other=1; {session}"}).status == 200
    assert (
        call(application, f"/generate?{QUERY}", headers={"cookie": "il2sched_session=forged"}).status == 401
    )


def test_the_roster_page_links_each_patient_to_a_preview_and_follows_the_file(tmp_path: Path) -> None:
    roster = tmp_path / "ward.csv"
    shutil.copy(ROSTER, roster)
    application = app(str(roster))
    text = call(application, "/roster", headers=HTML).text
    assert "/?start=2026-04-27&amp;patient=NICE-001&amp;lang=fr&amp;time=09%3A00&amp;site=" in text
    assert "/?start=2026-06-01&amp;patient=NICE-004&amp;delay=2%3A1&amp;delay=4%3A1&amp;lang=en" in text
    assert "4 patients" in text
    roster.write_text(roster.read_text(encoding="utf-8") + "NICE-005,2026-06-08,,,,,\n", encoding="utf-8")
    os.utime(roster, ns=(1, 10**18))
    assert "5 patients" in call(application, "/roster", headers=HTML).text
    roster.write_text("patient,start\nNICE-001,2026-04-28\nbad name,2026-04-27\n", encoding="utf-8")
    os.utime(roster, ns=(1, 2 * 10**18))
    broken = call(application, "/roster", headers=HTML)
    assert broken.status == 400
    assert f"{roster} line 2: start date 2026-04-28 is a Tuesday" in broken.text
    assert f"{roster} line 3: invalid patient code" in broken.text


@pytest.mark.parametrize("fmt", list(WORKLIST_FORMATS))
def test_the_worklist_gives_the_command_lines_bytes(fmt: str) -> None:
    answer = call(app(str(ROSTER)), f"/worklist?from=2026-05-11&days=5&lang=fr&format={fmt}")
    cli = run_cli_at_stamp(
        "worklist", str(ROSTER), "--from", "2026-05-11", "--days", "5", "--lang", "fr", "-f", fmt
    )
    assert answer.status == 200 and answer.body == cli.stdout_bytes


def test_the_worklist_page_lists_the_patients_due() -> None:
    text = call(app(str(ROSTER)), "/ward?from=2026-05-11&days=1&lang=fr", headers=HTML).words
    assert "lundi 11 mai 2026" in text and "NICE-001" in text and "3 millions d'unités" in text
    assert "/print/worklist?from=2026-05-11" in text


def test_the_print_page_is_the_html_sheet_with_a_bar_hidden_in_print() -> None:
    page = call(app(), f"/print/generate?{QUERY}&format=pdf", headers=HTML)
    sheet = call(app(), f"/generate?{QUERY}&format=html").text
    head, _, body = sheet.partition("</head>")
    assert page.text.startswith(head) and page.text.endswith(body.partition("<body>")[2])
    assert '<link rel="stylesheet" href="/static/print.css">' in page.text
    assert 'href="/?start=2026-04-27&amp;patient=P-0001"' in page.text  # back to the form, without format


def test_serve_refuses_another_address_without_a_token() -> None:
    result = run_cli("serve", "--host", "0.0.0.0", "--port", "0", env={"IL2SCHED_SERVE_TOKEN": ""})
    assert result.exit_code == 2
    assert result.stderr.startswith("il2sched: error: --host 0.0.0.0 lets other machines reach the page")
    assert result.stderr.count("\n") == 1


def test_serve_refuses_a_short_token() -> None:
    result = run_cli("serve", "--port", "0", env={"IL2SCHED_SERVE_TOKEN": "short"})
    assert result.exit_code == 2 and "too short" in result.stderr


def test_a_page_served_to_other_machines_reads_no_file_of_this_one(tmp_path: Path) -> None:
    closures = tmp_path / "closures.txt"
    closures.write_text("2026-05-15\n", encoding="utf-8")
    regimen = ROSTER.parent / "regimens" / "bsa-daily.toml"
    for query in (f"{QUERY}&closed-file={closures}", f"{QUERY}&regimen={regimen}&bsa=1.7"):
        answer = call(app(remote=True), f"/generate?{query}&format=csv")
        assert answer.status == 400
        assert "names a file of the computer serving this page" in answer.text
        assert call(app(), f"/generate?{query}&format=csv").status == 200  # on this machine, as the CLI
    assert call(app(remote=True), f"/generate?{QUERY}&regimen=nct01840046&format=csv").status == 200
