"""Ward report benchmark: ``il2sched report --ward`` for a ward record of N patients with 20 records each.

It builds a SQLite ward record (once per size, in a temporary folder: the patients added and their records
appended through the store, as ``patients add`` and ``record`` do), then measures:

- the whole command, ``il2sched report --ward --as-of DATE --db URL`` in a separate process (best of 3,
  wall and CPU), in each format;
- in this process, its two halves: loading and planning every active patient (the store's half,
  ``app.ward.active_patients``) and reconciling and rendering them (ours: ``core.reconcile`` and the table).

    python bench/report.py [--sizes 100,1000] [--formats table,csv,json]

Target (issue 19, docs/performance.md): 1,000 patients with 20 records each under 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

AS_OF = dt.date(2026, 12, 1)


def build(url: str, size: int) -> None:
    """``size`` patients starting on Mondays of 2026, each with 20 records (given, a few not given, one
    correction), the last dose left unrecorded so that every patient is active."""
    from il2sched.app.patients import add, add_request
    from il2sched.app.ward import WardPlanners, load_patient, open_ward
    from il2sched.core.record import DoseRecord, DoseRef, InjectionSite, NotGivenReason, Outcome, YearMonth
    from il2sched.store.records import add_record

    rng = random.Random(size)
    store = None
    for number in range(size):
        code = f"W-{number:05d}"
        start = dt.date(2026, 1, 5) + dt.timedelta(weeks=rng.randrange(0, 20))
        add(add_request(code, {"start": start.isoformat(), "by": "AB", "db": url}))
        store = store or open_ward(url)
        schedule = WardPlanners().schedule(load_patient(store, code))
        # 19 doses recorded and one record corrected: 20 records, the last dose left (still active).
        for a in schedule.given[:-1]:
            ref = DoseRef(a.cycle, a.cycle_day)
            at = dt.datetime.combine(a.date + dt.timedelta(days=rng.choice([0, 0, 0, 1, 9])), dt.time(9, 30))
            if rng.random() < 0.05:
                record = DoseRecord(0, code, ref, Outcome.NOT_GIVEN, "AB", dt.datetime.now(dt.UTC),
                                    reason=NotGivenReason.REFUSED)  # fmt: skip
            else:
                record = DoseRecord(0, code, ref, Outcome.GIVEN, "AB", dt.datetime.now(dt.UTC), at, None,
                                    "L1", YearMonth(2027, 6), InjectionSite.ARM_LEFT)  # fmt: skip
            stored = add_record(store, record)
            if a.cycle_day == 3 and a.cycle == 1:
                corrected = stored
        add_record(
            store, replace(corrected, lot="L2", replaces=corrected.entry, correction_reason="wrong lot")
        )


def run_command(url: str, fmt: str) -> tuple[float, float]:
    """Best wall and its CPU (user + system) of ``il2sched report --ward`` in a separate process."""
    best = (float("inf"), 0.0)
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "il2sched", "report", "--ward", "--as-of", AS_OF.isoformat(), "-f", fmt,
             "--db", url, "-o", os.devnull],
            check=True,
        )  # fmt: skip
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = min(best, (wall, cpu))
    return best


def halves(url: str) -> tuple[float, float, int]:
    """Loading and planning the active patients; reconciling and rendering them as a table (best of 3)."""
    from il2sched.app.ward import active_patients, open_ward
    from il2sched.core.reconcile import reconcile
    from il2sched.export.report_table import render_ward
    from il2sched.sources.locale import texts_for

    texts = texts_for("en")
    load = ours = float("inf")
    count = 0
    for _ in range(3):
        start = time.perf_counter()
        active = active_patients(open_ward(url))
        loaded = time.perf_counter()
        results = [reconcile(schedule, p.records, AS_OF) for p, schedule in active]
        render_ward(results, texts, AS_OF.isoformat())
        done = time.perf_counter()
        load, ours, count = min(load, loaded - start), min(ours, done - loaded), len(active)
    return load, ours, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--formats", default="table,csv,json")
    parser.add_argument(
        "--keep", metavar="FOLDER", help="build (or reuse) the ward records there, and keep them"
    )
    args = parser.parse_args()
    # In memory when the system has it (/dev/shm): building is 21 fsyncs a patient, minutes on a busy disk.
    with tempfile.TemporaryDirectory(dir="/dev/shm" if os.path.isdir("/dev/shm") else None) as temporary:
        folder = args.keep or temporary
        for size in (int(s) for s in args.sizes.split(",")):
            url = f"sqlite:///{Path(folder) / f'ward-{size}.db'}"
            began = time.perf_counter()
            if not (Path(folder) / f"ward-{size}.db").exists():
                build(url, size)
            print(f"{size} patients, {20 * size} records: built in {time.perf_counter() - began:.0f} s")
            load, ours, active = halves(url)
            halves_text = f"load and plan {load:.3f} s, reconcile and render {ours:.3f} s"
            print(f"  in process ({active} active): {halves_text}")
            for fmt in args.formats.split(","):
                wall, cpu = run_command(url, fmt)
                print(f"  report --ward -f {fmt}: {wall:.2f} s wall, {cpu:.2f} s CPU")


if __name__ == "__main__":
    main()
