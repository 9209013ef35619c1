"""The ward record as the use cases see it: a stored patient with everything its plan and its report need.

:func:`load_patient` gives one patient: the code, the start, the regimen parsed from the copy of its file
stored when the patient was added (a later edit of the file cannot change a past plan), the options as
stored with every later change applied in order (delays included), the changes themselves and every dose
record. :func:`patient_schedule` plans it from that stored truth alone; :func:`active_patients` gives every
patient still under treatment with their schedules. ``generate --db``, the worklist, ``patients list``,
``record`` and the report all start here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from operator import attrgetter
from typing import Any

from il2sched.app.planning import Planner
from il2sched.app.requests import DEFAULT_REGIMEN, ScheduleOptions, options_from_record
from il2sched.core.audit import Action, Entry
from il2sched.core.dosing import body_size
from il2sched.core.record import DoseRecord, DoseRef, in_force
from il2sched.core.regimen import Regimen, parse_regimen
from il2sched.core.schedule import Administration, Schedule, build_schedule, check_patient_code
from il2sched.errors import StoreError
from il2sched.store.database import Store, open_store
from il2sched.store.location import locate
from il2sched.store.patients import PatientRow, all_changes, all_patients, find_patient, patient_changes
from il2sched.store.records import all_records, patient_records


class Status(StrEnum):
    """Where a patient's course is."""

    ACTIVE = "active"  # a planned dose has no record yet
    FINISHED = "finished"  # every dose to give has a record in force
    WITHDRAWN = "withdrawn"  # withdrawn from the trial (patients withdraw)


@dataclass(frozen=True, slots=True)
class StoredPatient:
    """A patient of the ward record, as stored, with every later change applied."""

    code: str
    start: dt.date
    regimen: Regimen  # parsed from the stored copy of its file
    regimen_name: str  # as given when the patient was added: a built-in name or a file's path
    regimen_version: str
    regimen_source: str  # the regimen file's text when the patient was added
    options: ScheduleOptions  # as added, then each set and delay in order (options.regimen: regimen_name)
    added: int  # the entry that added the patient
    changes: tuple[Entry, ...] = ()  # option sets, delays, the withdrawal, in order
    records: tuple[DoseRecord, ...] = ()  # every record, corrections and what they replaced, in order

    @property
    def delays(self) -> Mapping[int, int]:
        """Cycle number -> weeks postponed, as stored (``patients delay``)."""
        return self.options.delays

    @property
    def withdrawal(self) -> Entry | None:
        """The entry that withdrew the patient, if any."""
        return next((e for e in self.changes if e.action == Action.PATIENT_WITHDRAW), None)

    def in_force(self) -> dict[DoseRef, DoseRecord]:
        """The record in force for each recorded dose (the last of each chain of corrections)."""
        return in_force(self.records)


def open_ward(db: str | None, *, create: bool = False, any_layout: bool = False) -> Store:
    """The ward record ``db`` names (``--db``; None: ``IL2SCHED_DB``, else the user's data folder's file),
    created when ``create`` and missing."""
    return open_store(locate(db), create=create, any_layout=any_layout)


def stored_options(
    options: Mapping[str, Any], changes: Iterable[Entry], read: _ReadOptions | None = None
) -> ScheduleOptions:
    """The options as stored when a patient was added, with each change's new values applied in order;
    ``read``: the options already read for other patients (a ward's patients share a few sets, and
    checking each value again as if typed was most of loading a ward)."""
    sets = [c.detail["options"] for c in changes if c.detail.get("options")]
    if read is not None and not sets:  # as added: rows with the same stored text share its mapping
        known = read.unchanged.get(id(options))
        if known is None or known[0] is not options:
            known = read.unchanged[id(options)] = (options, options_from_record(options))
        return known[1]
    record = dict(options)
    for change in sets:
        record.update(change)
    if read is None:
        return options_from_record(record)
    key = json.dumps(record, sort_keys=True)
    if key not in read.changed:
        read.changed[key] = options_from_record(record)
    return read.changed[key]


class _ReadOptions:
    """Stored options already read in one load: by the (shared, read-only) mapping of patients as added,
    and by their JSON for those with later changes (the mapping is kept, so its id cannot be reused)."""

    def __init__(self) -> None:
        self.unchanged: dict[int, tuple[Mapping[str, Any], ScheduleOptions]] = {}
        self.changed: dict[str, ScheduleOptions] = {}


class _Reads:
    """What one load has read already: stored regimen texts parsed once each (a ward shares a few), called
    with a row; and the stored options read once each (``options``)."""

    def __init__(self) -> None:
        self._parsed: dict[str, Regimen] = {}
        self.options = _ReadOptions()

    def __call__(self, row: PatientRow) -> Regimen:
        if row.regimen_source not in self._parsed:
            self._parsed[row.regimen_source] = parse_regimen(
                row.regimen_source, f"the stored regimen of patient {row.code}"
            )
        return self._parsed[row.regimen_source]


def _patient(
    row: PatientRow, changes: Iterable[Entry], records: Iterable[DoseRecord], reads: _Reads
) -> StoredPatient:
    changes = tuple(changes)
    return StoredPatient(
        row.code, row.start, reads(row), row.regimen, row.regimen_version, row.regimen_source,
        stored_options(row.options, changes, reads.options), row.entry, changes, tuple(records),
    )  # fmt: skip


def unknown_patient(store: Store, code: str) -> StoreError:
    """The one line for a code the ward record does not hold."""
    return StoreError(
        f"no patient {code} in the ward record {store.location.shown}: 'il2sched patients list' lists them, "
        "'il2sched patients add' adds one"
    )


