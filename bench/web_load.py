"""Web page under load: ``il2sched serve`` on loopback answering many clients at once (issue 18, item 2).

Starts a real ``il2sched serve --port 0`` (127.0.0.1 only; the installed console script), warms it up, then
runs, each bounded in time:

- **printing**: ``--printers`` clients (4) downloading PDF sheets without pause, while one client asks for
  previews one after another, as the page's live preview does: the preview's latency is what a nurse typing
  in the form feels while others print;
- **mixed**: ``--clients`` clients (20) without pause, each cycling through previews, calendars, CSV files and
  PDF sheets (half of them previews) for ``--seconds`` (60); errors counted (a status other than 200, a
  connection the server dropped, or no answer within ``--timeout``), the server's memory (its process and its
  child processes: the document workers, resident) sampled every 5 seconds.

``--before OTHER/bin/il2sched`` runs the same scenarios against another install (the version before a change)
in the same session, alternating with this one for ``--rounds`` rounds, so drift in the machine's load hits
both alike; ``--before COMMIT`` (a commit of this repository) installs that commit first, in a virtual
environment of its own in a temporary folder (removed afterwards). Clients are asyncio connections kept
alive as a browser keeps them (one request at a time each); each measures from sending its request to the
last byte of the answer. Nothing leaves 127.0.0.1.

    python bench/web_load.py [--seconds 60] [--clients 20] [--printers 4] [--only mixed]
                             [--before OTHER/bin/il2sched | --before COMMIT] [--rounds 2]

Targets (issue 18): printing: the preview's p95 under 150 ms; mixed: 0 errors, the preview's p95 under 500 ms,
a PDF's p95 under 2 s, memory flat over 4 minutes (``--only mixed --seconds 240``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from startup import console_script  # bench/ is on the path when a script of it runs
from web import QUERIES, percentile

KINDS = {
    "preview": "/preview?{}",
    "ics": "/generate?{}&format=ics",
    "csv": "/generate?{}&format=csv",
    "pdf": "/generate?{}&format=pdf",
}
#: What a mixed client asks for, in turn: half previews, then a calendar, a CSV and a PDF sheet.
CYCLE = ("preview", "ics", "preview", "csv", "preview", "pdf")
#: Seconds between two samples of the server's memory.
SAMPLE_EVERY = 5.0


class Client:
    """One keep-alive connection asking one thing at a time."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        """The status of ``GET path``, read whole (a new connection when the server closed the last)."""
        for attempt in (1, 2):
            if self.writer is None or self.writer.is_closing():
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            assert self.reader is not None
            try:
                self.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n\r\n".encode())
                head = await self.reader.readuntil(b"\r\n\r\n")
                length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
                await self.reader.readexactly(int(length.group(1)) if length else 0)
                if b"connection: close" in head.lower():
                    self.writer.close()
                return int(head.split(b" ", 2)[1])
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.writer = None


async def run_client(port: int, kinds: tuple[str, ...], until: float, out: dict[str, list[float]],
                     errors: list[str], offset: int, timeout: float) -> None:  # fmt: skip
    client = Client(port)
    n = offset
    while time.monotonic() < until:
        kind = kinds[n % len(kinds)]
        path = KINDS[kind].format(QUERIES[n % len(QUERIES)])
        n += 1
        started = time.perf_counter()
        try:
            status = await asyncio.wait_for(client.get(path), timeout)
        except TimeoutError:
            errors.append(f"{kind}: no answer in {timeout:.0f} s")
            client.close()
            continue
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            errors.append(f"{kind}: {type(exc).__name__}")
            client.close()
            continue
        if status != 200:
            errors.append(f"{kind}: status {status}")
            continue
        out[kind].append(time.perf_counter() - started)
    client.close()


def resident_mib(pid: int) -> float:
    """Resident memory of ``pid`` and its children (the worker processes), in MiB."""
    pids = [pid]
    total = 0.0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            pids += [int(child) for child in (task / "children").read_text().split()]
    except OSError:  # a thread ended while being read: the next sample counts it
        pass
    for each in pids:
        try:
            found = re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{each}/status").read_text())
        except OSError:
            continue
        total += int(found.group(1)) / 1024 if found else 0
    return total


async def scenario(port: int, pid: int, seconds: float, groups: list[tuple[int, tuple[str, ...]]],
                   timeout: float) -> dict:  # fmt: skip
    """Run ``groups`` of (clients, kinds) for ``seconds``; latencies by kind, errors, memory samples."""
    load = os.getloadavg()[0]
    until = time.monotonic() + seconds
    out: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    memory: list[tuple[float, float]] = []
    tasks = []
    offset = 0
    for count, kinds in groups:
        for _ in range(count):
            tasks.append(asyncio.create_task(run_client(port, kinds, until, out, errors, offset, timeout)))
            offset += 1
    started = time.monotonic()
    while time.monotonic() < until:
        memory.append((time.monotonic() - started, resident_mib(pid)))
        await asyncio.sleep(min(SAMPLE_EVERY, max(0.0, until - time.monotonic())))
    await asyncio.gather(*tasks)
    memory.append((time.monotonic() - started, resident_mib(pid)))
    return {"latencies": out, "errors": errors, "memory": memory, "load": (load, os.getloadavg()[0])}


def report(title: str, result: dict) -> None:
    before, after = result["load"]
    print(f"\n{title} (load average {before:.1f} at the start, {after:.1f} at the end)")
    for kind, seconds in sorted(result["latencies"].items()):
        ms = sorted(s * 1000 for s in seconds)
        median, p95 = ms[len(ms) // 2], percentile(ms, 0.95)
        print(f"  {kind:<8} n={len(ms):<5} median {median:8.1f} ms  p95 {p95:8.1f} ms  max {ms[-1]:8.1f} ms")
    errors = result["errors"]
    kinds = sorted(set(errors))
    print(f"  errors: {len(errors)}" + (f" ({', '.join(kinds[:5])})" if errors else ""))
    mib = [m for _, m in result["memory"]]
    half = len(mib) // 2
    print(
        f"  memory MiB (server and workers): start {mib[0]:.0f}, max {max(mib):.0f}, end {mib[-1]:.0f}; "
        f"max of the first half {max(mib[: half or 1]):.0f}, of the second {max(mib[half:]):.0f}"
    )
    shown = ", ".join(f"{t:.0f} s {m:.0f}" for t, m in result["memory"][:: max(1, len(mib) // 8)])
    print(f"  samples: {shown}")


def start(tool: list[str]) -> tuple[subprocess.Popen[bytes], int]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767600000"}
    env.pop("IL2SCHED_SERVE_TOKEN", None)
    server = subprocess.Popen(
        [*tool, "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
    )
    assert server.stdout is not None
    found = re.search(r"http://127\.0\.0\.1:(\d+)/", server.stdout.readline().decode())
    if not found:
        server.kill()
        raise SystemExit("the server printed no URL")
    return server, int(found.group(1))


def stop(server: subprocess.Popen[bytes]) -> None:
    """Ctrl-C, as a nurse stops it; killed if it outlives 30 seconds (then said)."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        print("  the server did not stop within 30 s of SIGINT: killed")


