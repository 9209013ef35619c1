"""Every state-changing request needs the CSRF token of this server's page (issue 20, item 6), and each
request says who may record through it (item 5), in process through ASGI."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from web_client import FORM, app, call, csrf_of, post_form

from il2sched.web.csrf import CsrfGuard, form_token, posted_fields, who_records
from il2sched.web.sessions import Sessions

TOKEN = "s3cret-token-for-tests"


def signed_in(application: Any) -> str:
    answer = post_form(application, "/login", f"token={TOKEN}&next=/".encode())
    assert answer.status == 303, answer.text
    return answer.headers["set-cookie"].split(";")[0]


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "refused: this form is out of date"), ("fr", "refusé : ce formulaire")]
)
def test_a_post_without_the_token_is_refused_in_one_line_in_the_pages_language(lang: str, words: str) -> None:
    application = app(token=TOKEN)
    session = signed_in(application)
    answer = call(application, f"/logout?lang={lang}", method="POST", headers={**FORM, "cookie": session})
    assert answer.status == 403 and answer.text.count("\n") == 1
    assert answer.text.startswith("il2sched: error: ") and words in answer.text
    assert call(application, "/generate?start=2026-04-27", headers={"cookie": session}).status == 200


@pytest.mark.parametrize("wrong", ["", "x", "A" * 43])
def test_a_wrong_token_is_refused(wrong: str) -> None:
    application = app(token=TOKEN)
    session = signed_in(application)
    body = f"csrf={wrong}".encode()
    answer = call(application, "/logout", method="POST", headers={**FORM, "cookie": session}, body=body)
    assert answer.status == 403


def test_the_right_token_in_the_field_or_the_header_is_accepted() -> None:
    application = app(token=TOKEN)
    session = signed_in(application)
    assert post_form(application, "/logout", b"", session).status == 303
    session = signed_in(application)
    token, cookies = csrf_of(application, "/login", session)
    headers = {**FORM, "cookie": cookies, "x-csrf-token": token}
    assert call(application, "/logout", method="POST", headers=headers).status == 303


def test_a_sessions_token_ends_with_the_session_and_is_no_other_sessions() -> None:
    application = app(token=TOKEN)
    first, second = signed_in(application), signed_in(application)
    token, _ = csrf_of(application, "/login", first)
    other = {**FORM, "cookie": second}
    assert (
        call(application, "/logout", method="POST", headers=other, body=f"csrf={token}".encode()).status
        == 403
    )
    mine = {**FORM, "cookie": first}
    assert (
        call(application, "/logout", method="POST", headers=mine, body=f"csrf={token}".encode()).status == 303
    )
    assert (
        call(application, "/logout", method="POST", headers=mine, body=f"csrf={token}".encode()).status == 403
    )


def test_a_forged_sign_in_is_refused_the_token_is_bound_to_the_browser() -> None:
    application = app(token=TOKEN)
    body = f"token={TOKEN}&next=/".encode()
    bare = call(application, "/login", method="POST", headers=FORM, body=body)
    assert bare.status == 403 and "set-cookie" not in bare.headers
    token, cookie = csrf_of(application)
    assert cookie.startswith("il2sched_browser=")
    other_browser = csrf_of(application)[1]
    forged = {**FORM, "cookie": other_browser}
    answer = call(application, "/login", method="POST", headers=forged, body=body + f"&csrf={token}".encode())
    assert answer.status == 403 and "set-cookie" not in answer.headers
    own = {**FORM, "cookie": cookie}
    answer = call(application, "/login", method="POST", headers=own, body=body + f"&csrf={token}".encode())
    assert answer.status == 303 and answer.headers["set-cookie"].startswith("il2sched_session=")


def test_the_browser_cookie_is_set_once_unreadable_by_scripts_and_never_sent_by_other_sites() -> None:
    application = app()
    first = call(application, "/login", headers={"accept": "text/html"})
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    again = call(application, "/login", headers={"accept": "text/html", "cookie": cookie.split(";")[0]})
    assert "set-cookie" not in again.headers


def _probe(remote: bool, sessions: Sessions) -> Any:
    """A one-route application behind the CSRF guard, answering what the request may record."""

    def show(request: Request) -> Response:
        recorder = who_records(request)
        return JSONResponse(
            {"initials": recorder.initials, "authenticated": recorder.authenticated,
             "may_record": recorder.may_record, "token": form_token(request),
             "fields": posted_fields(request)}
        )  # fmt: skip

    inner = Starlette(routes=[Route("/", show, methods=["GET", "POST"])])
    disabled: set[str] = set()
    guard = CsrfGuard(inner, sessions, remote, accounts=lambda who: who not in disabled)
    guard.disabled = disabled  # type: ignore[attr-defined]
    return guard


def test_who_records_on_loopback_anyone_with_typed_initials() -> None:
    answer = call(_probe(False, Sessions()), "/")
    assert answer.status == 200
    assert '"initials":null,"authenticated":false,"may_record":true' in answer.text


def test_who_records_beyond_loopback_a_person_signed_in_and_not_the_shared_token() -> None:
    sessions = Sessions()
    probe = _probe(True, sessions)
    shared = f"il2sched_session={sessions.new()}"
    personal = f"il2sched_session={sessions.new('AB')}"
    assert '"may_record":false' in call(probe, "/", headers={"cookie": shared}).text
    assert '"may_record":false' in call(probe, "/").text
    answer = call(probe, "/", headers={"cookie": personal})
    assert '"initials":"AB","authenticated":true,"may_record":true' in answer.text


def test_a_disabled_accounts_session_ends_at_its_next_request() -> None:
    sessions = Sessions()
    probe = _probe(True, sessions)
    session = sessions.new("AB")
    probe.disabled.add("AB")
    answer = call(probe, "/?lang=fr", headers={"cookie": f"il2sched_session={session}"})
    assert answer.status == 401 and "ce compte a été désactivé" in answer.text
    assert session not in sessions


def test_the_posted_fields_reach_the_route_in_order() -> None:
    sessions = Sessions()
    probe = _probe(True, sessions)
    cookie = f"il2sched_session={sessions.new('AB')}"
    token = call(probe, "/", headers={"cookie": cookie}).text.split('"token":"')[1].split('"')[0]
    body = f"lot=A%26B&initials=&csrf={token}&lot=2".encode()
    answer = call(probe, "/", method="POST", headers={**FORM, "cookie": cookie}, body=body)
    assert answer.status == 200, answer.text
    assert '"fields":[["lot","A&B"],["initials",""],["csrf",' in answer.text and '["lot","2"]]' in answer.text
