"""The web face's defences, in-process (issue 21, items 1, 3, 5 and 8): the roster kept by its files'
identity and read without blocking, the roster's row cap, a regimen name too long for a file name, the last
defence against an unexpected exception, and log lines that stay one printable line."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import time
from pathlib import Path

import pytest
from helpers import one_line_error, run_cli
from web_client import app, call

from il2sched.sources.roster import MAX_PATIENTS
from il2sched.web import ward_pages
from il2sched.web.log import OneLine, shown_path
from il2sched.web.roster import WatchedRoster
from il2sched.web.schedule_pages import SchedulePages

HTML = {"accept": "text/html"}
LONG = "a" * 300  # longer than a file name may be (255 bytes)
QUERY = "start=2026-04-27&patient=P-0001"


def roster_of(path: Path, patients: int, first: int = 0) -> Path:
    """A roster of ``patients`` rows, codes from ``first``, starts on the 52 Mondays from 2026-01-05."""
    mondays = [dt.date(2026, 1, 5) + dt.timedelta(weeks=i) for i in range(52)]
    rows = "".join(f"P-{first + i:06d},{mondays[i % 52]}\n" for i in range(patients))
    path.write_text("patient,start\n" + rows, encoding="utf-8")
    return path


def settled(roster: WatchedRoster) -> None:
    """Wait until no reading is under way (bounded)."""
    for _ in range(600):
        if not roster._readings:
            return
        time.sleep(0.05)
    raise AssertionError("the roster is still being read after 30 s")


def test_the_roster_is_kept_while_its_files_keep_their_identity(tmp_path: Path) -> None:
    path = roster_of(tmp_path / "ward.csv", 3)
    roster = WatchedRoster(str(path))
    assert [r.patient for r in roster.state().rows] == ["P-000000", "P-000001", "P-000002"]
    stat = path.stat()
    text = path.read_text(encoding="utf-8").replace("P-000002", "Q-000002")  # same size
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, time and inode: not read again
    assert roster.state().rows[-1].patient == "P-000002"
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert roster.state().rows[-1].patient == "Q-000002"


def test_a_roster_being_read_never_blocks_a_page(tmp_path: Path) -> None:
    path = roster_of(tmp_path / "ward.csv", 2000)
    roster = WatchedRoster(str(path))
    first = roster.state(wait=0)
    assert first.reading and not first.ready and first.rows == ()  # nothing yet: only the note
    settled(roster)
    assert len(roster.state(wait=0).rows) == 2000
    roster_of(path, 2000, first=5000)
    os.utime(path, ns=(1, 10**18))
    during = roster.state(wait=0)
    assert during.reading and during.rows[0].patient == "P-000000"  # what the file held before, marked
    settled(roster)
    after = roster.state(wait=0)
    assert not after.reading and after.rows[0].patient == "P-005000"


def test_the_ward_page_says_the_roster_is_being_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ward_pages, "PAGE_WAIT", 0.0)
    path = roster_of(tmp_path / "ward.csv", 2000)
    application = app(str(path))
    waiting = call(application, "/ward?from=2026-01-05&days=1", headers=HTML)
    assert waiting.status == 503 and "The roster is being read" in waiting.text
    assert waiting.headers["retry-after"]
    for _ in range(600):
        shown = call(application, "/ward?from=2026-01-05&days=1", headers=HTML)
        if shown.status != 503:
            break
        time.sleep(0.05)
    assert shown.status == 200 and "P-000000" in shown.text and "being read" not in shown.text
    path.write_text(path.read_text(encoding="utf-8") + "P-999999,2026-01-05\n", encoding="utf-8")
    os.utime(path, ns=(1, 10**18))
    stale = call(application, "/ward?from=2026-01-05&days=1", headers=HTML)
    assert stale.status == 200 and "P-000000" in stale.text and "is being read again" in stale.text
    assert "P-999999" not in stale.text
    download = call(application, "/worklist?from=2026-01-05&days=1&format=csv")
    assert download.status in (200, 503)  # a download waits for the reading, or asks to come back
    if download.status == 200:
        assert b"P-999999" in download.body


@pytest.mark.slow  # reads a 10,001-row roster, then builds a 10,000-patient worklist
def test_a_roster_over_the_row_cap_is_one_line_before_any_row_is_checked(tmp_path: Path) -> None:
    path = roster_of(tmp_path / "huge.csv", MAX_PATIENTS + 1)
    result = run_cli("worklist", str(path), "--from", "2026-01-05")
    one_line_error(result, f"line {MAX_PATIENTS + 2}: more than 10,000 patients", "split the roster")
    page = call(app(str(path)), "/roster", headers=HTML)
    assert page.status == 400 and "more than 10,000 patients" in page.text
    exactly = roster_of(tmp_path / "full.csv", MAX_PATIENTS)
    assert run_cli("worklist", str(exactly), "--from", "2026-01-05", "-f", "csv").exit_code == 0


@pytest.mark.parametrize("name", [LONG, f"{LONG}.toml", "é" * 200])
@pytest.mark.parametrize("path", ["/generate", "/preview", "/"])
def test_a_regimen_name_too_long_for_a_file_is_a_400_in_one_line(name: str, path: str) -> None:
    answer = call(app(), f"{path}?{QUERY}&regimen={name}")
    assert answer.status == 400
    if path == "/generate":
        assert answer.text.count("\n") == 1 and answer.text.startswith("il2sched: error: ")


def test_a_roster_cell_naming_a_regimen_too_long_is_a_line_of_the_roster(tmp_path: Path) -> None:
    path = tmp_path / "ward.csv"
    path.write_text(f"patient,start,regimen\nP-1,2026-04-27,{LONG}\nP-2,2026-05-04,\n", encoding="utf-8")
    application = app(str(path))
    for page in ("/roster", "/ward?from=2026-04-27"):
        answer = call(application, page, headers=HTML)
        assert answer.status == 400 and f"{path} line 2" in answer.text, page
    download = call(application, "/worklist?from=2026-04-27&format=csv")
    assert download.status == 400 and download.text.startswith(f"il2sched: error: {path} line 2")


def test_an_unexpected_exception_is_a_500_saying_nothing_of_it(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(self: SchedulePages, request: object) -> None:
        raise RuntimeError("SECRET-P-0001 from the query")

    monkeypatch.setattr(SchedulePages, "preview", broken)
    with caplog.at_level(logging.INFO, logger="il2sched.web"):
        answer = call(app(), f"/preview?{QUERY}&patient=SECRET-P-0001")
    assert answer.status == 500 and "SECRET" not in answer.text and "RuntimeError" not in answer.text
    assert answer.text == "il2sched: error: an internal error; nothing was written; please report it\n"
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and "SECRET" not in lines[0] and "?" not in lines[0]
    assert lines[0].startswith('"GET /preview" 500: internal error, RuntimeError at test_web_defences.py:')


def test_a_log_line_is_one_printable_line_whatever_the_path_or_the_exception() -> None:
    assert shown_path("/y\nFORGED\x1b[31m\u202e") == "/y\\nFORGED\\x1b[31m\\u202e"
    assert len(shown_path("/" + "x" * 10_000)) == 200
    try:
        raise OSError(24, "Too many open files: /secret/path")
    except OSError:
        record = logging.LogRecord(
            "uvicorn.error", logging.ERROR, __file__, 1, "Exception in ASGI application\n", (), sys.exc_info()
        )
    line = OneLine().format(record)
    assert line == "il2sched: server: exception in ASGI application"
    forged = logging.LogRecord("asyncio", logging.ERROR, __file__, 1, "accept\nexception: x\x1b[0m", (), None)
    assert OneLine().format(forged) == "il2sched: server: accept"
