"""Use cases: a roster brought into the ward record (``patients import``) and the ward record's patients
written as a roster (``patients export``).

An import is all rows or none: the whole roster is read and every row checked down to its schedule, then
every patient is added in one transaction, each with its own entry of the audit trail. An export is a roster
the roster reader accepts (every patient under treatment, each cell the stored value as one would type it),
written whole or not at all; importing it into an empty record gives the same patients.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from il2sched.app.generate import body_size_notes, reminder_notes, schedule_notes
from il2sched.app.options import Kind, Option, Raw, dump
from il2sched.app.patients import absolute, regimen_copy, stored_new
from il2sched.app.requests import ScheduleOptions, parse_command, schedule_options
from il2sched.app.roster import COLUMNS, plan_for, read_checked_roster
from il2sched.app.stored import shared_options, ward_patients
from il2sched.app.ward import StoredPatient, open_ward
from il2sched.app.ward_commands import PATIENTS_EXPORT, PATIENTS_IMPORT
from il2sched.core.audit import Entry
from il2sched.core.schedule import build_schedule
from il2sched.export.csv import neutralize
from il2sched.sources.locale import texts_for
from il2sched.sources.roster import RosterRow
from il2sched.store.patients import NewPatient, add_patients

#: The most notes an import prints (a holiday in a patient's plan...) before saying how many more there are.
_NOTES = 10
#: The columns that are not a patient's options: who and when (first in an exported roster).
_IDENTITY = ("patient", "start")
#: An exported roster's columns: who and when, then the options in their declared order.
_EXPORTED = tuple(
    [pair for name in _IDENTITY for pair in COLUMNS if pair[1].name == name]
    + [pair for pair in COLUMNS if pair[1].name not in _IDENTITY]
)


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import added: one entry per patient, in the roster's order, and the line saying so."""

    entries: tuple[Entry, ...]
    message: str
    notes: tuple[str, ...] = ()


def row_options(options: ScheduleOptions, row: RosterRow) -> ScheduleOptions:
    """``options`` (the command line's) with ``row``'s own cells applied, parsed as the roster reader
    parses them: the options the patient is stored with."""
    by_column = {column.name: (option, column) for option, column in COLUMNS}
    fields: dict[str, Any] = {}
    for name, text in row.cells:
        option, column = by_column[name]
        if name in _IDENTITY:
            continue
        if column.split:
            fields[option.field] = option.collect(tuple(option.parse(part) for part in text.split()))
        else:
            fields[option.field] = option.parse(text)
    return replace(options, **fields)


def import_roster(roster: str, raw: Mapping[str, Raw]) -> Imported:
    """``patients import ROSTER.csv``: every row a patient of the ward record (created on first use), the
    command line's options for the cells a row leaves empty; all rows or none."""
    values = parse_command(PATIENTS_IMPORT, raw)
    options = schedule_options(values)
    rows, checker = read_checked_roster(roster, options)  # every bad row listed, nothing stored
    planner, copies = checker.planner, dict[str, str]()
    added: list[NewPatient] = []
    notes: list[str] = []
    for row in rows:  # each as 'patients add' stores it, with the roster's one planner (its regimens, once)
        own = absolute(row_options(options, row))
        schedule = build_schedule(plan_for(planner, row))
        if own.regimen not in copies:
            copies[own.regimen] = regimen_copy(own.regimen, schedule.regimen)
        added.append(stored_new(row.patient, row.start, own, schedule.regimen, copies[own.regimen]))
        texts = planner.texts(own.lang)
        notes += body_size_notes(schedule, texts) + schedule_notes(schedule, texts)
        notes += reminder_notes(own, schedule.plan.time is None, texts)
    with open_ward(values["db"], create=True) as store:
        entries = add_patients(store, added, values["by"], values["reason"] or "")
    texts = texts_for(options.lang)
    notes = list(dict.fromkeys(notes))
    if len(notes) > _NOTES:  # a whole ward's holidays would bury the message: the first, then how many more
        notes = [*notes[:_NOTES], "note: " + texts("ward.more_notes", count=len(notes) - _NOTES)]
    message = texts(
        "ward.imported", count=len(entries), roster=roster, first=entries[0].number, last=entries[-1].number
    )
    return Imported(tuple(entries), message, tuple(notes))


def export_roster(raw: Mapping[str, Raw]) -> tuple[bytes, str, tuple[str, ...]]:
    """``patients export -o ROSTER.csv``: the roster of every patient under treatment, where it goes, and
    the notes (the options the patients share, which the command reading the roster must be given)."""
    values = parse_command(PATIENTS_EXPORT, raw)
    patients = ward_patients(values["db"])
    shared = shared_options(patients)
    data = roster_bytes(patients)
    given = _shared_given(shared)
    notes = (
        (f"note: these patients share {' '.join(given)}: give it to the command that reads the roster",)
        if given
        else ()
    )
    return data, values["output"], notes


def roster_bytes(patients: Sequence[StoredPatient]) -> bytes:
    """The roster of ``patients`` (UTF-8, CRLF): every column, each cell the stored value as typed."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for _, column in _EXPORTED])
    for patient in patients:
        options = replace(patient.options, regimen=patient.regimen_name)
        # A free text (a site) a spreadsheet would run as a formula gains an apostrophe, as in every CSV.
        writer.writerow([neutralize(_cell(option, patient, options)) for option, _ in _EXPORTED])
    return out.getvalue().encode("utf-8")


def _cell(option: Option, patient: StoredPatient, options: ScheduleOptions) -> str:
    if option.name == "patient":
        return patient.code
    if option.name == "start":
        return patient.start.isoformat()
    value = getattr(options, option.field)
    if option.kind is Kind.MANY:
        return " ".join(option.show(item) for item in option.items(value))
    return "" if value is None else option.show(value)


def _shared_given(shared: ScheduleOptions) -> list[str]:
    """The options that give ``shared`` where it differs from the defaults, as typed (``--on-holiday
    shift``), a roster column's excepted (each row says those)."""
    from il2sched.app.option_table import SCHEDULE_OPTIONS

    defaults, columns = ScheduleOptions(), {option.field for option, _ in COLUMNS}
    given: list[str] = []
    for option in SCHEDULE_OPTIONS:
        value = getattr(shared, option.field)
        if option.field in columns or value == getattr(defaults, option.field):
            continue
        if option.kind is Kind.FLAG:
            given += [f"--{option.name}"] if value == option.sets else []
        elif option.kind is Kind.MANY:
            given += [f"--{option.name} {text}" for text in dump(option, value) or ()]  # type: ignore[union-attr]
        elif value is not None:
            given.append(f"--{option.name} {option.show(value)}")
    return given