def install(commit: str, folder: Path) -> list[str]:
    """``il2sched`` of ``commit`` of this repository, installed (editable) in a virtual environment in
    ``folder`` with the repository's constraints."""
    repo = Path(__file__).resolve().parent.parent
    source = folder / "source"
    source.mkdir()
    archive = subprocess.run(["git", "-C", str(repo), "archive", commit], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive.stdout, check=True)
    subprocess.run([sys.executable, "-m", "venv", str(folder / "venv")], check=True)
    pip = [str(folder / "venv" / "bin" / "pip"), "install", "-q", "-c", str(source / "constraints.txt")]
    subprocess.run([*pip, "-e", str(source)], check=True, stderr=subprocess.DEVNULL)
    return [str(folder / "venv" / "bin" / "il2sched")]


async def one_tool(name: str, tool: list[str], args: argparse.Namespace) -> None:
    server, port = start(tool)
    try:
        warm = Client(port)
        for query in QUERIES:  # imports, data cache, templates, the worker processes
            for path in KINDS.values():
                await asyncio.wait_for(warm.get(path.format(query)), args.timeout)
        warm.close()
        if args.only in (None, "printing"):
            groups = [(args.printers, ("pdf",)), (1, ("preview",))]
            printing = await scenario(port, server.pid, args.print_seconds, groups, args.timeout)
            report(f"{name}: printing, {args.printers} clients downloading PDFs, 1 previewing", printing)
        if args.only in (None, "mixed"):
            mixed = await scenario(port, server.pid, args.seconds, [(args.clients, CYCLE)], args.timeout)
            report(f"{name}: mixed, {args.clients} clients for {args.seconds:.0f} s", mixed)
    finally:
        stop(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="the mixed scenario's length")
    parser.add_argument("--print-seconds", type=float, default=30.0, help="the printing scenario's length")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--printers", type=int, default=4)
    parser.add_argument("--only", choices=("printing", "mixed"), help="run one scenario")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds a request may take (an error)")
    parser.add_argument(
        "--before", help="another install's il2sched, or a commit to install, run alternately with this one"
    )
    parser.add_argument("--rounds", type=int, default=1, help="rounds of each install (with --before)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="il2sched-before-") as folder:
        tools = [("now", console_script())]
        if args.before:
            before = [args.before] if Path(args.before).is_file() else install(args.before, Path(folder))
            tools = [("before", before), *tools]
        run_all(tools, args)


def run_all(tools: list[tuple[str, list[str]]], args: argparse.Namespace) -> None:
    print(f"{len(os.sched_getaffinity(0))} cores; " + "; ".join(f"{n}: {' '.join(t)}" for n, t in tools))
    for round_number in range(args.rounds):
        for name, tool in tools:
            asyncio.run(one_tool(f"{name} (round {round_number + 1})", tool, args))


if __name__ == "__main__":
    main()
