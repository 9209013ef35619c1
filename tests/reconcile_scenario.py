"""The scripted ward record with known answers (issue 19): patient P-001 starts 2026-04-27 on the built-in
regimen with the default options (French holidays flagged: 1 May is cycle 1's day 5, Ascension, 14 May, is
cycle 2's day 4).

- cycle 1: every dose on its day; day 3 first recorded with a wrong lot, then corrected (entry 3 replaced by
  entry 6); day 5, on 1 May, given (the unit opened: the check answered by the record);
- cycle 2: day 4 (Ascension) given on Saturday 16 May, inside the window (11 to 17 May); the lot changes
  from L100 to L200 on day 3;
- cycle 3: day 2 not given, refused;
- cycle 4: day 1 given on 2 July, 10 days late (window 22 to 28 June); day 2 given at 1.5 million units in
  place of 3 million; days 3 to 5 never recorded (overdue on 2 July).
"""

from __future__ import annotations

import datetime as dt

from il2sched.core.record import DoseRecord, DoseRef, InjectionSite, NotGivenReason, Outcome, YearMonth
from il2sched.core.schedule import Schedule

PATIENT = "P-001"
START = dt.date(2026, 4, 27)
#: The day the report is asked on: everything recorded, cycle 4's window passed.
AS_OF = dt.date(2026, 7, 2)
L100, L200 = ("L100", YearMonth(2027, 1)), ("L200", YearMonth(2027, 3))


def schedule() -> Schedule:
    """P-001's schedule, planned as the command line plans it by default."""
    from il2sched.app.planning import Planner
    from il2sched.app.requests import ScheduleOptions
    from il2sched.core.schedule import build_schedule

    return build_schedule(Planner(ScheduleOptions()).plan(PATIENT, START))


def records() -> list[DoseRecord]:
    """The ward record of P-001, entries numbered in the order they were made."""
    out: list[DoseRecord] = []

    def given(cycle: int, day: int, on: dt.date, lot: tuple[str, YearMonth] = L100, **more: object) -> None:
        at = dt.datetime.combine(on, dt.time(9, 30))
        out.append(
            DoseRecord(
                entry=len(out) + 1, patient=PATIENT, dose=DoseRef(cycle, day), outcome=Outcome.GIVEN, by="AB",
                recorded_at=(at + dt.timedelta(hours=2)).replace(tzinfo=dt.UTC), given_at=at, lot=lot[0],
                expiry=lot[1], site=InjectionSite.ABDOMEN_LEFT if day % 2 else InjectionSite.ABDOMEN_RIGHT,
                **more,  # type: ignore[arg-type]
            )
        )  # fmt: skip

    for day in (1, 2, 3):
        given(1, day, START + dt.timedelta(days=day - 1), ("L10", YearMonth(2027, 1)) if day == 3 else L100)
    given(1, 4, dt.date(2026, 4, 30))
    given(1, 5, dt.date(2026, 5, 1))
    # The correction of day 3's lot (entry 3), on the next morning.
    given(1, 3, dt.date(2026, 4, 29), replaces=3, correction_reason="wrong lot copied")
    out[-1] = _recorded_on(out[-1], dt.date(2026, 4, 30))
    for day, on in ((1, 11), (2, 12), (3, 13), (5, 15), (4, 16)):
        given(2, day, dt.date(2026, 5, on), L200 if day >= 3 else L100)
    given(3, 1, dt.date(2026, 6, 1), L200)
    out.append(
        DoseRecord(
            entry=len(out) + 1, patient=PATIENT, dose=DoseRef(3, 2), outcome=Outcome.NOT_GIVEN, by="CD",
            recorded_at=dt.datetime(2026, 6, 2, 10, 0, tzinfo=dt.UTC), reason=NotGivenReason.REFUSED,
            note="feels unwell",
        )
    )  # fmt: skip
    for day in (3, 4, 5):
        given(3, day, dt.date(2026, 6, day), L200)
    given(4, 2, dt.date(2026, 6, 23), L200, amount_iu=1_500_000, checked_by="EF")
    given(4, 1, dt.date(2026, 7, 2), L200)
    return out


def _recorded_on(record: DoseRecord, day: dt.date) -> DoseRecord:
    from dataclasses import replace

    return replace(record, recorded_at=dt.datetime.combine(day, dt.time(8, 0), dt.UTC))


def stored_scenario(url: str) -> dict[int, int]:
    """P-001 added to the ward record at ``url`` (``patients add``) and its scripted records appended as the
    store appends them; the scenario's entry numbers -> the stored ones."""
    from dataclasses import replace

    from helpers import run_cli

    from il2sched.app.ward import open_ward
    from il2sched.store.records import add_record

    result = run_cli("patients", "add", PATIENT, "--start", START.isoformat(), "--by", "AB", "--db", url)
    assert result.exit_code == 0, result.output
    store = open_ward(url)
    entries: dict[int, int] = {}
    for record in records():
        replaces = entries[record.replaces] if record.replaces is not None else None
        stored = add_record(store, replace(record, replaces=replaces))
        entries[record.entry] = stored.entry
    return entries
