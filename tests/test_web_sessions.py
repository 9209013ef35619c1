"""Signing in and out (issue 21, item 6): logout, an idle session's end, failed sign-ins throttled per client,
tokens refused at start when easy to guess, ``--new-token``, and a token in any script as a Bearer token."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import one_line_error, run_cli
from web_client import app, call, post_form

from il2sched.web import sessions
from il2sched.web.sessions import FREE_FAILURES, token_problem

TOKEN = "s3cret-token-for-tests"
HTML = {"accept": "text/html"}
QUERY = "start=2026-04-27&patient=P-0001&format=csv"


class Clock:
    """A stand-in for ``time.monotonic`` in the sessions module, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(sessions.time, "monotonic", fake)
    return fake


def sign_in(application: Any, token: str = TOKEN) -> str:
    answer = post_form(application, "/login", f"token={token}&next=/".encode())
    assert answer.status == 303, answer.text
    return answer.headers["set-cookie"].split(";")[0]


def test_logout_ends_the_session_and_removes_its_cookie() -> None:
    application = app(token=TOKEN)
    session = sign_in(application)
    page = call(application, "/", headers={**HTML, "cookie": session})
    assert page.status == 200 and 'action="/logout?lang=en"' in page.text  # the sign-out button
    out = post_form(application, "/logout", b"", session)
    assert out.status == 303 and out.headers["location"] == "/login?lang=en"
    assert "Max-Age=0" in out.headers["set-cookie"] and out.headers["set-cookie"].startswith(
        "il2sched_session=;"
    )
    assert call(application, f"/generate?{QUERY}", headers={"cookie": session}).status == 401


def test_logout_from_another_site_is_refused() -> None:
    application = app(token=TOKEN)
    session = sign_in(application)
    forged = {"origin": "http://evil.example", "cookie": session}
    assert call(application, "/logout", method="POST", headers=forged).status == 403
    assert call(application, f"/generate?{QUERY}", headers={"cookie": session}).status == 200


def test_a_session_ends_after_its_idle_time_and_use_keeps_it(clock: Clock) -> None:
    application = app(token=TOKEN, session_idle=600)
    session = sign_in(application)
    for _ in range(3):  # used every 9 minutes: 27 minutes in all, still signed in
        clock.now += 540
        assert call(application, f"/generate?{QUERY}", headers={"cookie": session}).status == 200
    clock.now += 601
    assert call(application, f"/generate?{QUERY}", headers={"cookie": session}).status == 401
    clock.now = 0  # the clock going back does not bring it back
    assert call(application, f"/generate?{QUERY}", headers={"cookie": session}).status == 401


def test_wrong_tokens_make_a_client_wait_longer_and_longer(clock: Clock) -> None:
    application = app(token=TOKEN)
    wrong = b"token=not-the-token&next=/"
    for _ in range(FREE_FAILURES):
        assert post_form(application, "/login", wrong).status == 403
    waits = []
    for _ in range(4):
        assert post_form(application, "/login", wrong).status == 403
        refused = post_form(application, "/login", f"token={TOKEN}".encode())
        assert refused.status == 429 and "set-cookie" not in refused.headers  # even the right token waits
        waits.append(int(refused.headers["retry-after"]))
        clock.now += waits[-1]
    assert waits == [1, 2, 4, 8]
    sign_in(application)  # after the wait, the right token gets in and the count starts again
    assert post_form(application, "/login", wrong).status == 403


def test_wrong_bearer_tokens_are_throttled_too(clock: Clock) -> None:
    application = app(token=TOKEN)
    for _ in range(FREE_FAILURES + 1):
        assert (
            call(application, f"/generate?{QUERY}", headers={"authorization": "Bearer guess"}).status == 401
        )
    right = {"authorization": f"Bearer {TOKEN}"}
    assert call(application, f"/generate?{QUERY}", headers=right).status == 429
    clock.now += 1
    assert call(application, f"/generate?{QUERY}", headers=right).status == 200


def test_a_token_with_letters_beyond_ascii_works_as_bearer_and_in_the_form() -> None:
    token = "équipe-soins-été-2026"
    application = app(token=token)
    wire = token.encode("utf-8").decode("latin-1")  # the header's bytes as a script sends them: UTF-8
    assert call(application, f"/generate?{QUERY}", headers={"authorization": f"Bearer {wire}"}).status == 200
    form = b"token=%C3%A9quipe-soins-%C3%A9t%C3%A9-2026&next=/"
    assert post_form(application, "/login", form).status == 303


@pytest.mark.parametrize(
    ("token", "words"),
    [
        ("aaaaaaaaaaaaaaaa", "fewer than 8 different characters"),
        ("abababababababababab", "fewer than 8 different characters"),
        ("short", "too short"),
        (" padded-token-with-space", "space at an end"),
        ("token-with-a\ttab-inside-it", "control character"),
    ],
)
def test_serve_refuses_a_token_easy_to_guess_or_that_no_header_carries(token: str, words: str) -> None:
    result = run_cli("serve", "--port", "0", env={"IL2SCHED_SERVE_TOKEN": token})
    line = one_line_error(result, "IL2SCHED_SERVE_TOKEN", words)
    assert "--new-token" in line


def test_new_token_prints_a_good_token_and_starts_nothing() -> None:
    tokens = set()
    for _ in range(3):
        result = run_cli("serve", "--new-token")
        assert result.exit_code == 0 and result.stderr == ""
        token = result.stdout.strip()
        assert result.stdout == token + "\n" and token_problem(token) is None and len(token) >= 32
        tokens.add(token)
    assert len(tokens) == 3


@pytest.mark.parametrize("idle", ["forever", "0m", "5w"])
def test_a_bad_session_idle_is_one_line(idle: str) -> None:
    one_line_error(run_cli("serve", "--port", "0", "--session-idle", idle), "--session-idle")
