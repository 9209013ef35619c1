"""Recording doses in the ward record, on SQLite and PostgreSQL: the issue's scripted course from a start of
2026-04-27 (a cycle 2 dose given on the Saturday, cycle 3 day 2 refused, cycle 4 day 1 ten days late, a lot
change mid-cycle, a correction), and every refusal as one line that changes nothing."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from helpers import one_line_error, run_cli
from ward_db import ward_url

from il2sched.app.ward import Status, load_patient, open_ward, patient_schedule, status_of
from il2sched.core.audit import first_break
from il2sched.core.record import DoseRef, InjectionSite, NotGivenReason, YearMonth
from il2sched.store.trail import entries

__all__ = ["ward_url"]

CODE = "P-0001"


def cli(url: str, *args: str) -> str:
    result = run_cli(*args, "--db", url)
    assert result.exit_code == 0, result.output
    return result.stdout


def give(url: str, dose: str, when: str, lot: str = "A1", expiry: str = "2027-01", *more: str) -> str:
    return cli(
        url,
        "record",
        CODE,
        "--dose",
        dose,
        "--given",
        when,
        "--lot",
        lot,
        "--expiry",
        expiry,
        "--site",
        "abdomen-left",
        "--by",
        "AB",
        *more,
    )


def entry_count(url: str) -> int:
    store = open_ward(url)
    with store.reading() as conn:
        count = len(list(entries(conn)))
    store.close()
    return count


def scripted_course(url: str) -> None:
    """The issue's course: every dose of the built-in regimen, with its events."""
    cli(url, "patients", "add", CODE, "--start", "2026-04-27", "--by", "CD")
    for day in range(1, 6):
        give(url, f"1:{day}", f"2026-04-{26 + day:02d} 09:00" if day < 5 else "2026-05-01 09:00")
    for day, date in ((1, "11"), (2, "12"), (3, "13")):
        give(url, f"2:{day}", f"2026-05-{date} 09:00")
    give(url, "2:5", "2026-05-15 09:00", "B2", "2027-03")  # a new lot from the Friday on
    give(url, "2:4", "2026-05-16 10:00", "B2", "2027-03")  # Ascension Thursday: given on the Saturday
    give(url, "3:1", "2026-06-01 09:00", "B2", "2027-03")
    cli(
        url,
        "record",
        CODE,
        "--dose",
        "3:2",
        "--not-given",
        "--reason",
        "refused",
        "--note",
        "nausea",
        "--by",
        "AB",
    )
    for day, date in ((3, "03"), (4, "04"), (5, "05")):
        give(url, f"3:{day}", f"2026-06-{date} 09:00", "B2", "2027-03")
    give(url, "4:1", "2026-07-02 09:00", "B2", "2027-03")  # ten days late
    for day, date in ((2, "23"), (3, "24"), (4, "25"), (5, "26")):
        give(url, f"4:{day}", f"2026-06-{date} 09:00", "B2", "2027-03")
    out = cli(
        url,
        "record",
        CODE,
        "--correct",
        "12",
        "--given",
        "2026-06-01 09:30",
        "--lot",
        "B2",
        "--expiry",
        "2027-03",
        "--site",
        "thigh-right",
        "--reason",
        "time misread",
        "--by",
        "AB",
    )
    assert "replacing entry 12" in out


def test_the_scripted_course_is_stored_as_recorded(ward_url: str) -> None:
    scripted_course(ward_url)
    store = open_ward(ward_url)
    patient = load_patient(store, CODE)
    store.close()
    assert len(patient.records) == 21  # 20 doses and a correction
    force = patient.in_force()
    assert len(force) == 20 and status_of(patient, patient_schedule(patient)) is Status.FINISHED
    saturday = force[DoseRef(2, 4)]
    assert saturday.given_at == dt.datetime(2026, 5, 16, 10, 0) and saturday.lot == "B2"
    assert saturday.expiry == YearMonth(2027, 3) and saturday.site is InjectionSite.ABDOMEN_LEFT
    assert force[DoseRef(2, 3)].lot == "A1" and force[DoseRef(2, 5)].lot == "B2"
    refused = force[DoseRef(3, 2)]
    assert not refused.given and refused.reason is NotGivenReason.REFUSED and refused.note == "nausea"
    assert force[DoseRef(4, 1)].given_at == dt.datetime(2026, 7, 2, 9, 0)
    corrected = force[DoseRef(3, 1)]
    assert corrected.replaces == 12 and corrected.correction_reason == "time misread"
    assert (
        corrected.given_at == dt.datetime(2026, 6, 1, 9, 30) and corrected.site is InjectionSite.THIGH_RIGHT
    )
    assert corrected.recorded_at.tzinfo is dt.UTC and corrected.by == "AB"
    assert [r.entry for r in patient.records] == list(range(2, 23))
    assert "holds: 22 entries" in cli(ward_url, "audit", "verify")
    listed = cli(ward_url, "audit", "list", CODE, "--lang", "fr")
    assert "enregistrement corrigé" in listed and "remplace l'entrée 12" in listed and "refusée" in listed


