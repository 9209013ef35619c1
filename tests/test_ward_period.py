"""Schedules from the ward record (``WardPlanners.schedules``): patients whose plans differ only in their
code share one run of the engine, and each patient's schedule (whole, or cut to a period) is exactly the
one planned alone, over every period; the options read once for a ward equal each read alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import run_cli
from hypothesis import given
from hypothesis import strategies as st

from il2sched.app.ward import StoredPatient, WardPlanners, load_ward, open_ward, stored_options
from il2sched.store.patients import all_changes, all_patients

#: Patients sharing a start and options (W-1 to W-3, W-6 and W-7), one French and timed, one delayed by a
#: change, one whose time was set later, one moving doses off closed days onto open weekends.
ENROL = (
    ("add", "W-1", "--start", "2026-04-27"),
    ("add", "W-2", "--start", "2026-04-27"),
    ("add", "W-3", "--start", "2026-04-27"),
    ("add", "W-4", "--start", "2026-04-27", "--time", "08:30", "--lang", "fr"),
    ("add", "W-5", "--start", "2026-05-04", "--on-holiday", "shift", "--open-weekends"),
    ("add", "W-6", "--start", "2026-05-04"),
    ("add", "W-7", "--start", "2026-05-04"),
    ("delay", "W-2", "2:1", "--reason", "neutropenia"),
    ("set", "W-3", "--time", "14:00", "--reason", "afternoon clinic"),
)


@pytest.fixture(scope="module")
def ward_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('ward')) / 'ward.db'}"
    for args in ENROL:
        result = run_cli("patients", *args, "--by", "AB", "--db", url)
        assert result.exit_code == 0, result.output
    return url


@pytest.fixture(scope="module")
def ward(ward_db: str) -> tuple[StoredPatient, ...]:
    store = open_ward(ward_db)
    try:
        return load_ward(store)
    finally:
        store.close()


def test_options_read_once_for_a_ward_equal_each_read_alone(
    ward_db: str, ward: tuple[StoredPatient, ...]
) -> None:
    by_code = {p.code: p for p in ward}
    assert by_code["W-1"].options is by_code["W-6"].options  # the same stored options: read once
    assert by_code["W-2"].options.delays == {2: 1} and by_code["W-1"].options.delays == {}
    assert by_code["W-3"].options.time == dt.time(14, 0) and by_code["W-1"].options.time is None
    store = open_ward(ward_db)
    try:
        with store.reading() as conn:
            rows, changes = list(all_patients(conn)), all_changes(conn)
    finally:
        store.close()
    assert [r.code for r in rows] == [p.code for p in ward]
    for row in rows:
        assert by_code[row.code].options == stored_options(row.options, changes.get(row.code, ()))


@given(
    first=st.dates(dt.date(2026, 4, 20), dt.date(2026, 8, 1)),
    days=st.integers(1, 40),
    lang=st.sampled_from([None, "en", "fr"]),
)
def test_each_patients_period_is_its_schedule_planned_alone(
    ward: tuple[StoredPatient, ...], first: dt.date, days: int, lang: str | None
) -> None:
    last = first + dt.timedelta(days=days - 1)
    shared = list(WardPlanners().schedules(ward, lang, (first, last)))
    assert [s.plan.patient for s in shared] == [p.code for p in ward]
    for patient, schedule in zip(ward, shared, strict=True):
        alone = WardPlanners().schedule(patient, lang)
        assert schedule.plan == alone.plan and schedule.doses == alone.doses
        assert schedule.administrations == tuple(a for a in alone.administrations if first <= a.date <= last)
        assert {a.patient for a in schedule.administrations} <= {patient.code}


@pytest.mark.parametrize("lang", [None, "fr"])
def test_each_patients_whole_schedule_is_the_one_planned_alone(
    ward: tuple[StoredPatient, ...], lang: str | None
) -> None:
    shared = list(WardPlanners().schedules(ward, lang))
    assert shared == [WardPlanners().schedule(patient, lang) for patient in ward]
    assert [{a.patient for a in s.administrations} for s in shared] == [{p.code} for p in ward]
