"""Use case: a batch run over a roster, one file per patient and format, plus the ward calendar and CSV.

The whole roster is checked (every plan built) before anything is written. Files go to a staging folder
beside OUTDIR that replaces OUTDIR only at the end (:mod:`il2sched.sources.outdir`), so a failed or
interrupted run leaves the previous outputs as they were. Patients are rendered in worker processes on every
core, and the ward files are streamed as results arrive, so memory stays flat however long the roster is.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any, BinaryIO

from il2sched.app.formats import SCHEDULE_FORMATS
from il2sched.app.generate import previous_of, reminder_notes, stamp_of
from il2sched.app.planning import Planner, input_files
from il2sched.app.requests import ScheduleOptions
from il2sched.app.roster import WARD, WARD_FILES, plan_for, read_checked_roster
from il2sched.core.schedule import build_schedule
from il2sched.errors import InvalidValue
from il2sched.sources.outdir import StagedFolder, check_outdir, read_previous, write_file
from il2sched.sources.roster import RosterRow
from il2sched.sources.signals import signals_held, worker_signals


@dataclass(frozen=True, slots=True)
class BatchRequest:
    """Every patient's files from a roster, plus the ward calendar and CSV, into one folder."""

    roster: str
    outdir: str
    formats: tuple[str, ...] = ("ics", "csv")
    options: ScheduleOptions = field(default_factory=ScheduleOptions)
    jobs: int | None = None  # None: every core
    stamp: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class BatchJob:
    """What a batch run writes: settings, formats, where, when (the stamp) and on how many processes."""

    settings: ScheduleOptions
    formats: tuple[str, ...]
    outdir: Path
    stamp: dt.datetime
    jobs: int = 1


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What a batch run wrote, and how many doses closed days affect across the roster."""

    names: tuple[str, ...]
    patients: int
    affected: tuple[tuple[str, int], ...]  # (status, doses), by status
    patients_affected: int
    notes: tuple[str, ...] = ()  # for the user, in the request's language
    cleaned: tuple[str, ...] = ()  # leftovers of earlier killed runs this run removed, in words


def check_formats(formats: tuple[str, ...]) -> tuple[str, ...]:
    """The wanted formats, each once, or a one-line error naming the unknown ones."""
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in formats if f.strip()))
    unknown = [f for f in wanted if f not in SCHEDULE_FORMATS]
    if not wanted or unknown:
        listed = ", ".join(unknown) or "(none)"
        raise InvalidValue(
            f"unknown format {listed} in -f: use a comma-separated list of {', '.join(SCHEDULE_FORMATS)}"
        )
    return wanted


def run(
    request: BatchRequest,
    started: Callable[[int], None] = lambda total: None,
    advance: Callable[[int], None] = lambda n: None,
    note: Callable[[str], None] = lambda text: None,
) -> BatchResult:
    """Check the roster, write every output into a staging folder, and swap it in for the output folder.

    ``started`` is told how many patients there are once the roster is checked; ``advance`` is called as
    each patient's files are written (a progress bar); ``note`` hears, as it happens, of each leftover of an
    earlier killed run that this run removed.
    """
    formats = check_formats(request.formats)
    outdir = check_outdir(request.outdir)  # a bad -d fails before the roster is read
    rows, checker = read_checked_roster(request.roster, request.options)
    job = BatchJob(
        request.options, formats, outdir, stamp_of(request.stamp), request.jobs or os.cpu_count() or 1
    )
    names = [*(f"{row.patient}{SCHEDULE_FORMATS[f].suffix}" for row in rows for f in formats), *WARD_FILES]
    with StagedFolder(outdir) as staging:
        for line in staging.cleaned:
            note(line)
        staging.check_names(names, input_files(request.options, request.roster, rows))
        started(len(rows))
        _write_all(rows, job, staging, checker.instants, advance)
        staging.commit(names)
    affected = tuple(sorted(checker.affected.items()))
    texts = checker.planner.texts()
    notes = [texts("batch.wrote", files=len(names), patients=len(rows), outdir=request.outdir)]
    if affected:
        counts = ", ".join(texts.labelled(texts.status(status), n) for status, n in affected)
        line = texts(
            "note.batch_affected", affected=checker.patients_affected, patients=len(rows), counts=counts
        )
        notes.append(f"note: {line}")
    notes += reminder_notes(request.options, checker.all_day, texts)
    return BatchResult(
        tuple(names), len(rows), affected, checker.patients_affected, tuple(notes), tuple(staging.cleaned)
    )


# --- the worker side: one process renders one patient's files -------------------------------------------

_worker: dict[str, Any] = {}


def _init_worker(job: BatchJob, staging: str, coordinator: int | None = None) -> None:
    if coordinator is not None:
        worker_signals(coordinator)
    _worker.update(job=job, staging=Path(staging), planner=Planner(job.settings))


def _render_patient(row: RosterRow) -> tuple[bytes, bytes]:
    """Write one patient's files into the staging folder; return its ward events and ward CSV rows."""
    job: BatchJob = _worker["job"]
    planner: Planner = _worker["planner"]
    staging: Path = _worker["staging"]
    schedule = build_schedule(plan_for(planner, row))
    name = f"{row.patient}.ics"
    previous = previous_of(read_previous(job.outdir, name), str(job.outdir / name))
    options = planner.options(job.stamp, lang=row.lang, site=row.site, previous=previous)
    rendered: dict[str, bytes] = {}
    for name in job.formats:
        fmt = SCHEDULE_FORMATS[name]
        rendered[name] = fmt.renderer()(schedule, options)
        write_file(staging, f"{row.patient}{fmt.suffix}", rendered[name])
    # The ward calendar holds every patient, in the ward's language: its titles start with the patient's code,
    # as the patient's own calendar's do (but for --private, whose own titles are neutral and code-less).
    ward_options = planner.options(job.stamp, site=row.site, previous=previous, shared=True)
    same_language = (row.lang or job.settings.lang) == job.settings.lang
    ics = (
        rendered["ics"]
        if same_language and "ics" in rendered and not job.settings.private
        else SCHEDULE_FORMATS["ics"].renderer()(schedule, ward_options)
    )
    table = (
        rendered["csv"]
        if same_language and "csv" in rendered
        else SCHEDULE_FORMATS["csv"].renderer()(schedule, ward_options)
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


def _results(rows: tuple[RosterRow, ...], job: BatchJob, staging: Path) -> Iterator[tuple[bytes, bytes]]:
    if job.jobs <= 1 or len(rows) < 2 * job.jobs:
        _init_worker(job, str(staging))
        yield from map(_render_patient, rows)
        return
    # fork shares the loaded modules and caches; elsewhere the default start method is used.
    method = "fork" if "fork" in _start_methods() else None
    with signals_held():  # a Ctrl-C while the workers start reaches them only once they ignore it
        pool = get_context(method).Pool(job.jobs, _init_worker, (job, str(staging), os.getpid()))
    with pool:
        yield from pool.imap(_render_patient, rows, chunksize=max(1, min(64, len(rows) // (job.jobs * 8))))


def _start_methods() -> list[str]:
    from multiprocessing import get_all_start_methods

    return get_all_start_methods()


def _write_all(
    rows: tuple[RosterRow, ...],
    job: BatchJob,
    staging: StagedFolder,
    instants: set[dt.datetime],
    advance: Callable[[int], None],
) -> None:
    with staging.open(f"{WARD}.ics") as ward_ics, staging.open(f"{WARD}.csv") as ward_csv:
        _ward_headers(rows, job, instants, ward_ics, ward_csv)
        for events, csv_rows in _results(rows, job, staging.path):
            ward_ics.write(events)
            ward_csv.write(csv_rows)
            advance(1)
        ward_ics.write(b"END:VCALENDAR\r\n")


def _ward_headers(
    rows: tuple[RosterRow, ...],
    job: BatchJob,
    instants: set[dt.datetime],
    ward_ics: BinaryIO,
    ward_csv: BinaryIO,
) -> None:
    from il2sched.export.csv import header
    from il2sched.export.ics import calendar_head

    planner = Planner(job.settings)
    texts = planner.texts()
    trial = (rows[0].regimen or planner.regimen(job.settings.regimen)).trial_id
    tz = job.settings.tz if instants and job.settings.tz != "UTC" else None
    name = texts("private.ward_name") if job.settings.private else texts("ward_name", trial=trial)
    ward_ics.write(calendar_head(texts, name, tz, sorted(instants)))
    ward_csv.write(header(job.settings.excel))
