"""Nurses at once and crashes, on SQLite and PostgreSQL: of two (or 200) processes recording the same dose
at the same moment exactly one succeeds and the others are told it is already recorded, by the database's
unique index; a ``record`` killed (SIGKILL) at any moment loses no record it acknowledged and leaves the audit
trail whole."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from helpers import run_cli
from ward_db import backend_of, ward_url

from il2sched.app.recording import RecordRequest, record
from il2sched.app.ward import load_patient, open_ward
from il2sched.core.record import DoseRef, YearMonth
from il2sched.errors import Il2schedError

__all__ = ["ward_url"]

pytestmark = pytest.mark.slow

DAILY = Path(__file__).resolve().parent.parent / "samples" / "regimens" / "daily-3-years.toml"
CODE = "D-1"
START = "2023-01-02"  # the three years' doses are all in the past


def patient(url: str) -> str:
    """``url`` with a long timeout (hundreds of processes queue for the lock), holding patient D-1."""
    url = f"{url}{'&' if '?' in url else '?'}timeout=300"
    result = run_cli(
        "patients", "add", CODE, "--start", START, "--regimen", str(DAILY), "--by", "AB", "--db", url
    )
    assert result.exit_code == 0, result.output
    return url


def _request(url: str, day: int, by: str) -> RecordRequest:
    import datetime as dt

    given = dt.datetime(2023, 1, 1, 9) + dt.timedelta(days=day)
    return RecordRequest(CODE, by, DoseRef(1, day), given, f"L{day}", YearMonth(2030, 1), db=url)


def _racer(url: str, day: int, by: str, barrier: Any, results: Any) -> None:
    barrier.wait()
    try:
        results.put(("ok", record(_request(url, day, by)).record.entry))
    except Il2schedError as exc:
        results.put(("refused", str(exc)))


def race(url: str, day: int, racers: int) -> list[tuple[str, Any]]:
    """``racers`` processes record dose 1:``day`` at the same moment (a barrier); what each was told."""
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(racers), context.Queue()
    initials = ["".join(chr(65 + (n // 26**k) % 26) for k in range(2)) for n in range(racers)]
    processes = [context.Process(target=_racer, args=(url, day, by, barrier, results)) for by in initials]
    for process in processes:
        process.start()
    told = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    return told


def test_two_nurses_recording_one_dose_at_once_one_succeeds(ward_url: str) -> None:
    url = patient(ward_url)
    for day in range(1, 11):
        told = race(url, day, 2)
        assert sorted(kind for kind, _ in told) == ["ok", "refused"], told
        (entry,) = [value for kind, value in told if kind == "ok"]
        (line,) = [value for kind, value in told if kind == "refused"]
        assert f"dose 1:{day} is already recorded as given at" in line and f"(entry {entry})" in line
    store = open_ward(url)
    assert len(load_patient(store, CODE).records) == 10
    store.close()


def test_two_hundred_processes_recording_one_dose_one_succeeds(ward_url: str) -> None:
    url = patient(ward_url)
    told = race(url, 1, 200)
    kinds = [kind for kind, _ in told]
    assert kinds.count("ok") == 1, [value for kind, value in told if kind != "ok"][:3]
    assert all(
        "already recorded as given at 2023-01-02 09:00" in value for kind, value in told if kind != "ok"
    )
    store = open_ward(url)
    assert len(load_patient(store, CODE).records) == 1
    store.close()
    assert run_cli("audit", "verify", "--db", url).exit_code == 0


def wait_for_lines(log: Path, lines: int, timeout: float = 120.0) -> None:
    """Wait until the writer has acknowledged ``lines`` records in ``log`` (bounded: a stuck writer fails)."""
    deadline = time.monotonic() + timeout
    while log.read_text().count("\n") < lines:
        assert time.monotonic() < deadline, (
            f"the writer acknowledged fewer than {lines} records in {timeout} s"
        )
        time.sleep(0.05)


WRITER = """
import sys
from il2sched.app.recording import RecordRequest, record
from il2sched.core.record import DoseRef, YearMonth
from il2sched.errors import Il2schedError
import datetime as dt
from il2sched.app.ward import load_patient, open_ward
url = sys.argv[1]
store = open_ward(url)
first = 1 + max((r.dose.day for r in load_patient(store, "D-1").records), default=0)
store.close()
for day in range(first, 1097):
    given = dt.datetime(2023, 1, 1, 9) + dt.timedelta(days=day)
    try:
        request = RecordRequest("D-1", "AB", DoseRef(1, day), given, "L", YearMonth(2030, 1), db=url)
        entry = record(request).record.entry
    except Il2schedError:
        continue  # recorded before a kill
    print(day, entry, flush=True)  # acknowledged: the commit returned
