"""Start-up benchmark: ``il2sched generate`` wall time as a ratio to a bare ``python -c pass``.

Runs each command alternately in one session (so drift in machine load hits all of them alike) with the
same interpreter and the installed ``il2sched`` console script, and prints medians and ratios.

    python bench/startup.py [--runs 40] [--before OTHER/bin/il2sched]

Targets (docs/performance.md): csv at most 5x, ics at most 8x, with French holidays on (the default); the
printed sheet (pdf) at most 2.5 times the csv. ``--before`` times another install's csv and pdf runs in the
same loop (the version before a change, for a same-session comparison).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def console_script() -> list[str]:
    """The installed ``il2sched`` beside this interpreter, else ``python -m il2sched``."""
    beside = Path(sys.executable).with_name("il2sched")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("il2sched")
    return [found] if found else [sys.executable, "-m", "il2sched"]


def _children_cpu() -> float:
    """User and system CPU seconds of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--before", help="another install's il2sched, timed alongside")
    args = parser.parse_args()
    tool = console_script()
    out = tempfile.mkdtemp(prefix="il2sched-bench-")
    base = ["generate", "--start", "2026-04-27", "--patient", "BENCH-1"]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "generate csv": [*tool, *base, "-o", os.path.join(out, "b.csv")],
        "generate ics": [*tool, *base, "-o", os.path.join(out, "b.ics")],
        "generate ics timed": [
            *tool,
            *base,
            "--time",
            "09:00",
            "--remind",
            "1h",
            "-o",
            os.path.join(out, "t.ics"),
        ],
        "generate table": [*tool, *base, "-o", os.path.join(out, "b.txt")],
        "generate pdf": [*tool, *base, "-o", os.path.join(out, "b.pdf")],
        "import icalendar (reference)": [sys.executable, "-c", "import icalendar"],
        "import holidays (reference)": [sys.executable, "-c", "import holidays"],
    }
    if args.before:
        for suffix in ("csv", "pdf"):
            output = os.path.join(out, f"before.{suffix}")
            commands[f"before: generate {suffix}"] = [args.before, *base, "-o", output]
    for command in commands.values():  # warm the OS file cache and il2sched's data cache
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            started, used = time.perf_counter(), _children_cpu()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - started)
            cpu[name].append(_children_cpu() - used)
    baseline = statistics.median(times["python -c pass"])
    print(
        f"{'command':32} {'median':>9} {'ratio':>7} {'CPU':>9}   "
        f"({args.runs} alternating runs, Python {sys.version.split()[0]}; CPU: user + sys)"
    )
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:32} {median * 1000:7.1f}ms {median / baseline:6.2f}x "
              f"{statistics.median(cpu[name]) * 1000:7.1f}ms")  # fmt: skip
    for prefix in ("", "before: ") if args.before else ("",):
        for label, table in (("wall", times), ("CPU", cpu)):
            pdf, csv = (statistics.median(table[f"{prefix}generate {s}"]) for s in ("pdf", "csv"))
            print(f"{prefix}pdf / csv ({label}): {pdf / csv:.2f}x (target: at most 2.5x)")
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
