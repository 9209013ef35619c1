"""The ward record's patients on the page (in process, on SQLite and PostgreSQL): the list with what is open,
enrolment through the schedule form's fields with the command line's refusals beside their field, one
patient's plan merged with its record, and ``report.json`` byte for byte the command line's."""

from __future__ import annotations

import re
from typing import Any

import pytest
from helpers import run_cli
from reconcile_scenario import stored_scenario
from ward_db import ward_url
from web_client import FORM, PORT, Answer, call, post_form, shared_sheets

from il2sched.web.app import WebConfig, create_app
from il2sched.web.guard import Access, own_hosts

__all__ = ["ward_url"]


def ward_app(db: str) -> Any:
    return create_app(
        WebConfig(Access(own_hosts(["127.0.0.1", "localhost"], PORT), None), db=db), shared_sheets()
    )


def post(app: Any, path: str, body: str, **headers: str) -> Answer:
    """``body`` posted to ``path`` as the patients page's forms send it (with its CSRF token)."""
    return post_form(app, path, body.encode(), page="/patients", **headers)


def field_error(answer: Answer, name: str) -> str:
    found = re.search(rf'id="error-{name}"[^>]*>([^<]*)<', answer.text)
    assert found, f"no error slot for {name}"
    return found.group(1)


def test_enrol_lists_and_refuses_a_code_already_there(ward_url: str) -> None:
    app = ward_app(ward_url)
    empty = call(app, "/patients?lang=fr")
    assert empty.status == 200 and 'id="enrol-form"' in empty.text
    body = "patient=P-014&start=2026-04-27&time=09%3A00&by=AB"
    made = post(app, "/patients?lang=fr", body)
    assert made.status == 303 and made.headers["location"].startswith("/patients/P-014?lang=fr&saved=")
    listed = call(app, "/patients?lang=fr")
    row = re.search(r'<tr data-patient="P-014">.*?</tr>', listed.text, re.S)
    assert row and "nct01840046" in row.group(0) and 'class="status-active"' in row.group(0)
    assert "lun. 27 avr. 2026" in html_words(row.group(0))
    again = post(app, "/patients?lang=fr", body.replace("by=AB", "by=CD"))
    assert again.status == 400
    said = field_error(again, "patient")  # in the page's language, naming no command
    assert "le patient P-014 est déjà dans le registre du service" in said and "par AB" in said
    assert "il2sched" not in said
    assert 'aria-invalid="true"' in again.text and 'value="CD"' in again.text


def test_enrol_refuses_a_bad_start_beside_its_field(ward_url: str) -> None:
    refused = post(ward_app(ward_url), "/patients?lang=en", "patient=P-1&start=2026-02-30&by=AB")
    assert refused.status == 400 and "2026-02-30" in field_error(refused, "start")
    assert 'id="error-summary"' in refused.text and "There is a problem" in refused.words


def test_search_finds_by_code(ward_url: str) -> None:
    app = ward_app(ward_url)
    for code in ("P-014", "Q-200"):
        assert post(app, "/patients", f"patient={code}&start=2026-04-27&by=AB").status == 303
    found = call(app, "/patients?q=q-2")
    assert 'data-patient="Q-200"' in found.text and 'data-patient="P-014"' not in found.text


def test_the_patient_page_merges_plan_and_record(ward_url: str) -> None:
    stored_scenario(ward_url)
    page = call(ward_app(ward_url), "/patients/P-001?date=2026-07-02&lang=en")
    assert page.status == 200
    words = page.words
    assert "Adherence" in words and "16 of 20 doses (80%)" in words
    assert "given outside its window" in words and "cycle 4's window is 2026-06-22 to 2026-06-28" in words
    states = re.findall(r'data-state="([a-z_]+)"', page.text)
    assert len(states) == 20 and states.count("overdue") == 3
    dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)"', page.text)
    assert dates == sorted(dates)


def test_report_json_is_the_command_lines_bytes(ward_url: str) -> None:
    stored_scenario(ward_url)
    answer = call(ward_app(ward_url), "/patients/P-001/report.json")
    cli = run_cli("report", "P-001", "-f", "json", "--db", ward_url)
    assert cli.exit_code == 0, cli.output
    assert answer.status == 200 and answer.headers["content-type"].startswith("application/json")
    assert answer.body == cli.stdout_bytes


def test_an_enrolment_without_the_pages_token_is_refused(tmp_path: Any) -> None:
    app = ward_app(f"sqlite:///{tmp_path / 'w.db'}")
    body = b"patient=P-1&start=2026-04-27&by=AB"
    assert call(app, "/patients", method="POST", headers=FORM, body=body).status == 403
    foreign = {**FORM, "origin": "http://evil.example"}
    assert call(app, "/patients", method="POST", headers=foreign, body=body + b"&csrf=x").status == 403
    assert 'data-patient="P-1"' not in call(app, "/patients").text


def test_an_unknown_patient_is_404(ward_url: str) -> None:
    stored_scenario(ward_url)
    app = ward_app(ward_url)
    assert call(app, "/patients/NOPE").status == 404
    assert call(app, "/patients/NOPE/report.json").status == 404


def html_words(text: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", text))


@pytest.mark.parametrize("path", ["/patients", "/patients?lang=fr"])
def test_typed_text_is_escaped(path: str, tmp_path: Any) -> None:
    app = ward_app(f"sqlite:///{tmp_path / 'w.db'}")
    answer = call(app, f"{path}{'&' if '?' in path else '?'}q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert "<script>alert" not in answer.text and "&lt;script&gt;" in answer.text


def test_nothing_of_the_store_is_loaded_before_a_ward_page_is_asked() -> None:
    import subprocess
    import sys

    probe = (
        "import sys; from il2sched.web.app import create_app; from il2sched.web.site import WebConfig;"
        "from il2sched.web.guard import Access; create_app(WebConfig(Access(frozenset(), None)));"
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'il2sched.store'))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