REFUSALS = [
    (("--dose", "1:2", "--given", "2099-01-05 09:00"), "is in the future"),
    (("--dose", "1:2", "--given", "2026-04-26 09:00"), "before patient P-0001's start, 2026-04-27"),
    (("--dose", "5:1", "--given", "2026-04-28 09:00"), "has no dose 5:1"),
    (("--dose", "1:6", "--given", "2026-04-28 09:00"), "has no dose 1:6"),
    (("--dose", "1:2", "--given", "2026-04-28 09:00", "--expiry!", "2026-03"), "expired (2026-03) before"),
    (("--dose", "1:1", "--given", "2026-04-28 09:00"), "already recorded as given at 2026-04-27 09:00 by AB"),
    (("--dose", "1:2", "--given", "2026-04-28 09:00", "--checked-by", "ab"), "a second check is another"),
    (("--dose", "1:2", "--given", "2026-04-28 09:00", "--lot!"), "needs --lot"),
    (("--dose", "1:2", "--given", "2026-04-28 09:00", "--expiry!"), "needs --expiry"),
    (("--dose", "1:2", "--given", "2026-04-28 09:00", "--by!", "A1"), "'A1' are not initials"),
    (("--dose", "1:2", "--given", "2026-04-28 09:00", "--by!", "ABCDE"), "'ABCDE' are not initials"),
    (("--dose", "1:2", "--given", "2026-04-28 09:00", "--checked-by", ""), "are not initials"),
    (("--dose", "1:2", "--given", "2026-04-28 9h"), "is not a time given"),
    (("--dose", "1:2", "--given", "2026-02-30 09:00"), "is not a time given"),
    (("--dose", "1:2", "--not-given", "--lot!", "--expiry!", "--given!"), "needs --reason"),
    (("--dose", "1:2", "--not-given", "--reason", "sleepy", "--lot!", "--expiry!", "--given!"), "'sleepy'"),
    (
        ("--dose", "1:2", "--not-given", "--reason", "refused", "--given!", "--expiry!"),
        "--lot is for a dose given",
    ),
    (("--correct", "1", "--given", "2026-04-28 09:00", "--reason", "x"), "entry 1 is not a dose record"),
    (("--correct", "2", "--given", "2026-04-27 09:05"), "a correction says why with --reason"),
    (("--correct", "2", "--dose", "1:2", "--given", "2026-04-27 09:05", "--reason", "x"), "keeps its dose"),
    (("--given", "2026-04-28 09:00"), "give --dose CYCLE:DAY"),
]


def _args(overrides: tuple[str, ...]) -> list[str]:
    """A record's options: the defaults below, then ``overrides`` (``--name!`` leaves an option out)."""
    values = {"--lot": "A1", "--expiry": "2027-01", "--by": "AB"}
    rest: list[str] = []
    items = list(overrides)
    while items:
        name = items.pop(0)
        if name.endswith("!"):
            values.pop(name[:-1], None)
            if items and not items[0].startswith("--"):
                values[name[:-1]] = items.pop(0)
        elif items and not items[0].startswith("--"):
            rest += [name, items.pop(0)]
        else:
            rest.append(name)
    return rest + [part for pair in values.items() for part in pair]


@pytest.mark.parametrize(("overrides", "words"), REFUSALS, ids=[w for _, w in REFUSALS])
def test_each_refusal_is_one_line_and_changes_nothing(
    ward_url: str, overrides: tuple[str, ...], words: str
) -> None:
    cli(ward_url, "patients", "add", CODE, "--start", "2026-04-27", "--by", "CD")
    give(ward_url, "1:1", "2026-04-27 09:00")
    before = entry_count(ward_url)
    result = run_cli("record", CODE, *_args(overrides), "--db", ward_url)
    one_line_error(result, words)
    assert entry_count(ward_url) == before


def test_already_recorded_names_the_entry_to_correct(ward_url: str) -> None:
    cli(ward_url, "patients", "add", CODE, "--start", "2026-04-27", "--by", "CD")
    cli(ward_url, "record", CODE, "--dose", "1:1", "--not-given", "--reason", "unit-closed", "--by", "EF")
    line = one_line_error(
        run_cli("record", CODE, *_args(("--dose", "1:1", "--given", "2026-04-27 09:00")), "--db", ward_url)
    )
    assert "already recorded as not given (unit-closed) by EF (entry 2); use --correct 2" in line
    cli(
        ward_url,
        "record",
        CODE,
        "--correct",
        "2",
        *_args(("--given", "2026-04-27 09:00", "--reason", "late")),
    )
    line = one_line_error(
        run_cli(
            "record",
            CODE,
            "--correct",
            "2",
            "--not-given",
            "--not-given-reason",
            "other",
            "--reason",
            "again",
            "--by",
            "AB",
            "--db",
            ward_url,
        )
    )
    assert "entry 2 was already corrected by entry 3" in line and "--correct 3" in line


def test_a_double_check_is_asked_when_the_patient_needs_one(ward_url: str) -> None:
    cli(ward_url, "patients", "add", CODE, "--start", "2026-04-27", "--double-check", "--by", "CD")
    one_line_error(
        run_cli("record", CODE, *_args(("--dose", "1:1", "--given", "2026-04-27 09:00")), "--db", ward_url),
        "ask for a second nurse's check: give --checked-by",
    )
    out = cli(
        ward_url,
        "record",
        CODE,
        *_args(("--dose", "1:1", "--given", "2026-04-27 09:00", "--checked-by", "CD")),
    )
    assert "checked by CD" in out


def test_another_patients_record_is_not_corrected_here(ward_url: str) -> None:
    for code in (CODE, "P-0002"):
        cli(ward_url, "patients", "add", code, "--start", "2026-04-27", "--by", "CD")
    give(ward_url, "1:1", "2026-04-27 09:00")
    line = one_line_error(
        run_cli(
            "record",
            "P-0002",
            "--correct",
            "3",
            *_args(("--given", "2026-04-27 09:00", "--reason", "x")),
            "--db",
            ward_url,
        )
    )
    assert "entry 3 is patient P-0001's record, not P-0002's" in line


def test_the_trail_of_the_course_is_chained(ward_url: str) -> None:
    scripted_course(ward_url)
    store = open_ward(ward_url)
    with store.reading() as conn:
        trail = list(entries(conn))
    store.close()
    assert first_break(trail) is None and len(trail) == 22
    assert all(a.at <= b.at for a, b in itertools.pairwise(trail))
