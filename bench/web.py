"""Web page benchmark: latency of ``il2sched serve`` once warm, against the command line's own time.

Starts a real ``il2sched serve --port 0`` (loopback only), warms it up, then times sequential requests over
one HTTP connection each, as a browser's preview does: the live preview fragment (``/preview``), the page
(``/``), and the PDF sheet (``/generate?format=pdf``), and compares the PDF with ``il2sched generate -f pdf``
run as a command. Every loop is bounded; nothing leaves 127.0.0.1.

    python bench/web.py [--requests 300]

Targets (docs/performance.md): a preview under 50 ms at the 95th percentile once warm; a PDF from the page in
less time than the command line takes to write it.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import subprocess
import time

from startup import console_script  # bench/ is on the path when a script of it runs

QUERIES = [
    "start=2026-04-27&patient=P-0001",
    "start=2026-04-27&patient=P-0001&on-holiday=shift&time=09:00&remind=1h&lang=fr",
    "start=2026-12-21&patient=P-0002&subdiv=67&on-holiday=shift&no-weekends=1&delay=2:1",
]


def timed_get(port: int, path: str) -> float:
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Accept": "text/html"})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{path}: status {response.status}")
    finally:
        connection.close()
    return time.perf_counter() - start


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(name: str, seconds: list[float]) -> None:
    ms = [s * 1000 for s in seconds]
    median, p95 = statistics.median(ms), percentile(ms, 0.95)
    print(f"{name:<28} n={len(ms):<4} median {median:7.1f} ms   p95 {p95:7.1f} ms   max {max(ms):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="timed preview requests (default 300)")
    args = parser.parse_args()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767600000"}
    env.pop("IL2SCHED_SERVE_TOKEN", None)
    server = subprocess.Popen(
        [*console_script(), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        assert server.stdout is not None
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", server.stdout.readline().decode())
        if not found:
            raise SystemExit("the server printed no URL")
        port = int(found.group(1))
        for query in QUERIES:  # warm up: imports, holidays, locale data, templates
            for path in ("/preview", "/", "/generate"):
                timed_get(port, f"{path}?{query}&format=pdf" if path == "/generate" else f"{path}?{query}")
        previews = [timed_get(port, f"/preview?{QUERIES[i % 3]}") for i in range(args.requests)]
        pages = [timed_get(port, f"/?{QUERIES[i % 3]}") for i in range(args.requests // 3)]
        pdfs = [timed_get(port, f"/generate?{QUERIES[1]}&format=pdf") for _ in range(20)]
    finally:
        server.send_signal(2)
        server.wait(timeout=30)
    cli = []
    for _ in range(10):
        start = time.perf_counter()
        subprocess.run(
            [*console_script(), "generate", "--start", "2026-04-27", "--patient", "P-0001", "--on-holiday",
             "shift", "--time", "09:00", "--remind", "1h", "--lang", "fr", "-f", "pdf", "-o", os.devnull],
            check=True, capture_output=True, env=env,
        )  # fmt: skip
        cli.append(time.perf_counter() - start)
    report("GET /preview (live preview)", previews)
    report("GET / (whole page)", pages)
    report("GET /generate?format=pdf", pdfs)
    report("il2sched generate -f pdf", cli)


if __name__ == "__main__":
    main()
