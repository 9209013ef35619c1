"""Calling the web face: in-process through ASGI (quick tests), or a real ``il2sched serve`` (slow ones)."""

from __future__ import annotations

import asyncio
import functools
import html
import http.client
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from il2sched.web.app import WebConfig, create_app
from il2sched.web.guard import Access, own_hosts
from il2sched.web.workers import Sheets

PORT = 8765


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def words(self) -> str:
        """The text with HTML's character references read back (what a person sees)."""
        return html.unescape(self.text)


@functools.cache
def shared_sheets() -> Sheets:
    """One pool of drawing workers for every in-process application of this test process, as a server has one
    for all its requests: a pool per test's application started fresh worker processes (a new Python
    importing the renderers) for each printed page, most of the quick web tests' time. Tests of the pool
    itself make their own."""
    return Sheets()


def app(
    roster: str | None = None,
    token: str | None = None,
    *,
    remote: bool = False,
    session_idle: float = 8 * 3600,
) -> Any:
    """The ASGI application as ``il2sched serve`` builds it, answering to 127.0.0.1:8765 (``remote``: as
    when it is served to other machines)."""
    access = Access(own_hosts(["127.0.0.1", "localhost", "::1"], PORT), token)
    return create_app(WebConfig(access, roster, remote=remote, session_idle=session_idle), shared_sheets())


def call(
    application: Any,
    path: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes = b"",
) -> Answer:
    """One request to ``application`` through ASGI, as uvicorn would make it."""
    raw_path, _, query = path.partition("?")
    sent = {"host": f"127.0.0.1:{PORT}", **(headers or {})}
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": raw_path, "raw_path": raw_path.encode(), "root_path": "",
        "query_string": query.encode("latin-1"), "server": ("127.0.0.1", PORT), "client": ("127.0.0.1", 5000),
        "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in sent.items()],
    }  # fmt: skip
    parts: list[bytes] = []
    start: dict[str, Any] = {}

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            parts.append(message.get("body", b""))

    asyncio.run(application(scope, receive, send))
    headers_out = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in start.get("headers", [])}
    return Answer(start["status"], headers_out, b"".join(parts))


#: The headers of a form sent by this server's own page.
FORM = {"origin": f"http://127.0.0.1:{PORT}", "content-type": "application/x-www-form-urlencoded"}


def csrf_of(application: Any, page: str = "/login", cookie: str = "") -> tuple[str, str]:
    """The token ``page`` puts in its forms' ``csrf`` field, and the cookies a browser then sends (``cookie``
    and the per-browser cookie the page set, if any)."""
    answer = call(
        application, page, headers={"accept": "text/html", **({"cookie": cookie} if cookie else {})}
    )
    found = re.search(r'name="csrf" value="([^"]+)"', answer.text)
    assert found, answer.text[:500]
    new = answer.headers.get("set-cookie", "").split(";")[0]
    return found.group(1), "; ".join(c for c in (cookie, new) if c)


def post_form(
    application: Any, path: str, form: bytes, cookie: str = "", *, page: str = "/login", **headers: str
) -> Answer:
    """POST ``form`` to ``path`` as the browser showing ``page`` sends it: with the page's CSRF token."""
    token, cookies = csrf_of(application, page, cookie)
    sent = {**FORM, **({"cookie": cookies} if cookies else {}), **headers}
    return call(application, path, method="POST", headers=sent, body=form + f"&csrf={token}".encode())


@dataclass
class Server:
    """A real ``il2sched serve`` process and the URL it printed."""

    process: subprocess.Popen[bytes]
    url: str

    @property
    def port(self) -> int:
        return int(self.url.rstrip("/").rsplit(":", 1)[1])

    def get(
        self, path: str, headers: dict[str, str] | None = None, method: str = "GET", body: bytes = b""
    ) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body or None, headers=headers or {})
            response = connection.getresponse()
            data = response.read()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
        finally:
            connection.close()


def server_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "IL2SCHED_SERVE_TOKEN"}
    env.update(extra)
    return env


@contextmanager
def running(
    *args: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    preexec: Callable[[], None] | None = None,
) -> Iterator[Server]:
    """Start ``il2sched serve --port 0 ARGS`` for real and stop it with Ctrl-C (SIGINT) afterwards
    (``preexec``: run in the server's process before it starts, such as lowering a limit)."""
    command = [sys.executable, "-m", "il2sched", "serve", "--port", "0", *args]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env or server_env(), cwd=cwd,
        preexec_fn=preexec,
    )  # fmt: skip
    assert process.stdout is not None
    line = process.stdout.readline().decode()
    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
    if not found:
        process.kill()
        raise AssertionError(f"no URL printed: {line!r} {process.stderr.read() if process.stderr else b''!r}")
    try:
        yield Server(process, found.group(0))
    finally:
        if process.poll() is None:
            process.send_signal(2)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright (a skip naming the install when either is missing, a failure
    with IL2SCHED_REQUIRE_TOOLS=1)."""
    import pytest
    from tools import require

    executable = require("chromium", "chromium-browser", install="apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("IL2SCHED_REQUIRE_TOOLS") == "1":
            pytest.fail("playwright is not installed but IL2SCHED_REQUIRE_TOOLS=1: pip install -e '.[test]'")
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()
