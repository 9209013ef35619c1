"""Who records from the page (issue 20, item 5), on SQLite and PostgreSQL, in process through ASGI: beyond
loopback a session of the shared token cannot record (403) while a person signed in with their own account
can, and the trail names that person whatever initials the form carries; on loopback the initials typed on
the form are the record's, as on paper; a record without the page's CSRF token is refused (item 6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from helpers import run_cli
from test_web_accounts import PASSWORD, TOKEN, add_account, served, session_of
from ward_db import ward_url
from web_client import FORM, PORT, call, post_form, shared_sheets

from il2sched.web.app import WebConfig, create_app
from il2sched.web.guard import Access, own_hosts

__all__ = ["ward_url"]

START = dt.date(2026, 11, 16)  # a Monday before the tests' clock can be (records are never in the future)
GIVEN = f"patient=P-1&dose=1:1&form=given&given={START}T09:10&lot=A123&expiry=2027-01&site=abdomen-left&by=ZZ"
TODAY = f"/today?date={START}&lang=en"


def enrolled(url: str) -> None:
    added = run_cli("patients", "add", "P-1", "--start", str(START), "--no-holidays", "--time", "09:00",
                    "--by", "AB", "--db", url)  # fmt: skip
    assert added.exit_code == 0, added.output


def trail(url: str) -> str:
    listed = run_cli("audit", "list", "--db", url, "-f", "csv")
    assert listed.exit_code == 0, listed.output
    return listed.stdout


def test_beyond_loopback_the_shared_token_reads_and_only_a_person_records(ward_url: str) -> None:
    enrolled(ward_url)
    add_account(ward_url, "CD")
    application = served(ward_url)
    shared = session_of(post_form(application, "/login", f"token={TOKEN}&next=/".encode()))
    assert call(application, TODAY, headers={"cookie": shared}).status == 200  # it reads
    refused = post_form(application, f"/today/record?date={START}", GIVEN.encode(), shared, page=TODAY)
    assert refused.status == 403, refused.text
    assert "dose.record" not in trail(ward_url)
    person = session_of(post_form(application, "/login", f"initials=CD&password={PASSWORD}&next=/".encode()))
    done = post_form(application, f"/today/record?date={START}", GIVEN.encode(), person, page=TODAY)
    assert done.status == 303, done.text
    (line,) = [row for row in trail(ward_url).splitlines() if ",dose.record," in row]
    assert line.split(",")[2] == "CD"  # the signed-in person, not the ZZ typed on the form


def test_on_loopback_the_initials_typed_are_the_records(ward_url: str) -> None:
    enrolled(ward_url)
    access = Access(own_hosts(["127.0.0.1", "localhost", "::1"], PORT))
    application = create_app(WebConfig(access, db=ward_url), shared_sheets())
    bare = call(application, f"/today/record?date={START}", method="POST", headers=FORM, body=GIVEN.encode())
    assert bare.status == 403 and "dose.record" not in trail(ward_url)  # no CSRF token
    done = post_form(application, f"/today/record?date={START}", GIVEN.encode(), page=TODAY)
    assert done.status == 303, done.text
    (line,) = [row for row in trail(ward_url).splitlines() if ",dose.record," in row]
    assert line.split(",")[2] == "ZZ"


@pytest.mark.parametrize("origin", ["http://evil.example", "null"])
def test_a_record_from_another_origin_is_refused(ward_url: str, origin: str) -> None:
    enrolled(ward_url)
    access = Access(own_hosts(["127.0.0.1"], PORT))
    application: Any = create_app(WebConfig(access, db=ward_url), shared_sheets())
    forged = post_form(application, f"/today/record?date={START}", GIVEN.encode(), page=TODAY, origin=origin)
    assert forged.status == 403 and "dose.record" not in trail(ward_url)
