"""The ward's day on the page (in process, on SQLite and PostgreSQL): the doses due from the ward record,
Record given and Not given answered by a redirect (or the row alone for the page's script), record's own
refusals beside their field, a second record of one dose refused with 409 showing the first, a correction
that needs a reason and shows the history, and the audit trail with audit verify's result."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

import pytest
from test_web_patients import post, ward_app
from ward_db import ward_url
from web_client import Answer, call

import il2sched.web

__all__ = ["ward_url"]

START = dt.date(2026, 11, 16)  # a Monday before the tests' clock can be (records are never in the future)
FETCH = {"x-il2sched-fetch": "1"}
GIVEN = "patient=P-1&dose={dose}&form=given&given={given}&lot=A123&expiry=2027-01&site=abdomen-left&by={by}"


@pytest.fixture
def app(ward_url: str) -> Any:
    application = ward_app(ward_url)
    made = post(application, "/patients", f"patient=P-1&start={START}&no-holidays=1&by=AB&time=09%3A00")
    assert made.status == 303, made.text
    return application


def rows(answer: Answer) -> list[tuple[str, str, str]]:
    return re.findall(r'<li class="dose-row[^"]*" id="row-[^"]+" data-patient="([^"]+)" data-dose="([^"]+)" '
                      r'data-state="([^"]+)"', answer.text)  # fmt: skip


def test_the_day_lists_the_doses_due_with_both_forms(app: Any) -> None:
    page = call(app, f"/today?date={START}&lang=fr")
    assert page.status == 200 and rows(page) == [("P-1", "1:1", "due")]
    assert "Enregistrer\u202f: faite" in page.words and "Non faite" in page.words
    assert 'name="given" type="datetime-local" value="2026-11-16T09:00"' in page.text
    saturday = call(app, "/today?date=2026-11-21&lang=en")  # none recorded: each still within its window
    assert [dose for _, dose, _ in rows(saturday)] == ["1:1", "1:2", "1:3", "1:4", "1:5"]
    assert "Planned Mon 16 Nov 2026; still within its window (until Sun 22 Nov 2026)." in saturday.words
    later = call(app, "/today?date=2026-11-25")  # week 2: no dose, and cycle 1's window has ended
    assert later.status == 200 and not rows(later) and "No dose to give on this day." in later.words


def test_record_given_redirects_then_a_second_nurse_gets_409(app: Any) -> None:
    first = post(
        app, f"/today/record?date={START}&lang=en", GIVEN.format(dose="1:1", given=f"{START}T09:10", by="AB")
    )
    assert first.status == 303 and first.headers["location"] == f"/today?date={START}&lang=en#row-P-1-1-1"
    page = call(app, f"/today?date={START}&lang=en")
    assert rows(page) == [("P-1", "1:1", "given_as_planned")] and "lot A123" in page.words
    again = GIVEN.format(dose="1:1", given=f"{START}T09:30", by="CD")
    second = post(app, f"/today/record?date={START}&lang=en", again, **FETCH)
    assert second.status == 409
    assert (
        "Already recorded by another nurse" in second.words
        and "09:10" in second.words
        and "by AB" in second.words
    )


def test_a_dose_moved_within_its_window_and_one_not_given(app: Any) -> None:
    moved = post(
        app, "/today/record?date=2026-11-17", GIVEN.format(dose="1:2", given="2026-11-18T10:00", by="AB")
    )
    assert moved.status == 303
    body = "patient=P-1&dose=1:3&form=not-given&reason=refused&note=nausea&by=AB"
    assert post(app, "/today/record?date=2026-11-18", body).status == 303
    page = call(app, "/patients/P-1?date=2026-11-20&lang=en")
    states = dict(re.findall(r'data-dose="(Cycle 1, day \d)" data-state="([a-z_]+)"', page.text))
    assert states["Cycle 1, day 2"] == "given_moved" and states["Cycle 1, day 3"] == "not_given"
    assert "refused by the patient" in page.words or "refused" in page.words


def test_refusals_come_back_beside_their_field_in_the_row(app: Any) -> None:
    expired = GIVEN.format(dose="1:1", given=f"{START}T09:10", by="AB").replace("2027-01", "2025-01")
    answer = post(app, f"/today/record?date={START}", expired, **FETCH)
    assert answer.status == 400 and "the lot expired (2025-01)" in field_error_in(answer, "given", "expiry")
    plain = post(app, f"/today/record?date={START}", expired)
    assert (
        plain.status == 400
        and 'aria-invalid="true"' in plain.text
        and '<details class="record-given" open>' in plain.text
    )
    no_reason = post(app, f"/today/record?date={START}", "patient=P-1&dose=1:1&form=not-given&by=AB")
    assert no_reason.status == 400
    assert field_error_in(no_reason, "not-given", "reason") == "a dose not given needs 'Reason': choose why"
    french = post(
        app,
        f"/today/record?date={START}&lang=fr",
        "patient=P-1&dose=1:1&form=given&given=2026-11-16T09:10&by=AB",
    )
    assert (
        field_error_in(french, "given", "lot")
        == "une injection faite demande «\u202fLot\u202f» (ou enregistrez-la comme non faite)"
    )
    assert "--" not in field_error_in(french, "given", "lot")
    future = GIVEN.format(dose="1:1", given="2099-01-01T09:00", by="AB")
    assert "in the future" in field_error_in(
        post(app, f"/today/record?date={START}", future), "given", "given"
    )


def field_error_in(answer: Answer, form: str, name: str) -> str:
    found = re.search(rf'id="error-P-1-1-1-{form}-{name}"[^>]*>([^<]*)<', answer.text)
    assert found, answer.text[:2000]
    return html.unescape(found.group(1))


def test_a_correction_needs_a_reason_and_shows_the_history(app: Any) -> None:
    post(app, f"/today/record?date={START}", GIVEN.format(dose="1:1", given=f"{START}T09:10", by="AB"))
    entry = re.search(r'name="correct" value="(\d+)"', call(app, f"/today?date={START}").text)
    assert entry
    body = (f"patient=P-1&dose=1:1&form=correct&correct={entry.group(1)}&outcome=given&given={START}T09:40"
            "&lot=A124&expiry=2027-01&site=thigh-left&by=AB")  # fmt: skip
    refused = post(app, f"/today/record?date={START}", body)
    assert refused.status == 400 and "a correction says why" in field_error_in(refused, "correct", "reason")
    done = post(app, f"/today/record?date={START}", f"{body}&reason=wrong+lot", **FETCH)
    assert done.status == 200 and "lot A124" in done.words and "wrong lot" in done.words
    assert f"Entry {entry.group(1)}: given" in done.words


def test_the_audit_trail_filters_and_verifies(app: Any) -> None:
    post(app, f"/today/record?date={START}", GIVEN.format(dose="1:1", given=f"{START}T09:10", by="CD"))
    page = call(app, "/audit?lang=en")
    assert page.status == 200 and page.text.count("data-entry=") == 2
    assert re.search(r'id="verified">[^<]*holds', page.text) or "2 entries" in page.words
    only = call(app, "/audit?lang=en&by=cd")
    assert only.text.count("data-entry=") == 1 and "dose recorded" in only.words
    assert call(app, "/audit?patient=P-1&action=patient.add").text.count("data-entry=") == 1
    assert call(app, "/audit?patient=NOPE").status == 404
    bad = call(app, "/audit?from=2026-13-01")
    assert bad.status == 400 and "2026-13-01 is not a date" in bad.words
    printed = (Path(il2sched.web.__file__).parent / "static" / "ward.css").read_text(encoding="utf-8")
    assert "@media print" in printed and 'href="/static/ward.css"' in page.text
