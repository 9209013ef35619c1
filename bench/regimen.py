"""Regimen benchmark: the engine and every renderer against the number of cycles and administrations.

Three parts, all with France's public holidays on and the shift policy (the engine's hardest path):

- ``engine``: parse a regimen file and build its schedule, for growing numbers of cycles: the first format
  (one ``[[cycle]]`` of five weekdays every two weeks, as issue 10 measured it) and format 2 (a ``cycles``
  phase of 3-day cycles dosing on days 1 and 2). Time per administration should stay flat.
- ``render``: each output format in this process for 20 (the built-in protocol), 1,096 (three years daily)
  and 10,000 administrations; median of a few runs, and the time per administration.
- ``cli``: ``il2sched generate ... -o x.ics`` in a fresh process, the built-in protocol against the 1,096-dose
  example regimen (``samples/regimens/daily-3-years.toml``), medians of alternating runs.

    python bench/regimen.py [--parts engine,render,cli] [--runs 5] [--formats ics,csv,json,html,pdf]

Targets (docs/performance.md): engine and renderers linear (flat time per administration); the 1,096-dose
calendar within a few times the 20-dose one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THREE_YEARS = ROOT / "samples" / "regimens" / "daily-3-years.toml"
START = dt.date(2026, 1, 5)  # a Monday: every regimen may start on it
HEAD = """[regimen]
id = "bench"
title = "Benchmark"
trial_id = "BENCH"
drug = "aldesleukin"
route = "subcutaneous"
dose_unit = "international units"
"""


def first_format(cycles: int) -> str:
    """``cycles`` Monday-to-Friday cycles two weeks apart, in [[cycle]] tables."""
    body = "".join(
        f'\n[[cycle]]\nweek = {1 + 2 * n}\ndose_iu = 1_000_000\ndays = ["MO", "TU", "WE", "TH", "FR"]\n'
        for n in range(cycles)
    )
    return HEAD + body


def phase_format(cycles: int) -> str:
    """``cycles`` 3-day cycles dosing on their days 1 and 2, in one [[phase]]."""
    return HEAD + (
        f'\n[[phase]]\npattern = "cycles"\ncycle_length = 3\ncycle_days = [1, 2]\ncount = {cycles}\n'
        "dose_iu = 1_000_000\n"
    )


def daily(count: int) -> str:
    """``count`` daily doses in one [[phase]] (one cycle)."""
    return HEAD + f'\n[[phase]]\npattern = "daily"\ncount = {count}\ndose_iu = 100_000\ntolerance_days = 7\n'


def timed(function: object, runs: int) -> float:
    """The median wall time of ``runs`` calls of ``function``, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def planner_for(folder: Path, text: str, name: str) -> object:
    """A Planner over the regimen ``text`` (written to ``folder``), French holidays, the shift policy."""
    from il2sched.app.planning import Planner
    from il2sched.app.requests import ScheduleOptions
    from il2sched.core.schedule import Policy

    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return Planner(ScheduleOptions(regimen=str(path), policy=Policy.SHIFT))


def engine(runs: int) -> None:
    """Parse and build time against the number of cycles."""
    from il2sched.core.regimen import parse_regimen
    from il2sched.core.schedule import build_schedule

    print("engine: parse the file and build the schedule (French holidays, --on-holiday shift)")
    print(f"{'format':>8} {'cycles':>7} {'doses':>7} {'parse s':>8} {'build s':>8} {'µs/dose':>8}")
    with tempfile.TemporaryDirectory() as folder:
        cases = [("cycle", n, first_format(n)) for n in (500, 1000, 2000)]
        cases += [("phase", n, phase_format(n)) for n in (2000, 10000)]
        for kind, cycles, text in cases:
            planner = planner_for(Path(folder), text, f"{kind}-{cycles}")
            plan = planner.plan("BENCH-1", START)  # type: ignore[attr-defined]
            parse = timed(lambda text=text: parse_regimen(text, "bench"), runs)
            build = timed(lambda plan=plan: build_schedule(plan), runs)
            doses = len(build_schedule(plan).administrations)
            print(f"{kind:>8} {cycles:>7,} {doses:>7,} {parse:8.3f} {build:8.3f} {1e6 * build / doses:8.1f}",
                  flush=True)  # fmt: skip


def render(runs: int, formats: list[str]) -> None:
    """Each renderer's time against the number of administrations."""
    from il2sched.app.formats import SCHEDULE_FORMATS
    from il2sched.core.schedule import build_schedule

    print("render: one schedule in each format, in this process (median of runs)")
    print(f"{'format':>7} {'doses':>7} {'seconds':>8} {'µs/dose':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for name, text in (("builtin", ""), ("three-years", daily(1096)), ("ten-thousand", daily(10_000))):
            if text:
                planner = planner_for(Path(folder), text, name)
            else:
                from il2sched.app.planning import Planner
                from il2sched.app.requests import ScheduleOptions
                from il2sched.core.schedule import Policy

                planner = Planner(ScheduleOptions(policy=Policy.SHIFT))
            schedule = build_schedule(planner.plan("BENCH-1", START))  # type: ignore[attr-defined]
            options = planner.options(dt.datetime(2026, 1, 5, tzinfo=dt.UTC))  # type: ignore[attr-defined]
            doses = len(schedule.administrations)
            for fmt in formats:
                renderer = SCHEDULE_FORMATS[fmt].renderer()
                count = 1 if doses > 5000 and fmt in ("pdf", "html") else runs
                seconds = timed(lambda r=renderer, s=schedule, o=options: r(s, o), count)
                print(f"{fmt:>7} {doses:>7,} {seconds:8.3f} {1e6 * seconds / doses:8.1f}", flush=True)


def cli(runs: int) -> None:
    """A calendar of the built-in protocol and of the 1,096-dose regimen, each in a fresh process."""
    beside = Path(sys.executable).with_name("il2sched")
    tool = [str(beside)] if beside.exists() else [sys.executable, "-m", "il2sched"]
    out = Path(tempfile.mkdtemp(prefix="il2sched-bench-")) / "x.ics"
    base = [*tool, "generate", "--start", "2026-01-05", "-o", str(out)]
    commands = {
        "built-in, 20 doses": base,
        "daily-3-years, 1,096 doses": [*base, "--regimen", str(THREE_YEARS)],
    }
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767600000"}
    for command in commands.values():  # fill the data cache first
        subprocess.run(command, check=True, capture_output=True, env=env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env)
            times[name].append(time.perf_counter() - started)
    print("cli: il2sched generate -o x.ics in a fresh process (median)")
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians["built-in, 20 doses"]
    for name, seconds in medians.items():
        print(f"{name:>28} {seconds:8.3f} s {seconds / base:6.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="engine,render,cli")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--formats", default="ics,csv,json,table,fhir,html,pdf")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    parts = args.parts.split(",")
    if "engine" in parts:
        engine(args.runs)
    if "render" in parts:
        render(args.runs, args.formats.split(","))
    if "cli" in parts:
        cli(max(args.runs, 9))


if __name__ == "__main__":
    main()
