"""Batch runs over a roster: one file per patient and format, plus the ward calendar and the ward CSV.

The whole roster is checked (every plan built) before anything is written. Files go to a temporary folder
beside OUTDIR that replaces OUTDIR only at the end, so a failed or interrupted run leaves the previous
outputs as they were; files in OUTDIR that an earlier batch did not write are carried over. Patients are
rendered in worker processes on every core, and the ward files are streamed as results arrive, so memory
stays flat however long the roster is.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any, BinaryIO

from il2sched.errors import OutputError
from il2sched.export import FORMATS
from il2sched.planning import Planner, Settings
from il2sched.roster import RosterRow
from il2sched.schedule import Plan, Schedule, build_schedule

MANIFEST = ".il2sched-batch.json"
WARD = "ward"


@dataclass(frozen=True, slots=True)
class BatchJob:
    """What a batch run writes: settings, formats, where, when (the stamp) and on how many processes."""

    settings: Settings
    formats: tuple[str, ...]
    outdir: Path
    stamp: dt.datetime
    jobs: int = 1


def plan_for(planner: Planner, row: RosterRow, *, own_language: bool = True) -> Plan:
    """A roster row's plan: the command line's settings overridden by the row's own cells.

    Without ``own_language`` the closed days are named in the command line's language, as a ward-wide
    output (the worklist) needs, instead of the patient's.
    """
    return planner.plan(
        row.patient, row.start, time=row.time, regimen=row.regimen,
        delays=row.delays or None, lang=row.lang if own_language else None,
    )  # fmt: skip


class RowChecker:
    """Checks each roster row deeply (its schedule must build); ``instants`` gathers its events' local times,
    which the ward calendar's VTIMEZONE must cover."""

    def __init__(self, planner: Planner) -> None:
        self.planner = planner
        self.instants: set[dt.datetime] = set()
        self.affected: Counter[str] = Counter()  # status -> doses a closed day affects, whole roster
        self.patients_affected = 0

    def __call__(self, row: RosterRow) -> None:
        if row.patient.lower() == WARD:
            raise ValueError(
                f"patient code {row.patient!r} is the name of the ward files; choose another code"
            )
        from il2sched.export.ics import event_times

        schedule = build_schedule(plan_for(self.planner, row))
        statuses = Counter(str(a.status) for a in schedule.administrations if a.status != "planned")
        self.affected.update(statuses)
        self.patients_affected += bool(statuses)
        plan, duration = schedule.plan, self.planner.settings.duration
        if plan.time is not None:
            for admin in schedule.given:
                self.instants.update(event_times(admin.date, plan.time, plan.tz, duration))


# --- the worker side: one process renders one patient's files -------------------------------------------

_worker: dict[str, Any] = {}


def _init_worker(job: BatchJob, staging: str) -> None:
    _worker.update(job=job, staging=Path(staging), planner=Planner(job.settings))


def _render_patient(row: RosterRow) -> tuple[bytes, bytes]:
    """Write one patient's files into the staging folder; return its ward events and ward CSV rows."""
    from il2sched.export.ics import previous_events

    job: BatchJob = _worker["job"]
    planner: Planner = _worker["planner"]
    staging: Path = _worker["staging"]
    schedule = build_schedule(plan_for(planner, row))
    previous: dict[str, tuple[int, str]] = {}
    old = job.outdir / f"{row.patient}.ics"
    if old.is_file():
        previous = previous_events(old.read_bytes())
    options = planner.options(job.stamp, lang=row.lang, site=row.site, previous=previous)
    rendered: dict[str, bytes] = {}
    for name in job.formats:
        fmt = FORMATS[name]
        rendered[name] = fmt.renderer()(schedule, options)
        (staging / f"{row.patient}{fmt.suffix}").write_bytes(rendered[name])
    ward_options = planner.options(job.stamp, site=row.site, previous=previous)
    same_language = (row.lang or job.settings.lang) == job.settings.lang
    ics = (
        rendered["ics"]
        if same_language and "ics" in rendered
        else FORMATS["ics"].renderer()(schedule, ward_options)
    )
    table = (
        rendered["csv"]
        if same_language and "csv" in rendered
        else FORMATS["csv"].renderer()(schedule, ward_options)
    )
    return _vevents(ics), _csv_body(table)


def _vevents(ics: bytes) -> bytes:
    start, out = 0, []
    while (begin := ics.find(b"BEGIN:VEVENT\r\n", start)) != -1:
        end = ics.index(b"END:VEVENT\r\n", begin) + len(b"END:VEVENT\r\n")
        out.append(ics[begin:end])
        start = end
    return b"".join(out)


def _csv_body(table: bytes) -> bytes:
    return table.removeprefix("\ufeff".encode()).split(b"\r\n", 1)[1]


# --- the coordinator side --------------------------------------------------------------------------------


