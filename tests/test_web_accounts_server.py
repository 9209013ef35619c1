"""A real ``il2sched serve`` beyond loopback (issue 20, items 5 and 6): a foreign Origin refused, a POST
without its CSRF token or with a wrong one refused (403) and with it accepted; personal sign-in with an
account of the ward record (SQLite and PostgreSQL), wrong passwords throttled, a disabled account refused;
and a nurse signing in with her own account in Chromium with the keyboard only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from browser import browser  # noqa: F401  (the fixture)
from helpers import run_cli
from ward_db import ward_url
from web_client import Server, running, server_env

from il2sched.web.sessions import FREE_FAILURES

__all__ = ["ward_url"]

pytestmark = pytest.mark.slow  # a real server (and a real browser)

TOKEN = "équipe-soins-été-2026"
PASSWORD = "correct horse battery"
TYPED = PASSWORD.replace(" ", "+")  # as a form sends it


@contextmanager
def ward_server(url: str) -> Iterator[Server]:
    """``il2sched serve --host 0.0.0.0`` with the token, on the ward record ``url`` holding account CD."""
    added = run_cli(
        "users", "add", "CD", "--by", "AB", "--password-stdin", "--db", url, input=PASSWORD + "\n"
    )
    assert added.exit_code == 0, added.output
    env = server_env(IL2SCHED_SERVE_TOKEN=TOKEN, IL2SCHED_DB=url)
    with running("--host", "0.0.0.0", env=env) as server:
        yield server


def form_of(server: Server, cookie: str = "") -> tuple[str, str]:
    """The sign-in page's CSRF token and the cookies to send with it."""
    page = server.get("/login", headers={"accept": "text/html", **({"cookie": cookie} if cookie else {})})
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text[:300]
    new = page.headers.get("set-cookie", "").split(";")[0]
    return found.group(1), "; ".join(c for c in (cookie, new) if c)


def post(server: Server, path: str, body: str, cookie: str, origin: str | None = None) -> Any:
    headers = {"content-type": "application/x-www-form-urlencoded", "cookie": cookie,
               "origin": origin or server.url.rstrip("/")}  # fmt: skip
    return server.get(path, method="POST", headers=headers, body=body.encode())


def test_every_post_needs_its_origin_and_its_csrf_token_and_a_person_signs_in(ward_url: str) -> None:
    with ward_server(ward_url) as server:
        csrf, cookie = form_of(server)
        signing_in = f"initials=cd&password={TYPED}&next=/&csrf={csrf}"
        assert post(server, "/login", signing_in, cookie, origin="http://evil.example").status == 403
        assert post(server, "/login", signing_in.replace(f"&csrf={csrf}", ""), cookie).status == 403
        wrong = post(server, "/login?lang=fr", signing_in.replace(csrf, csrf[::-1]), cookie)
        assert wrong.status == 403 and "ce formulaire est périmé" in wrong.text
        right = post(server, "/login", signing_in, cookie)
        assert right.status == 303
        session = right.headers["set-cookie"].split(";")[0]
        page = server.get("/", headers={"accept": "text/html", "cookie": session})
        assert page.status == 200 and "(CD)" in page.text  # the sign-out button names who is signed in
        token, _ = form_of(server, session)
        assert post(server, "/logout", "csrf=", session).status == 403
        assert post(server, "/logout", f"csrf={token}", session).status == 303
        assert server.get("/generate?start=2026-04-27", headers={"cookie": session}).status == 401


def test_wrong_passwords_wait_and_a_disabled_account_is_refused(ward_url: str) -> None:
    with ward_server(ward_url) as server:
        for attempt in range(FREE_FAILURES + 1):
            csrf, cookie = form_of(server)
            answer = post(server, "/login", f"initials=CD&password=guess+{attempt}&csrf={csrf}", cookie)
            assert answer.status == 403 and "Wrong initials or password." in answer.text
        csrf, cookie = form_of(server)
        right = f"initials=CD&password={TYPED}&csrf={csrf}"
        assert post(server, "/login", right, cookie).status == 429
    env = server_env(IL2SCHED_SERVE_TOKEN=TOKEN, IL2SCHED_DB=ward_url)
    with running("--host", "0.0.0.0", env=env) as again:  # a restart: the wait is forgotten
        csrf, cookie = form_of(again)
        right = f"initials=CD&password={TYPED}&csrf={csrf}"
        session = post(again, "/login", right, cookie).headers["set-cookie"].split(";")[0]
        assert again.get("/generate?start=2026-04-27", headers={"cookie": session}).status == 200
        off = run_cli("users", "disable", "CD", "--reason", "left the ward", "--by", "AB", "--db", ward_url)
        assert off.exit_code == 0, off.output
        assert again.get("/generate?start=2026-04-27", headers={"cookie": session}).status == 401
        csrf, cookie = form_of(again)
        refused = post(again, "/login", f"initials=CD&password={TYPED}&csrf={csrf}", cookie)
        assert refused.status == 403 and "This account has been disabled" in refused.text


def tab_to(page: Any, element: str) -> None:
    """Press Tab until ``element`` has the focus, as a keyboard user does (at most 40 times)."""
    for _ in range(40):
        if page.evaluate("document.activeElement && document.activeElement.id") == element:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element}")


def test_a_nurse_signs_in_with_her_own_account_keyboard_only(browser: Any, tmp_path: Any) -> None:  # noqa: F811
    with ward_server(f"sqlite:///{tmp_path / 'ward.db'}") as server:
        page = browser.new_page()
        page.goto(server.url + "?lang=fr")
        assert "/login?next=" in page.url
        tab_to(page, "f-initials")
        page.keyboard.type("cd")
        page.keyboard.press("Tab")
        page.keyboard.type("wrong password here")
        page.keyboard.press("Enter")
        page.wait_for_selector("#error-personal:not(:empty)")
        assert "Initiales ou mot de passe incorrects" in page.inner_text("#error-personal")
        tab_to(page, "f-password")  # the initials are kept; the password is typed again
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_selector("form.sign-out")
        assert "(CD)" in page.inner_text("form.sign-out")
        page.close()
