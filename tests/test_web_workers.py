"""Where the server draws (issue 18, item 2): calendars and printed sheets in a pool of worker processes
started on the first of them, which outlives the death of its workers and never leaves a page waiting on a
stuck one; and answers sent without waiting on the client's acknowledgements (Nagle's algorithm off)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import threading
import time
from pathlib import Path

import pytest
from helpers import FIXED_CLOCK
from web_client import PORT, Server, app, call, running, server_env

from il2sched.web import workers
from il2sched.web.app import WebConfig, create_app
from il2sched.web.guard import Access, own_hosts
from il2sched.web.server import bind
from il2sched.web.workers import DrawingFailed, Sheets, Stopping

QUERY = "start=2026-04-27&patient=P-0001&lang=fr"


def children(pid: int) -> list[int]:
    """The processes ``pid`` started and that still run."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def drawing_workers(server: Server) -> list[int]:
    """The server's document workers (not multiprocessing's resource tracker)."""
    return [
        pid
        for pid in children(server.process.pid)
        if b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]


def test_the_server_turns_nagles_algorithm_off_on_every_connection() -> None:
    """With it on, the body of each answer on a kept-alive connection waited for the client's delayed
    acknowledgement of its head (40 ms a request)."""

    async def accepted_nodelay() -> int:
        got: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                sock = transport.get_extra_info("socket")
                got.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

        listening = bind("127.0.0.1", 0)
        server = await asyncio.get_running_loop().create_server(Probe, sock=listening)
        _, writer = await asyncio.open_connection("127.0.0.1", listening.getsockname()[1])
        try:
            return await asyncio.wait_for(got, 10)
        finally:
            writer.close()
            server.close()

    assert asyncio.run(accepted_nodelay()) != 0


@pytest.mark.slow  # a real server
def test_calendars_are_drawn_in_workers_started_on_the_first_and_replaced_when_killed() -> None:
    with running(env=server_env(**FIXED_CLOCK)) as server:
        for path in (f"/?{QUERY}", f"/preview?{QUERY}", f"/generate?{QUERY}&format=csv"):
            assert server.get(path).status == 200
        assert children(server.process.pid) == []  # nothing drawn yet: no pool
        first = server.get(f"/generate?{QUERY}&format=ics")
        assert first.status == 200 and first.body.startswith(b"BEGIN:VCALENDAR")
        killed = drawing_workers(server)
        assert killed, "the calendar was drawn without a worker process"
        for pid in killed:
            os.kill(pid, signal.SIGKILL)
        again = server.get(f"/generate?{QUERY}&format=ics")
        assert (again.status, again.body) == (200, first.body)  # a new pool drew the same bytes
        assert server.get(f"/generate?{QUERY}&format=pdf").status == 200
        assert not set(killed) & set(drawing_workers(server))


def _stuck(seconds: float) -> bytes:
    time.sleep(seconds)
    return b"late"


def _dies() -> bytes:
    os._exit(9)


def _drawn(value: str) -> bytes:
    return value.encode()


@pytest.mark.slow  # worker processes
def test_a_stuck_or_dying_worker_fails_its_page_within_the_bound_and_the_pool_recovers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workers, "DRAW_SECONDS", 2.0)
    sheets = Sheets(1)

    async def scenario() -> None:
        started = time.monotonic()
        with pytest.raises(DrawingFailed):
            await asyncio.wait_for(sheets.run(_stuck, 60.0), 30)
        assert time.monotonic() - started < 30
        monkeypatch.setattr(workers, "DRAW_SECONDS", 300.0)  # a new pool starts, however busy the machine
        assert await sheets.run(_drawn, "after") == b"after"
        with pytest.raises(DrawingFailed):
            await asyncio.wait_for(sheets.run(_dies), 30)
        assert await sheets.run(_drawn, "again") == b"again"

    try:
        asyncio.run(scenario())
    finally:
        sheets.close()


@pytest.mark.slow  # worker processes
def test_a_document_not_drawn_in_time_is_a_one_line_503_and_the_next_is_drawn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    application = app()
    monkeypatch.setattr(workers, "DRAW_SECONDS", 0.001)
    late = call(application, f"/generate?{QUERY}&format=ics", headers={"accept": "text/html"})
    assert late.status == 503 and late.text.count("\n") == 1
    assert late.text.startswith("il2sched: error: the document could not be drawn (not drawn within")
    monkeypatch.setattr(workers, "DRAW_SECONDS", 300.0)
    drawn = call(application, f"/generate?{QUERY}&format=ics")
    assert drawn.status == 200 and drawn.body.startswith(b"BEGIN:VCALENDAR")


def _occupy(sheets: Sheets) -> None:
    """Keep a worker of ``sheets`` busy until the pool is closed."""
    with contextlib.suppress(Stopping):
        asyncio.run(sheets.run(_stuck, 20.0))


@pytest.mark.slow  # worker processes
def test_a_calendar_is_drawn_on_the_pages_thread_when_every_worker_is_busy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_CLOCK["SOURCE_DATE_EPOCH"])
    sheets = Sheets(1)
    application = create_app(WebConfig(Access(own_hosts(["127.0.0.1"], PORT), None)), sheets)
    calendar = f"/generate?{QUERY}&format=ics"
    try:
        in_worker = call(application, calendar)
        busy = threading.Thread(target=_occupy, args=(sheets,), daemon=True)
        busy.start()
        while sheets.free():
            time.sleep(0.01)
        on_thread = call(application, calendar)
        assert busy.is_alive()  # answered without waiting for the worker
        assert in_worker.status == on_thread.status == 200
        assert on_thread.body == in_worker.body and in_worker.body.startswith(b"BEGIN:VCALENDAR")
    finally:
        sheets.close()