def run_batch(
    rows: tuple[RosterRow, ...],
    job: BatchJob,
    instants: set[dt.datetime],
    advance: Callable[[int], None] = lambda n: None,
) -> list[str]:
    """Write every output into a staging folder, then swap it in for ``job.outdir``; return the file names."""
    outdir = job.outdir
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"cannot write into {outdir}: it is a file; give a folder with -d")
    parent = outdir.parent
    if not parent.is_dir():
        raise OutputError(f"cannot write into {outdir}: folder {parent} does not exist; create it first")
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise OutputError(f"cannot write into {parent}: {exc.strerror}") from None
    try:
        names = _write_all(rows, job, staging, instants, advance)
        _carry_over_foreign_files(outdir, staging, set(names))
        (staging / MANIFEST).write_text(json.dumps(sorted(names), indent=0) + "\n", encoding="utf-8")
        _swap(staging, outdir)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot write into {outdir}: {exc.strerror or exc}; nothing was changed") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return names


def _results(rows: tuple[RosterRow, ...], job: BatchJob, staging: Path) -> Iterator[tuple[bytes, bytes]]:
    if job.jobs <= 1 or len(rows) < 2 * job.jobs:
        _init_worker(job, str(staging))
        yield from map(_render_patient, rows)
        return
    # fork shares the loaded modules and caches; elsewhere the default start method is used.
    method = "fork" if "fork" in _start_methods() else None
    with get_context(method).Pool(job.jobs, _init_worker, (job, str(staging))) as pool:
        yield from pool.imap(_render_patient, rows, chunksize=max(1, min(64, len(rows) // (job.jobs * 8))))


def _start_methods() -> list[str]:
    from multiprocessing import get_all_start_methods

    return get_all_start_methods()


def _write_all(
    rows: tuple[RosterRow, ...],
    job: BatchJob,
    staging: Path,
    instants: set[dt.datetime],
    advance: Callable[[int], None],
) -> list[str]:
    names = [f"{row.patient}{FORMATS[f].suffix}" for row in rows for f in job.formats]
    with open(staging / f"{WARD}.ics", "wb") as ward_ics, open(staging / f"{WARD}.csv", "wb") as ward_csv:
        _ward_headers(rows, job, instants, ward_ics, ward_csv)
        for events, csv_rows in _results(rows, job, staging):
            ward_ics.write(events)
            ward_csv.write(csv_rows)
            advance(1)
        ward_ics.write(b"END:VCALENDAR\r\n")
    return [*names, f"{WARD}.ics", f"{WARD}.csv"]


def _ward_headers(
    rows: tuple[RosterRow, ...],
    job: BatchJob,
    instants: set[dt.datetime],
    ward_ics: BinaryIO,
    ward_csv: BinaryIO,
) -> None:
    import icalendar

    from il2sched import __version__
    from il2sched.export.rows import COLUMNS
    from il2sched.vtimezone import build_vtimezone

    planner = Planner(job.settings)
    texts = planner.texts()
    trial = (rows[0].regimen or planner.regimen(job.settings.regimen)).trial_id
    cal = icalendar.Calendar()
    cal.add("PRODID", f"-//il2sched//il2sched {__version__}//{texts.lang.upper()}")
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", "PUBLISH")
    cal.add("NAME", texts("ward_name", trial=trial))
    cal.add("X-WR-CALNAME", texts("ward_name", trial=trial))
    if instants and job.settings.tz != "UTC":
        cal.add_component(build_vtimezone(job.settings.tz, sorted(instants)))
    head = cal.to_ical().removesuffix(b"END:VCALENDAR\r\n")
    ward_ics.write(head)
    separator = ";" if job.settings.excel else ","
    ward_csv.write(
        ("\ufeff" if job.settings.excel else "").encode() + separator.join(COLUMNS).encode() + b"\r\n"
    )


def _carry_over_foreign_files(outdir: Path, staging: Path, ours: set[str]) -> None:
    """Keep files in OUTDIR that no batch wrote (a coordinator's notes), without touching the originals."""
    if not outdir.is_dir():
        return
    try:
        earlier = set(json.loads((outdir / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        earlier = set()
    for entry in outdir.iterdir():
        if entry.name in ours or entry.name in earlier or entry.name == MANIFEST:
            continue
        target = staging / entry.name
        if entry.is_dir():
            shutil.copytree(entry, target, symlinks=True)
        else:
            shutil.copy2(entry, target, follow_symlinks=False)


def _swap(staging: Path, outdir: Path) -> None:
    os.chmod(staging, 0o777 & ~_umask())
    if not outdir.exists():
        os.replace(staging, outdir)
        return
    retired = outdir.with_name(f".{outdir.name}.old-{os.getpid()}")
    os.replace(outdir, retired)
    try:
        os.replace(staging, outdir)
    except OSError:
        os.replace(retired, outdir)  # put the previous outputs back
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def schedules_of(rows: tuple[RosterRow, ...], planner: Planner) -> Iterator[Schedule]:
    """The rows' schedules, one at a time, closed days named in the command line's language (worklist)."""
    for row in rows:
        yield build_schedule(plan_for(planner, row, own_language=False))