"""


def test_a_record_killed_at_any_moment_loses_no_acknowledged_record(ward_url: str, tmp_path: Path) -> None:
    url = patient(ward_url)
    acknowledged: dict[int, int] = {}
    rng = random.Random(19)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for round_ in range(25):
        log = tmp_path / "acks.txt"
        with open(log, "w") as out:
            writer = subprocess.Popen([sys.executable, "-c", WRITER, url], stdout=out, env=env)
            if round_ % 5:  # most kills land between records and inside them, once the writer is recording
                # (on a busy machine its start-up alone can take seconds); every fifth lands in start-up
                wait_for_lines(log, 1)
            # A record takes tens of milliseconds: a kill within 0.6 s lands before, inside or between any
            # of the next dozen records.
            time.sleep(rng.uniform(0.0, 0.6))
            writer.send_signal(signal.SIGKILL)
            writer.wait()
        for line in log.read_text().splitlines():
            day, entry = (int(part) for part in line.split())
            acknowledged[day] = entry
    assert len(acknowledged) >= 10  # enough records acknowledged for the check to mean something
    store = open_ward(url)
    stored = {r.dose.day: r.entry for r in load_patient(store, CODE).records}
    store.close()
    assert {day: stored.get(day) for day in acknowledged} == acknowledged
    result = run_cli("audit", "verify", "--db", url)
    assert result.exit_code == 0, result.output
    if backend_of(url) == "sqlite":  # the kills left no lock behind: a new record goes through at once
        assert run_cli("record", CODE, "--dose", "1:1096", "--given", "2026-01-01 09:00", "--lot", "L",
                       "--expiry", "2030-01", "--by", "AB", "--db", url).exit_code in (0, 2)  # fmt: skip


def test_a_backup_while_others_write_is_a_consistent_copy(tmp_path: Path) -> None:
    url = patient(f"sqlite:///{tmp_path / 'ward.db'}")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    log = tmp_path / "acks.txt"
    out = open(log, "w")  # noqa: SIM115 (closed below, after the writer)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, url], stdout=out, env=env)
    copies = []
    try:
        for n in range(6):
            wait_for_lines(log, 3 * n + 1)  # the record grew since the last copy, however busy the machine
            copy = tmp_path / f"copy-{n}.db"
            result = run_cli("backup", "-o", str(copy), "--db", url)
            assert result.exit_code == 0, result.output
            copies.append(copy)
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        out.close()
    counts = []
    for copy in copies:
        result = run_cli("audit", "verify", "--db", str(copy))
        assert result.exit_code == 0, result.output
        counts.append(int(result.stdout.split("holds: ")[1].split()[0]))
        assert oct(copy.stat().st_mode & 0o777) == "0o600"
    assert counts == sorted(counts) and counts[-1] > counts[0]  # copies of a record that kept growing
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_postgresql_backup_points_to_pg_dump() -> None:
    from helpers import one_line_error

    result = run_cli("backup", "-o", "ward.db", "--db", "postgresql://ward@127.0.0.1:9/ward")
    one_line_error(result, "copy it with pg_dump")
