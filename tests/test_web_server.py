"""``il2sched serve`` for real: a process on a free loopback port, spoken to over HTTP as a browser would."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from helpers import FIXED_CLOCK, run_cli, run_cli_at_stamp
from web_client import Server, running, server_env
from web_samples import BASE, THE_DEFAULT, Pairs, argv, generate_samples

from il2sched.app.commands import GENERATE
from il2sched.app.formats import SCHEDULE_FORMATS, WORKLIST_FORMATS

pytestmark = pytest.mark.slow  # real servers

ROSTER = Path(__file__).resolve().parent.parent / "samples" / "roster.csv"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with running("--roster", str(ROSTER), env=server_env(**FIXED_CLOCK)) as started:
        yield started


def cli_bytes(args: list[str]) -> bytes | None:
    """What the command line writes for ``args``, or None when it refuses them."""
    result = run_cli_at_stamp(*args)
    return result.stdout_bytes if result.exit_code == 0 else None


def web_bytes(server: Server, path: str, pairs: Pairs) -> bytes | None:
    answer = server.get(f"{path}?{urlencode(pairs)}")
    return answer.body if answer.status == 200 else None


def test_every_generate_option_changes_the_bytes_as_the_command_line_option_does(
    server: Server, tmp_path: Path
) -> None:
    without: dict[str, bytes | None] = {}  # the bytes without the option, asked once per query
    for name, (context, pairs) in generate_samples(tmp_path).items():
        changed = False
        formats = [None] if name == "format" else list(SCHEDULE_FORMATS)
        for fmt in formats:
            shown = [("format", fmt)] if fmt else []
            web = web_bytes(server, "/generate", BASE + context + pairs + shown)
            cli = cli_bytes(["generate", *argv(GENERATE, BASE + context + pairs + shown)])
            assert web is not None, name
            assert web == cli, f"{name} in {fmt}: the page's bytes differ from the command line's"
            query = urlencode(BASE + context + shown)
            if query not in without:
                without[query] = web_bytes(server, "/generate", BASE + context + shown)
            changed |= web != without[query]
        assert changed != (name in THE_DEFAULT), f"{name}: no format changed; the sample does not exercise it"


@pytest.mark.parametrize("fmt", list(WORKLIST_FORMATS))
def test_the_worklist_gives_the_command_lines_bytes(server: Server, fmt: str) -> None:
    pairs = [("from", "2026-05-11"), ("days", "5"), ("lang", "fr"), ("on-holiday", "shift"), ("format", fmt)]
    web = server.get(f"/worklist?{urlencode(pairs)}")
    assert web.status == 200
    assert web.headers["content-type"] == WORKLIST_FORMATS[fmt].media_type
    cli = cli_bytes(["worklist", str(ROSTER), "--from", "2026-05-11", "--days", "5", "--lang", "fr",
                     "--on-holiday", "shift", "-f", fmt])  # fmt: skip
    assert web.body == cli


def test_a_tuesday_start_gets_the_command_lines_message(server: Server) -> None:
    cli = run_cli("generate", "--start", "2026-04-28", "--patient", "P-0001")
    answer = server.get("/generate?start=2026-04-28&patient=P-0001")
    assert answer.status == 400 and answer.text == cli.stderr
    assert cli.stderr.startswith("il2sched: error: start date 2026-04-28 is a Tuesday")


def test_foreign_host_and_origin_are_refused(server: Server) -> None:
    assert server.get("/", headers={"Host": "rebound.example:80"}).status == 403
    assert server.get("/", headers={"Host": f"localhost:{server.port}"}).status == 200
    post = server.get("/login", method="POST", body=b"token=x", headers={"Origin": "http://evil.example"})
    assert post.status == 403


def test_the_log_has_paths_but_never_query_strings() -> None:
    with running(env=server_env(**FIXED_CLOCK)) as started:
        assert started.get("/generate?start=2026-04-27&patient=SECRET-CODE&format=ics").status == 200
        assert started.get("/preview?start=2026-04-27&patient=SECRET-CODE").status == 200
        started.process.send_signal(signal.SIGINT)
        _, err = started.process.communicate(timeout=20)
    assert started.process.returncode == 0
    log = err.decode()
    assert '"GET /generate" 200' in log and '"GET /preview" 200' in log
    assert "SECRET-CODE" not in log and "?" not in log and "2026-04-27" not in log
    assert "Traceback" not in log and log.rstrip().endswith("il2sched: stopped")


def test_a_token_server_lets_in_only_with_the_token() -> None:
    token = "a-long-enough-test-token"
    with running(env=server_env(IL2SCHED_SERVE_TOKEN=token)) as started:
        assert started.get("/generate?start=2026-04-27").status == 401
        bearer = {"Authorization": f"Bearer {token}"}
        assert started.get("/generate?start=2026-04-27", headers=bearer).status == 200


def test_a_port_in_use_is_one_line_and_exit_code_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "il2sched", "serve", "--port", str(port)],
            capture_output=True, text=True, timeout=60, env=server_env(),
        )  # fmt: skip
    assert result.returncode == 2
    assert (
        result.stderr
        == f"il2sched: error: port {port} is already in use; choose another with --port, or --port 0\n"
    )


def test_open_starts_the_browser_on_the_printed_address(tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    browser = f"sh -c 'echo %s > {opened}'"  # webbrowser runs $BROWSER with the URL in place of %s
    with running("--open", env=server_env(BROWSER=browser)) as started:
        for _ in range(100):
            if opened.exists() and opened.read_text().strip():
                break
            time.sleep(0.1)
        assert opened.read_text().strip() == started.url
