"""Ward record benchmarks (issue 19): ``record`` against a CSV ``generate``, and ``worklist --db``.

- ``record``: one dose recorded (given, with lot, expiry, site and initials) into a SQLite ward record of
  ``--patients`` patients, alternating with ``il2sched generate --start ... -o FILE.csv`` in the same session,
  ``--runs`` times each, each in its own process; medians and their ratio (target: at most 3x).
- ``worklist --db``: a ward record of ``--ward`` patients (brought in by ``patients import`` from a roster,
  itself timed), then ``il2sched worklist --db URL --from DATE --days 5`` and the same worklist from the
  roster file, each 3 times, in a separate process; medians (target: 10,000 patients under 3 s).

    python bench/ward.py [--runs 20] [--patients 100] [--ward 10000] [--only record|worklist]

The load average (1 minute) is printed beside each figure: the machine is shared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

IL2SCHED = [sys.executable, "-m", "il2sched"]
START = dt.date(2026, 1, 5)


def load() -> str:
    """The 1-minute load average, as a figure to print beside a time."""
    return f"load {os.getloadavg()[0]:.1f}"


def timed(args: list[str], program: list[str] = IL2SCHED) -> float:
    """Wall time of one run of ``il2sched ARGS`` (or ``program ARGS``) in its own process (must succeed)."""
    began = time.perf_counter()
    subprocess.run([*program, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - began


def roster(path: Path, size: int) -> None:
    """A roster of ``size`` patients starting on Mondays of 2026, some with a time and a delay."""
    rng = random.Random(size)
    lines = ["patient,start,time,delays"]
    for number in range(size):
        start = START + dt.timedelta(weeks=rng.randrange(0, 30))
        time_cell = rng.choice(["", "08:30", "14:00"])
        delays = rng.choice(["", "", "", "2:1"])
        lines.append(f"W-{number:05d},{start.isoformat()},{time_cell},{delays}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def bench_record(folder: Path, runs: int, patients: int) -> None:
    url = f"sqlite:///{folder / 'record.db'}"
    ward = folder / "record.csv"
    roster(ward, patients)
    timed(["patients", "import", str(ward), "--by", "AB", "--db", url])
    from il2sched.app.ward import WardPlanners, load_ward, open_ward

    store = open_ward(url)
    doses = [
        (p.code, a) for p in load_ward(store)[: runs // 20 + 1] for a in WardPlanners().schedule(p).given
    ][:runs]
    store.close()
    out = folder / "generate.csv"
    generate = ["generate", "--start", START.isoformat(), "-o", str(out)]
    timed(generate)  # the data cache warm for both
    generated, recorded, bare, alchemy = [], [], [], []
    for code, dose in doses:
        bare.append(timed(["-c", "pass"], [sys.executable]))
        alchemy.append(timed(["-c", "import sqlalchemy"], [sys.executable]))
        generated.append(timed(generate))
        given = dt.datetime.combine(dose.date, dt.time(9, 30)).strftime("%Y-%m-%d %H:%M")
        recorded.append(timed([
            "record", code, "--dose", f"{dose.cycle}:{dose.cycle_day}", "--given", given, "--lot", "L1",
            "--expiry", "2027-06", "--site", "abdomen-left", "--by", "AB", "--db", url,
        ]))  # fmt: skip
    g, r = statistics.median(generated), statistics.median(recorded)
    print(f"python -c pass: median {statistics.median(bare) * 1000:.1f} ms; python -c 'import sqlalchemy': "
          f"median {statistics.median(alchemy) * 1000:.1f} ms")  # fmt: skip
    print(f"generate -o FILE.csv: median {g * 1000:.1f} ms ({len(generated)} runs)")
    print(f"record (a ward of {patients}): median {r * 1000:.1f} ms; {r / g:.2f}x generate; {load()}")


def bench_worklist(folder: Path, size: int) -> None:
    url = f"sqlite:///{folder / 'ward.db'}"
    ward = folder / "ward.csv"
    roster(ward, size)
    took = timed(["patients", "import", str(ward), "--by", "AB", "--db", url])
    print(f"patients import of {size} patients: {took:.1f} s; {load()}")
    period = ["--from", "2026-03-02", "--days", "5", "-f", "csv", "-o", os.devnull]
    for label, args in (("worklist --db", ["--db", url]), ("worklist ROSTER.csv", [str(ward)])):
        times, cpus = [], []
        for _ in range(3):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            times.append(timed(["worklist", *args, *period]))
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        print(f"{label} ({size} patients, 5 days): median {statistics.median(times):.2f} s wall, "
              f"{statistics.median(cpus):.2f} s CPU (best {min(times):.2f} s); {load()}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--patients", type=int, default=100)
    parser.add_argument("--ward", type=int, default=10_000)
    parser.add_argument("--only", choices=("record", "worklist"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.only in (None, "record"):
            bench_record(Path(folder), args.runs, args.patients)
        if args.only in (None, "worklist"):
            bench_worklist(Path(folder), args.ward)


if __name__ == "__main__":
    main()
