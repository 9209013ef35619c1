"""Patients in the ward record, on SQLite and PostgreSQL: added once with a copy of their regimen, changed by
entries with who and why, read back whole by the application (load_patient) for every later use."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

from helpers import one_line_error, run_cli
from ward_db import ward_url

from il2sched.app.requests import ScheduleOptions
from il2sched.app.ward import Status, active_patients, load_patient, open_ward, patient_schedule, status_of
from il2sched.core.audit import Action, first_break
from il2sched.core.record import DoseRecord, DoseRef, Outcome
from il2sched.core.schedule import Policy
from il2sched.store.records import add_record
from il2sched.store.trail import entries

__all__ = ["ward_url"]

REGIMEN = Path(__file__).resolve().parent.parent / "samples" / "regimens" / "escalation.toml"


def add(url: str, code: str, *more: str, start: str = "2026-04-27") -> None:
    result = run_cli("patients", "add", code, "--start", start, "--by", "AB", "--db", url, *more)
    assert result.exit_code == 0, result.output
    assert f"patient {code}" in result.stdout


def test_a_patient_is_stored_with_its_options_and_read_back(ward_url: str) -> None:
    add(ward_url, "P-014", "--time", "09:00", "--on-holiday", "shift", "--delay", "3:1", "--lang", "fr")
    store = open_ward(ward_url)
    patient = load_patient(store, "p-014")  # whatever the letters' case
    assert patient.code == "P-014" and patient.start == dt.date(2026, 4, 27)
    assert patient.regimen.id == "nct01840046" and patient.regimen_name == "nct01840046"
    assert patient.options == ScheduleOptions(
        time=dt.time(9), policy=Policy.SHIFT, delays={3: 1}, lang="fr", closed=(), regimen="nct01840046"
    )
    assert patient.delays == {3: 1} and patient.records == () and patient.withdrawal is None
    schedule = patient_schedule(patient)
    assert len(schedule.given) == 20 and schedule.plan.time == dt.time(9)
    assert status_of(patient, schedule) is Status.ACTIVE
    store.close()


def test_a_later_edit_of_the_regimen_file_cannot_change_a_stored_plan(ward_url: str, tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(REGIMEN.read_text(encoding="utf-8"), encoding="utf-8")
    add(ward_url, "E-1", "--regimen", str(mine), start="2026-04-28")
    before = patient_schedule(load_patient(open_ward(ward_url), "E-1"))
    mine.write_text(mine.read_text(encoding="utf-8").replace("1_000_000", "9_000_000"), encoding="utf-8")
    after = patient_schedule(load_patient(open_ward(ward_url), "E-1"))
    assert [a.dose_iu for a in after.administrations] == [a.dose_iu for a in before.administrations]
    mine.unlink()
    assert load_patient(open_ward(ward_url), "E-1").regimen == before.regimen


def test_changes_are_entries_applied_in_order(ward_url: str) -> None:
    add(ward_url, "P-1")
    for args in (
        ("patients", "delay", "P-1", "3:1", "--reason", "neutropenia", "--by", "CD"),
        ("patients", "set", "P-1", "--time", "10:30", "--lang", "fr", "--reason", "ward hours", "--by", "AB"),
        ("patients", "delay", "P-1", "3:2", "--reason", "still low", "--by", "CD"),
    ):
        result = run_cli(*args, "--db", ward_url)
        assert result.exit_code == 0, result.output
    store = open_ward(ward_url)
    patient = load_patient(store, "P-1")
    assert (
        patient.delays == {3: 2} and patient.options.time == dt.time(10, 30) and patient.options.lang == "fr"
    )
    assert [e.action for e in patient.changes] == ["patient.delay", "patient.set", "patient.delay"]
    assert [e.reason for e in patient.changes] == ["neutropenia", "ward hours", "still low"]
    with store.reading() as conn:
        trail = list(entries(conn))
    assert [e.number for e in trail] == [1, 2, 3, 4] and first_break(trail) is None
    assert all(e.at.tzinfo is dt.UTC and e.at <= dt.datetime.now(dt.UTC) for e in trail)


def test_a_code_is_added_once_whatever_its_case(ward_url: str) -> None:
    add(ward_url, "P-1")
    result = run_cli("patients", "add", "p-1", "--start", "2026-05-04", "--by", "CD", "--db", ward_url)
    one_line_error(result, "patient P-1 is already in the ward record", "by AB")


def test_withdrawn_and_finished_patients_are_not_active(ward_url: str) -> None:
    for code in ("A-1", "A-2", "A-3"):
        add(ward_url, code)
    result = run_cli("patients", "withdraw", "A-2", "--reason", "consent", "--by", "AB", "--db", ward_url)
    assert result.exit_code == 0, result.output
    one_line_error(
        run_cli("patients", "withdraw", "A-2", "--reason", "again", "--by", "AB", "--db", ward_url),
        "already withdrawn",
    )
    store = open_ward(ward_url)
    schedule = patient_schedule(load_patient(store, "A-3"))
    at = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
    for admin in schedule.given:
        given = dt.datetime.combine(admin.date, dt.time(9))
        add_record(store, DoseRecord(0, "A-3", DoseRef(admin.cycle, admin.cycle_day), Outcome.GIVEN, "AB", at,
                                     given_at=given, lot="L1"))  # fmt: skip
    patient = load_patient(store, "A-3")
    assert len(patient.in_force()) == 20 and status_of(patient, schedule) is Status.FINISHED
    assert [p.code for p, _ in active_patients(store)] == ["A-1"]
    assert load_patient(store, "A-2").withdrawal.action == Action.PATIENT_WITHDRAW  # type: ignore[union-attr]


def test_the_default_record_is_private_and_its_folder_too(tmp_path: Path) -> None:
    data = Path(os.environ["XDG_DATA_HOME"])
    result = run_cli("patients", "add", "P-1", "--start", "2026-04-27", "--by", "AB")
    assert result.exit_code == 0, result.output
    folder = data / "il2sched"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "ward.db").stat().st_mode) == 0o600
    own = tmp_path / "shared"
    own.mkdir(mode=0o755)
    os.chmod(own, 0o755)
    result = run_cli(
        "patients", "add", "P-2", "--start", "2026-04-27", "--by", "AB", "--db", str(own / "w.db")
    )
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(own.stat().st_mode) == 0o755  # an existing folder keeps its mode
    assert stat.S_IMODE((own / "w.db").stat().st_mode) == 0o600