def load_patient(store: Store, code: str) -> StoredPatient:
    """Patient ``code`` (whatever its letters' case) with its changes and records, read in one transaction."""
    with store.reading() as conn:
        row = find_patient(conn, code)
        if row is None:
            raise unknown_patient(store, code)
        changes = patient_changes(conn, row.code)
        records = patient_records(conn, row.code)
    return _patient(row, changes, records, _Reads())


def load_ward(store: Store) -> tuple[StoredPatient, ...]:
    """Every patient of the ward record, in the order they were added (three queries, whatever the size)."""
    with store.reading() as conn:
        rows = tuple(all_patients(conn))
        changes = all_changes(conn)
        records = all_records(conn)
    reads = _Reads()
    return tuple(_patient(r, changes.get(r.code, ()), records.get(r.code, ()), reads) for r in rows)


#: The options a patient's plan takes one by one (Planner.plan's arguments); the others are shared by the
#: planners of a ward, one planner per set of them.
_PER_PATIENT: dict[str, Any] = {
    "regimen": DEFAULT_REGIMEN, "time": None, "delays": {}, "bsa": None, "height": None, "weight": None,
    "weekends_open": False,
}  # fmt: skip


class WardPlanners:
    """Planners for stored patients: one per set of shared options (holidays, closures, zone...), so a ward
    of thousands costs the holidays and closures of a few."""

    def __init__(self) -> None:
        self._planners: dict[str, Planner] = {}
        # Patients loaded together share their options' object when their stored options agree: its planner
        # is found by identity (the object is kept, so its id cannot be reused), not by a key made each time.
        self._by_object: dict[int, tuple[ScheduleOptions, Planner]] = {}

    def planner(self, options: ScheduleOptions) -> Planner:
        """The planner of ``options``' shared settings (the per-patient ones at their defaults)."""
        known = self._by_object.get(id(options))
        if known is not None and known[0] is options:
            return known[1]
        shared = replace(options, **_PER_PATIENT)
        key = json.dumps(
            {f: repr(getattr(shared, f)) for f in shared.__dataclass_fields__ if f not in _PER_PATIENT},
            sort_keys=True,
        )
        if key not in self._planners:
            self._planners[key] = Planner(shared)
        self._by_object[id(options)] = (options, self._planners[key])
        return self._planners[key]

    def schedule(self, patient: StoredPatient, lang: str | None = None) -> Schedule:
        """``patient``'s schedule from its stored truth; closed days named in ``lang`` (default: the
        patient's language)."""
        o = patient.options
        plan = self.planner(o).plan(
            patient.code, patient.start, time=o.time, regimen=patient.regimen, delays=dict(o.delays),
            lang=lang or o.lang, body=body_size(o.bsa, o.height, o.weight), weekends_open=o.weekends_open,
        )  # fmt: skip
        return build_schedule(plan)

    def schedules(
        self,
        patients: Iterable[StoredPatient],
        lang: str | None = None,
        period: tuple[dt.date, dt.date] | None = None,
    ) -> Iterator[Schedule]:
        """Each patient's schedule, as :meth:`schedule` gives it; with ``period`` (first, last), cut to the
        administrations dated in it (a worklist's). Patients whose plans differ only in their code (the
        same options, regimen and start: a ward of thousands starts on a few hundred Mondays) share one run
        of the engine, the same schedule with each patient's code."""
        built: dict[tuple[int, int, dt.date], tuple[StoredPatient, Schedule]] = {}
        first, last = period or (dt.date.min, dt.date.max)
        for patient in patients:
            # The engine's result depends on the patient's code only through the code it shows. The key's
            # objects are held by the patient kept beside its schedule, so their ids cannot be reused.
            key = (id(patient.options), id(patient.regimen), patient.start)
            known = built.get(key)
            if known is None:
                known = built[key] = (patient, self.schedule(patient, lang))
            schedule, own = known[1], known[0] is patient  # own: planned for this very patient
            if own and period is None:
                yield schedule
                continue
            code = patient.code if own else check_patient_code(patient.code)  # (the engine checked its own)
            administrations = tuple(
                a if own else Administration(code, *_AFTER_PATIENT(a))  # replace(a, patient=code), 2x quicker
                for a in schedule.administrations
                if first <= a.date <= last
            )
            plan = schedule.plan if own else replace(schedule.plan, patient=code)
            yield Schedule(plan, administrations, schedule.doses)


#: An administration's fields after its patient, in order (the first is the patient: tests/test_ward_period).
_AFTER_PATIENT = attrgetter(*(f.name for f in fields(Administration)[1:]))


def patient_schedule(patient: StoredPatient, planners: WardPlanners | None = None) -> Schedule:
    """``patient``'s schedule, planned from the stored regimen and options alone."""
    return (planners or WardPlanners()).schedule(patient)


def status_of(patient: StoredPatient, schedule: Schedule) -> Status:
    """Withdrawn, finished (every dose to give has a record in force) or active."""
    if patient.withdrawal is not None:
        return Status.WITHDRAWN
    recorded = patient.in_force()
    planned = {DoseRef(a.cycle, a.cycle_day) for a in schedule.given}
    return Status.FINISHED if planned <= set(recorded) else Status.ACTIVE


def active_patients(store: Store) -> tuple[tuple[StoredPatient, Schedule], ...]:
    """Every patient still under treatment (neither withdrawn nor finished), with their schedules."""
    patients = [p for p in load_ward(store) if p.withdrawal is None]
    schedules = WardPlanners().schedules(patients)
    return tuple(
        (patient, schedule)
        for patient, schedule in zip(patients, schedules, strict=True)
        if status_of(patient, schedule) is Status.ACTIVE
    )
