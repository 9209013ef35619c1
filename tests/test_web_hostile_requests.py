"""Hostile requests to a real ``il2sched serve`` on loopback (issue 21, items 2, 3, 5, 6 and 8): a 200 MiB
sign-in body (announced, or streamed in chunks) keeps the server's memory flat, a client leaving mid-body is
one line, forged log lines are escaped, malformed requests and a regimen name too long for a file are one
line of ours without the query, a token beyond ASCII works as a Bearer token, and wrong tokens make a client
wait (the right one too, until its wait is over)."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_client import Answer, Server, running, server_env

pytestmark = pytest.mark.slow  # real servers

TOKEN = "équipe-soins-été-2026"
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with running(env=server_env(IL2SCHED_SERVE_TOKEN=TOKEN)) as started:
        yield started


def resident_mib(server: Server) -> float:
    """The server process's resident memory."""
    for line in Path(f"/proc/{server.process.pid}/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def head(server: Server, extra: str) -> bytes:
    return (
        f"POST /login HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nOrigin: http://127.0.0.1:{server.port}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\n{extra}\r\n"
    ).encode()


def answer_status(sock: socket.socket) -> int | None:
    """The status line's code the server sent on ``sock`` (None if it closed without one)."""
    sock.settimeout(30)
    data = b""
    try:
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    except (ConnectionResetError, TimeoutError):
        pass
    return int(data.split(b" ")[1]) if data.startswith(b"HTTP/1.1 ") else None


def stream(sock: socket.socket, total: int, chunked: bool) -> int:
    """Send up to ``total`` bytes of body (as chunks when ``chunked``) until the server stops taking them;
    how many were sent."""
    piece = b"token=" + b"x" * (MIB - 6)
    sent = 0
    try:
        while sent < total:
            sock.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n" if chunked else piece)
            sent += len(piece)
    except (BrokenPipeError, ConnectionResetError):
        pass
    return sent


def test_a_sign_in_body_announced_as_200_mib_is_refused_before_it_is_read(server: Server) -> None:
    before = resident_mib(server)
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(head(server, f"Content-Length: {200 * MIB}\r\n"))
        assert answer_status(sock) == 413
        sent = stream(sock, 200 * MIB, chunked=False)
    assert sent < 200 * MIB  # the server closed the connection instead of reading on
    assert resident_mib(server) - before < 20
    assert server.get("/login").status == 200


def test_a_streamed_sign_in_body_is_cut_at_its_bound(server: Server) -> None:
    before = resident_mib(server)
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(head(server, "Transfer-Encoding: chunked\r\n"))
        sent = stream(sock, 200 * MIB, chunked=True)
        assert answer_status(sock) in (413, None)  # None: the kernel reset the connection over the answer
    assert sent < 200 * MIB
    assert resident_mib(server) - before < 20
    assert server.get("/login").status == 200


def test_a_client_leaving_mid_body_is_one_line(tmp_path: Path) -> None:
    with running(env=server_env(IL2SCHED_SERVE_TOKEN=TOKEN)) as started:
        with socket.create_connection(("127.0.0.1", started.port)) as sock:
            sock.sendall(head(started, "Content-Length: 1000\r\n") + b"token=abc")
            time.sleep(0.5)
        time.sleep(0.5)
        assert started.get("/login").status == 200
        started.process.send_signal(2)
        _, err = started.process.communicate(timeout=30)
    log = err.decode()
    assert '"POST /login" 400 (the client left)' in log
    assert "Traceback" not in log and all(line.startswith("il2sched: ") for line in log.splitlines())


def test_every_line_is_ours_one_line_without_query_or_exception() -> None:
    secret = "P-SECRET-0001"
    long_name = "a" * 300
    with running() as started:
        forged = started.get("/y%0aFORGED%1b[31m%e2%80%ae")
        assert forged.status == 404
        for target in (b"/a b", b"/\xff", b"/?x=\x00"):  # requests HTTP/1.1 does not allow
            with socket.create_connection(("127.0.0.1", started.port)) as sock:
                sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\n\r\n")
                assert answer_status(sock) == 400
        answer = started.get(f"/generate?start=2026-04-27&patient={secret}&regimen={long_name}")
        assert answer.status == 400 and answer.text.count("\n") == 1
        page = started.get(f"/?start=2026-04-27&patient={secret}&regimen={long_name}")
        assert page.status == 400
        started.process.send_signal(2)
        _, err = started.process.communicate(timeout=30)
    log = err.decode("utf-8")
    lines = log.splitlines()
    assert 'il2sched: "GET /y\\nFORGED\\x1b[31m\\u202e" 404' in lines
    assert "\x1b" not in log and "\u202e" not in log and "FORGED" not in {line.strip() for line in lines}
    assert all(line.startswith("il2sched: ") for line in lines)
    assert secret not in log and long_name not in log and "?" not in log and "Traceback" not in log
    assert sum("invalid HTTP request" in line for line in lines) == 3


def test_a_token_beyond_ascii_works_as_bearer_on_a_real_server(server: Server) -> None:
    wire = TOKEN.encode("utf-8").decode("latin-1")  # http.client sends a header's text as latin-1 bytes
    assert (
        server.get(
            "/generate?start=2026-04-27&format=csv", headers={"Authorization": f"Bearer {wire}"}
        ).status
        == 200
    )
    assert server.get("/generate?start=2026-04-27&format=csv").status == 401


def test_wrong_tokens_are_throttled_by_a_real_server() -> None:
    from il2sched.web.sessions import FREE_FAILURES

    with running(env=server_env(IL2SCHED_SERVE_TOKEN=TOKEN)) as started:
        page = started.get("/login", {"Accept": "text/html"})  # the form, as a browser shows it
        found = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert found, page.text[:500]
        form = {
            "Origin": started.url.rstrip("/"), "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": page.headers["set-cookie"].split(";")[0],
        }  # fmt: skip

        def sign_in(token: str) -> Answer:
            return started.get("/login", form, "POST", f"token={token}&next=/&csrf={found.group(1)}".encode())

        wrong = [sign_in("guess-number-1") for _ in range(FREE_FAILURES + 1)]
        assert [a.status for a in wrong] == [403] * (FREE_FAILURES + 1), wrong[0].text
        assert all("Wrong token" in a.text for a in wrong)  # refused for the token, not for the form
        refused = sign_in("%C3%A9quipe-soins-%C3%A9t%C3%A9-2026")
        assert refused.status == 429 and "set-cookie" not in refused.headers  # even the right token waits
        bearer = {"Authorization": "Bearer " + TOKEN.encode().decode("latin-1")}
        assert started.get("/generate?start=2026-04-27&format=csv", bearer).status == 429
        time.sleep(int(refused.headers["retry-after"]) + 0.2)  # the wait it was told, then it gets in
        assert started.get("/generate?start=2026-04-27&format=csv", bearer).status == 200
        started.process.send_signal(2)
        _, err = started.process.communicate(timeout=30)
    log = err.decode("utf-8")
    assert "guess-number" not in log and "soins" not in log and "Traceback" not in log
    assert sum('"POST /login" 429' in line for line in log.splitlines()) == 1
