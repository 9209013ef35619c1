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
from typing import BinaryIO

from il2sched.app.formats import SCHEDULE_FORMATS
from il2sched.app.generate import previous_of, reminder_notes, stamp_of
from il2sched.app.planning import Planner, input_files
from il2sched.app.requests import ScheduleOptions
from il2sched.app.roster import WARD, WARD_FILES, RowChecker, plan_for, read_checked_roster
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
    rows: tuple[RosterRow, ...] | None = None  # the ward record's patients (--db) in place of a roster file


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
    printed = any(SCHEDULE_FORMATS[f].module.startswith("print.") for f in formats)
    if request.rows is None:
        rows, checker = read_checked_roster(request.roster, request.options, printed)
    else:  # the ward record's patients, each checked down to its schedule like a roster's rows
        rows, checker = request.rows, RowChecker(Planner(request.options), printed)
        for row in rows:
            checker(row)
    job = BatchJob(
        request.options, formats, outdir, stamp_of(request.stamp), request.jobs or os.cpu_count() or 1
    )
    names = [*(f"{row.patient}{SCHEDULE_FORMATS[f].suffix}" for row in rows for f in formats), *WARD_FILES]
    with StagedFolder(outdir) as staging:
        for line in staging.cleaned:
            note(line)
        staging.check_names(names, input_files(request.options, request.roster or None, rows))
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


@dataclass(frozen=True, slots=True)
class WardShare:
    """One patient's part of the ward files: its calendar events and CSV rows, as those files hold them."""

    events: bytes
    rows: bytes


class PatientFiles:
    """Writes each patient's files into the staging folder and gives back its :class:`WardShare`; one per
    process (the planner it builds caches what patients share)."""

    def __init__(self, job: BatchJob, staging: Path) -> None:
        self.job = job
        self.staging = staging
        self.planner = Planner(job.settings)

    def __call__(self, row: RosterRow) -> WardShare:
        from il2sched.export import csv, ics

        job, planner = self.job, self.planner
        schedule = build_schedule(plan_for(planner, row))
        name = f"{row.patient}.ics"
        previous = previous_of(read_previous(job.outdir, name), str(job.outdir / name))
        options = planner.options(job.stamp, lang=row.lang, site=row.site, previous=previous)
        # The calendar's events and the CSV's rows are kept as values: the ward files reuse them.
        events: tuple[bytes, ...] | None = None
        rows: bytes | None = None
        for fmt in (SCHEDULE_FORMATS[f] for f in job.formats):
            if fmt.name == "ics":
                parts = ics.calendar_parts(schedule, options)
                events, data = parts.events, parts.to_bytes()
            elif fmt.name == "csv":
                rows = csv.body(schedule, options)
                data = csv.header(options.excel) + rows
            else:
                data = fmt.renderer()(schedule, options)
            write_file(self.staging, f"{row.patient}{fmt.suffix}", data)
        # The ward files hold every patient in the ward's language: its calendar's titles start with the
        # patient's code, as the patient's own calendar's do (but for --private, whose own are code-less).
        ward = planner.options(job.stamp, site=row.site, previous=previous, shared=True)
        same_language = (row.lang or job.settings.lang) == job.settings.lang
        if not same_language:  # the closed days' names too
            schedule = build_schedule(plan_for(planner, row, own_language=False))
        if events is None or not same_language or job.settings.private:
            events = ics.calendar_parts(schedule, ward).events
        if rows is None or not same_language:
            rows = csv.body(schedule, ward)
        return WardShare(b"".join(events), rows)


#: This worker process's :class:`PatientFiles`, made by the pool's initializer (:func:`_start_worker`): a
#: pool hands each task only a row, so what every task needs is made once per process and found here.
_patient_files: PatientFiles | None = None


def _start_worker(job: BatchJob, staging: Path, coordinator: int) -> None:
    global _patient_files
    worker_signals(coordinator)
    _patient_files = PatientFiles(job, staging)


def _write_patient(row: RosterRow) -> WardShare:
    assert _patient_files is not None, "a worker process starts with _start_worker"
    return _patient_files(row)


# --- the coordinator side --------------------------------------------------------------------------------


def _results(rows: tuple[RosterRow, ...], job: BatchJob, staging: Path) -> Iterator[WardShare]:
    if job.jobs <= 1 or len(rows) < 2 * job.jobs:
        yield from map(PatientFiles(job, staging), rows)
        return
    # fork shares the loaded modules and caches; elsewhere the default start method is used.
    method = "fork" if "fork" in _start_methods() else None
    with signals_held():  # a Ctrl-C while the workers start reaches them only once they ignore it
        pool = get_context(method).Pool(job.jobs, _start_worker, (job, staging, os.getpid()))
    with pool:
        yield from pool.imap(_write_patient, rows, chunksize=max(1, min(64, len(rows) // (job.jobs * 8))))


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
    from il2sched.export.ics import CALENDAR_END

    with staging.open(f"{WARD}.ics") as ward_ics, staging.open(f"{WARD}.csv") as ward_csv:
        _ward_headers(rows, job, instants, ward_ics, ward_csv)
        for share in _results(rows, job, staging.path):
            ward_ics.write(share.events)
            ward_csv.write(share.rows)
            advance(1)
        ward_ics.write(CALENDAR_END)


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
