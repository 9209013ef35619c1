"""Personal sign-in on a page served beyond loopback (issue 20, item 5): initials and password of an account
made with ``il2sched users add``; the session names the person; wrong passwords throttled like wrong tokens;
a disabled account refused, and its live sessions ended; on SQLite and PostgreSQL, in process through ASGI."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import run_cli
from ward_db import ward_url
from web_client import PORT, app, call, post_form, shared_sheets

from il2sched.web.app import WebConfig, create_app
from il2sched.web.guard import Access, own_hosts
from il2sched.web.sessions import FREE_FAILURES

__all__ = ["ward_url"]

TOKEN = "s3cret-token-for-tests"
PASSWORD = "correct horse battery"
HTML = {"accept": "text/html"}


def served(url: str) -> Any:
    """The application as ``il2sched serve --host ... --db URL`` builds it, with the token."""
    access = Access(own_hosts(["127.0.0.1", "localhost", "::1"], PORT), TOKEN)
    return create_app(WebConfig(access, remote=True, db=url), shared_sheets())


def add_account(url: str, initials: str = "CD", password: str = PASSWORD) -> None:
    result = run_cli("users", "add", initials, "--by", "AB", "--password-stdin", "--db", url,
                     input=password + "\n")  # fmt: skip
    assert result.exit_code == 0, result.output


def session_of(answer: Any) -> str:
    assert answer.status == 303, answer.text
    cookie: str = answer.headers["set-cookie"].split(";")[0]
    assert cookie.startswith("il2sched_session=")
    return cookie


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "With your own account"), ("fr", "Avec votre propre compte")]
)
def test_the_sign_in_page_offers_a_personal_sign_in_beyond_loopback_only(
    ward_url: str, lang: str, words: str
) -> None:
    page = call(served(ward_url), f"/login?lang={lang}", headers=HTML)
    assert page.status == 200 and words in page.words
    assert 'id="f-initials"' in page.text and 'id="f-password"' in page.text and 'id="f-token"' in page.text
    on_loopback = call(app(token=TOKEN), f"/login?lang={lang}", headers=HTML)
    assert 'id="f-token"' in on_loopback.text and 'id="f-initials"' not in on_loopback.text


def test_a_person_signs_in_with_initials_and_password_and_the_session_names_them(ward_url: str) -> None:
    add_account(ward_url)
    application = served(ward_url)
    cookie = session_of(post_form(application, "/login", f"initials=cd&password={PASSWORD}&next=/".encode()))
    assert application.sessions.person(cookie.split("=", 1)[1]) == "CD"
    assert call(application, "/generate?start=2026-04-27", headers={"cookie": cookie}).status == 200
    shared = session_of(post_form(application, "/login", f"token={TOKEN}&next=/".encode()))
    assert application.sessions.person(shared.split("=", 1)[1]) is None


@pytest.mark.parametrize(
    "form",
    ["initials=CD&password=wrong password 1", "initials=ZZ&password=" + PASSWORD, "initials=C1&password=x"],
)
def test_wrong_initials_or_password_are_refused_alike(ward_url: str, form: str) -> None:
    add_account(ward_url)
    answer = post_form(served(ward_url), "/login?lang=fr", form.encode())
    assert answer.status == 403 and "set-cookie" not in answer.headers
    assert "Initiales ou mot de passe incorrects." in answer.words and 'aria-invalid="true"' in answer.text


def test_wrong_passwords_make_a_client_wait_like_wrong_tokens(ward_url: str) -> None:
    add_account(ward_url)
    application = served(ward_url)
    wrong = b"initials=CD&password=not my password"
    for _ in range(FREE_FAILURES + 1):
        assert post_form(application, "/login", wrong).status == 403
    right = post_form(application, "/login", f"initials=CD&password={PASSWORD}".encode())
    assert (
        right.status == 429 and "set-cookie" not in right.headers and int(right.headers["retry-after"]) >= 1
    )


def test_a_disabled_account_cannot_sign_in_and_its_live_sessions_end(ward_url: str) -> None:
    add_account(ward_url)
    application = served(ward_url)
    cookie = session_of(post_form(application, "/login", f"initials=CD&password={PASSWORD}".encode()))
    assert call(application, "/generate?start=2026-04-27", headers={"cookie": cookie}).status == 200
    off = run_cli("users", "disable", "CD", "--reason", "left the ward", "--by", "AB", "--db", ward_url)
    assert off.exit_code == 0, off.output
    ended = call(application, "/generate?start=2026-04-27", headers={"cookie": cookie})
    assert ended.status == 401 and "this account has been disabled; your session has ended" in ended.text
    assert call(application, "/generate?start=2026-04-27", headers={"cookie": cookie}).status == 401
    again = post_form(application, "/login", f"initials=CD&password={PASSWORD}".encode())
    assert again.status == 403 and "This account has been disabled" in again.words
