"""Sequences of records through the ward record (hypothesis): whatever nurses type, in whatever order, no
record of a time in the future or before the patient's start is ever accepted, a dose has at most one record
in force, every refusal leaves the record as it was, and the trail still verifies. The verdicts are computed
here from the clock and the start (the zone's offset from :mod:`zoneinfo`), not by il2sched."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profile import examples

from il2sched.app.patients import add, add_request
from il2sched.app.recording import DoseAlreadyRecorded, RecordRequest, record
from il2sched.app.ward import load_patient, open_ward
from il2sched.core.record import DoseRef, InjectionSite, Outcome, YearMonth
from il2sched.errors import Il2schedError
from il2sched.store.verify import verify

START = dt.date(2026, 4, 27)  # cycles in weeks 1, 3, 6 and 9: 27 April to 26 June
NOW = dt.datetime(2026, 5, 20, 10, 0, tzinfo=dt.UTC)  # the clock, mid-course (Paris: 12:00, summer time)
PARIS = ZoneInfo("Europe/Paris")  # the default zone; no change of offset from April to July
REFS = [DoseRef(cycle, day) for cycle in range(1, 5) for day in range(1, 6)]
_names = itertools.count()


@st.composite
def attempts(draw: st.DrawFn) -> list[tuple[DoseRef, dt.datetime, bool]]:
    """Doses recorded (given at a wall time from a week before the start to ten days after the clock) or
    recorded as not given, in any order, the same dose often more than once."""
    refs = st.sampled_from(REFS[:12])  # few doses: repeats are common
    minutes = st.integers(0, (38 * 24 * 60) // 15).map(lambda q: dt.timedelta(minutes=15 * q))
    first = dt.datetime.combine(START - dt.timedelta(days=7), dt.time(0))
    return draw(st.lists(st.tuples(refs, minutes.map(lambda m: first + m), st.booleans()), max_size=12))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("records")


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sequence=attempts())
def test_no_future_or_early_record_is_ever_accepted(
    folder: Path, sequence: list[tuple[DoseRef, dt.datetime, bool]]
) -> None:
    url = f"sqlite:///{folder / f'ward-{next(_names)}.db'}"
    add(add_request("P-1", {"start": START.isoformat(), "by": "AB", "db": url}))
    accepted: dict[DoseRef, dt.datetime | None] = {}
    for ref, at, not_given in sequence:
        request = RecordRequest(
            "P-1", "AB", ref, db=url, now=NOW,
            **({"not_given": True, "reason": "refused"} if not_given else {
                "given": at, "lot": "L1", "expiry": YearMonth(2027, 6), "site": InjectionSite.ARM_LEFT,
            }),
        )  # fmt: skip
        future = not not_given and at.replace(tzinfo=PARIS) > NOW
        early = not not_given and at.date() < START
        try:
            record(request)
        except DoseAlreadyRecorded:
            assert ref in accepted and not future and not early  # checked before the store is asked
            continue
        except Il2schedError as refused:
            assert (future and refused.key == "record.future") or (
                early and refused.key == "record.before_start"
            )
            continue
        assert not future and not early and ref not in accepted
        accepted[ref] = None if not_given else at
    with open_ward(url) as store:
        patient = load_patient(store, "P-1")
        assert verify(store).problem is None
    assert {r.dose: r.given_at for r in patient.records} == accepted  # one each, nothing refused stored
    for stored in patient.records:
        if stored.outcome is Outcome.GIVEN:
            assert stored.given_at is not None
            assert stored.given_at.date() >= START and stored.given_at.replace(tzinfo=PARIS) <= NOW
