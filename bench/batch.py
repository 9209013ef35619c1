"""Batch benchmark: throughput and peak memory of ``il2sched batch`` for growing rosters.

For rosters of 100, 1,000 and 10,000 patients (random Monday starts, a third of them timed), it runs
``il2sched batch`` as a separate process per format set and reports patients per second and the peak
resident memory of the run (the largest process: coordinator or worker) and its CPU time (user + system,
workers included: what a busy machine inflates least). In the same session it times the icalendar library
alone building and serializing the same per-patient calendars (same events, same properties, one process),
so ``ratio`` is our whole batch (schedules, texts, CSV, ward files, writes, worker processes) over
icalendar's share of the work.

    python bench/batch.py [--sizes 100,1000,10000] [--formats ics+csv,pdf] [--jobs 2]

Targets (docs/performance.md): ics+csv ratio at most 1.3 with both cores; pdf at least 40 patients a second
with both cores; peak memory at 10,000 patients within 1.5 times that at 1,000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_roster(path: Path, size: int) -> None:
    """A roster of ``size`` patients with reproducible random starts and times."""
    rng = random.Random(size)
    first = dt.date(2026, 1, 5)
    lines = ["patient,start,time"]
    for number in range(size):
        start = first + dt.timedelta(weeks=rng.randrange(0, 104))
        clock = rng.choice(["", "", "09:00", "14:30"])
        lines.append(f"B-{number:05d},{start.isoformat()},{clock}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_batch(
    tool: list[str], roster: Path, outdir: Path, formats: str, jobs: int
) -> tuple[float, int, float]:
    """Wall time, peak RSS (KiB) and CPU seconds (user + sys, workers included) of one ``il2sched batch``
    run, measured in a fresh child process."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True)\n"
        "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(time.perf_counter() - t, used.ru_maxrss, used.ru_utime + used.ru_stime)\n"
    )
    command = [*tool, "batch", str(roster), "-d", str(outdir), "-f", formats, "-j", str(jobs)]
    done = subprocess.run([sys.executable, "-c", probe, *command], check=True, capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1767600000"})  # fmt: skip
    seconds, peak, cpu = done.stdout.split()
    return float(seconds), int(peak), float(cpu)


def icalendar_alone(roster: Path) -> float:
    """Seconds icalendar takes to build and serialize the same per-patient calendars, in this process."""
    import icalendar

    from il2sched.app.planning import Planner
    from il2sched.app.requests import ScheduleOptions as Settings
    from il2sched.app.roster import plan_for, read_roster
    from il2sched.core.schedule import build_schedule
    from il2sched.export.event_texts import description, summary
    from il2sched.export.ics import event_uid
    from il2sched.export.vtimezone import build_vtimezone

    planner = Planner(Settings())
    options = planner.options(dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    prepared = []  # everything but icalendar's own work is done before the clock starts
    for row in read_roster(str(roster)):
        schedule = build_schedule(plan_for(planner, row))
        events = [
            (event_uid(schedule, a), a, summary(a, options, schedule), description(a, options, schedule))
            for a in schedule.given
        ]
        prepared.append((schedule.plan, events))
    started = time.perf_counter()
    for plan, events in prepared:
        cal = icalendar.Calendar()
        for name, value in (("PRODID", "-//bench//"), ("VERSION", "2.0"), ("METHOD", "PUBLISH")):
            cal.add(name, value)
        if plan.time is not None:
            cal.add_component(
                build_vtimezone(plan.tz, [dt.datetime.combine(a.date, plan.time) for _, a, _, _ in events])
            )
        for uid, admin, title, text in events:
            event = icalendar.Event()
            event.add("UID", uid)
            event.add("DTSTAMP", options.stamp)
            if plan.time is None:
                event.add("DTSTART", admin.date)
                event.add("DTEND", admin.date + dt.timedelta(days=1))
            else:
                start = dt.datetime.combine(admin.date, plan.time)
                event.add("DTSTART", start, parameters={"TZID": plan.tz})
                event.add("DTEND", start + options.duration, parameters={"TZID": plan.tz})
            event.add("SEQUENCE", 0)
            event.add("SUMMARY", title)
            event.add("DESCRIPTION", text)
            event.add("CATEGORIES", [plan.regimen.trial_id])
            event.add("STATUS", "CONFIRMED")
            cal.add_component(event)
        cal.to_ical()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--formats", default="ics+csv,pdf", help="format sets, '+' inside a set")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    beside = Path(sys.executable).with_name("il2sched")
    tool = [str(beside)] if beside.exists() else [sys.executable, "-m", "il2sched"]
    work = Path(tempfile.mkdtemp(prefix="il2sched-bench-"))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, --jobs {args.jobs}")
    print(f"{'patients':>8} {'formats':>8} {'seconds':>8} {'patients/s':>10} {'peak MiB':>9} "
          f"{'icalendar s':>11} {'ratio':>6} {'CPU s':>7}")  # fmt: skip
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            roster = work / f"roster-{size}.csv"
            write_roster(roster, size)
            alone = icalendar_alone(roster) if "ics" in args.formats else 0.0
            for formats in args.formats.split(","):
                outdir = work / f"out-{size}-{formats}"
                seconds, peak, cpu = run_batch(tool, roster, outdir, formats.replace("+", ","), args.jobs)
                ratio = f"{seconds / alone:6.2f}" if "ics" in formats else "     -"
                print(f"{size:>8} {formats:>8} {seconds:8.2f} {size / seconds:10.0f} {peak / 1024:9.1f} "
                      f"{alone:11.2f} {ratio} {cpu:7.2f}", flush=True)  # fmt: skip
                shutil.rmtree(outdir, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
