"""Signing in and out in a real browser (Chromium), on a server that needs its token (issue 21, item 6).

The browser sends the form's ``Origin`` only under a referrer policy that allows it (under ``no-referrer`` it
sends ``Origin: null``, which the server's Origin check refuses): this is the test that notices."""

from __future__ import annotations

from typing import Any

import pytest
from browser import ROSTER, browser  # noqa: F401  (the fixture)
from web_client import running, server_env

pytestmark = pytest.mark.slow  # a real server and a real browser

TOKEN = "équipe-soins-été-2026"


def test_a_nurse_signs_in_sees_the_ward_and_signs_out(browser: Any) -> None:  # noqa: F811
    with running("--roster", str(ROSTER), env=server_env(IL2SCHED_SERVE_TOKEN=TOKEN)) as server:
        page = browser.new_page()
        page.goto(server.url + "ward?from=2026-05-11&lang=fr")
        assert "/login?next=" in page.url
        page.fill("#f-token", "pas-le-bon-jeton")
        page.click("button[type=submit]")
        assert "Jeton incorrect" in page.content()
        page.fill("#f-token", TOKEN)
        page.click("button[type=submit]")
        page.wait_for_selector("form.sign-out")
        assert page.url.startswith(server.url + "ward?from=2026-05-11") and "NICE-001" in page.content()
        page.click("form.sign-out button")
        page.wait_for_selector("#f-token")
        assert page.url == server.url + "login?lang=fr"
        page.goto(server.url + "roster")
        assert "/login?next=" in page.url  # the session is over: its cookie is gone and forgotten
        page.close()
