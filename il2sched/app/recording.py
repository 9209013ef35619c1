"""Use case: a nurse records what happened to one dose (given, or not given and why), or corrects a record.

Everything that can be checked before the write is checked and refused in one line: a time in the future or
before the patient's start, a dose the patient's plan does not have, an expiry before the day given, a lot
or expiry missing, a second check missing where the regimen or the patient asks for one, or made by the
same nurse. "Already recorded" is the database's answer at the write (a unique index), so of two nurses
recording the same dose at once exactly one succeeds; the other is told who recorded it, when, and the
entry to correct.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from il2sched.app.options import Raw, about
from il2sched.app.requests import parse_command
from il2sched.app.ward import StoredPatient, WardPlanners, load_patient, open_ward
from il2sched.app.ward_commands import RECORD
from il2sched.app.ward_views import record_words
from il2sched.core.messages import Opt, keyed
from il2sched.core.record import DoseRecord, DoseRef, InjectionSite, NotGivenReason, Outcome, YearMonth
from il2sched.core.record_parsing import parse_reason
from il2sched.core.schedule import Schedule
from il2sched.errors import InvalidValue, StoreError
from il2sched.sources.locale import texts_for
from il2sched.store.database import Store
from il2sched.store.records import AlreadyRecorded, add_record, find_record


@dataclass(frozen=True, slots=True)
class RecordRequest:
    """One dose's outcome, as typed (each value parsed), or a correction of the record an entry made."""

    code: str
    by: str
    dose: DoseRef | None = None
    given: dt.datetime | None = None  # the ward's wall time, in the patient's zone
    lot: str | None = None
    expiry: YearMonth | None = None
    site: InjectionSite | None = None
    amount_iu: int | None = None
    checked_by: str | None = None
    not_given: bool = False
    reason: str | None = None  # not given: a NotGivenReason's word; a correction: why it is corrected
    not_given_reason: NotGivenReason | None = None  # a correction to "not given": why not
    note: str = ""
    correct: int | None = None  # the entry whose record this one replaces
    lang: str = "en"
    db: str | None = None
    now: dt.datetime | None = None  # None: the clock (a test fixes it)


class DoseAlreadyRecorded(StoreError):
    """The database refused a record: the dose (or the record a correction names) already has one, made by
    another nurse meanwhile; ``existing`` is that record."""

    def __init__(self, message: str, existing: DoseRecord) -> None:
        super().__init__(message)
        self.existing = existing


@dataclass(frozen=True, slots=True)
class Recorded:
    """The record as stored (its entry number and time) and the line saying so."""

    record: DoseRecord
    message: str


def record_request(code: str, raw: Mapping[str, Raw]) -> RecordRequest:
    """``record CODE``'s request from its options' texts."""
    v = parse_command(RECORD, raw)
    return RecordRequest(
        code,
        v["by"],
        v["dose"],
        v["given"],
        v["lot"],
        v["expiry"],
        v["site"],
        v["amount"],
        v["checked_by"],
        v["not_given"],
        v["reason"],
        v["not_given_reason"],
        v["note"] or "",
        v["correct"],
        v["lang"],
        v["db"],
    )


def _refuse(message: str, option: str | None = None) -> InvalidValue:
    return InvalidValue(message, option=option)


def _outcome_checks(request: RecordRequest) -> None:
    """A given dose has its time, lot and expiry and no reason word; a dose not given has a reason and
    nothing of a given one."""
    if request.not_given:
        for name, value in (
            ("given", request.given),
            ("lot", request.lot),
            ("expiry", request.expiry),
            ("site", request.site),
            ("amount", request.amount_iu),
            ("checked-by", request.checked_by),
        ):
            if value is not None:
                raise _refuse(f"--{name} is for a dose given, not with --not-given: leave it out", name)
        return
    if request.not_given_reason is not None:
        raise _refuse(
            "--not-given-reason goes with --not-given; leave it out for a dose given", "not-given-reason"
        )
    if request.note:
        raise _refuse("--note is for a dose not given: leave it out", "note")
    if request.reason is not None and request.correct is None:
        raise _refuse(
            "--reason is for a dose not given (with --not-given) or a correction (with --correct)", "reason"
        )
    for name, value, example in (
        ("given", request.given, '"2026-05-12 09:10"'),
        ("lot", request.lot, "LOT"),
        ("expiry", request.expiry, "YYYY-MM"),
    ):
        if value is None:
            raise keyed(InvalidValue, "record.needs", option=name, field=Opt(name), example=example)


def _not_given_reason(request: RecordRequest) -> NotGivenReason:
    if request.correct is not None:
        if request.not_given_reason is None:
            raise keyed(
                InvalidValue, "record.correction_not_given", option="not-given-reason",
                field=Opt("not-given-reason"), why=Opt("reason"),
            )  # fmt: skip
        return request.not_given_reason
    if request.not_given_reason is not None:
        raise _refuse("--not-given-reason is for a correction; say why with --reason", "not-given-reason")
    if request.reason is None:
        raise keyed(InvalidValue, "record.not_given_reason", option="reason", field=Opt("reason"))
    with about("reason"):
        return parse_reason(request.reason)


def _dose_of(request: RecordRequest, store: Store, patient: StoredPatient) -> tuple[DoseRef, int | None]:
    """The dose recorded and the entry it replaces (a correction's dose is its old record's)."""
    if request.correct is None:
        if request.dose is None:
            raise _refuse("give --dose CYCLE:DAY (the CSV's cycle and cycle_day), or --correct ENTRY", "dose")
        return request.dose, None
    if not request.reason:
        raise keyed(InvalidValue, "record.correction_reason", option="reason", field=Opt("reason"))
    with store.reading() as conn:
        old = find_record(conn, request.correct)
    if old is None:
        raise _refuse(
            f"entry {request.correct} is not a dose record: 'il2sched audit list {patient.code}' shows "
            "the records' entries",
            "correct",
        )
    if old.patient != patient.code:
        raise _refuse(
            f"entry {request.correct} is patient {old.patient}'s record, not {patient.code}'s", "correct"
        )
    if request.dose is not None and request.dose != old.dose:
        raise _refuse(
            f"entry {request.correct} recorded dose {old.dose}, not {request.dose}: a correction keeps "
            "its dose",
            "dose",
        )
    return old.dose, request.correct


def _check_dose(dose: DoseRef, patient: StoredPatient, schedule: Schedule) -> None:
    if any((a.cycle, a.cycle_day) == (dose.cycle, dose.day) for a in schedule.administrations):
        return
    cycles = max((a.cycle for a in schedule.administrations), default=0)
    raise _refuse(
        f"patient {patient.code} has no dose {dose}: its plan has cycles 1 to {cycles} (the CSV's "
        "cycle and cycle_day columns; 'il2sched generate --patient CODE --db ...' lists them)",
        "dose",
    )


def _check_given(request: RecordRequest, patient: StoredPatient, now: dt.datetime) -> None:
    from il2sched.sources.zones import local_time

    assert request.given is not None and request.expiry is not None
    given, tz = request.given, patient.options.tz
    if local_time(given.date(), given.time(), tz).utc > now:
        raise keyed(InvalidValue, "record.future", option="given", given=f"{given:%Y-%m-%d %H:%M}", tz=tz)
    if given.date() < patient.start:
        raise keyed(
            InvalidValue, "record.before_start", option="given", given=f"{given:%Y-%m-%d %H:%M}",
            code=patient.code, start=patient.start.isoformat(),
        )  # fmt: skip
    if request.expiry.last_day < given.date():
        raise keyed(
            InvalidValue,
            "record.expired",
            option="expiry",
            expiry=str(request.expiry),
            day=f"{given:%Y-%m-%d}",
        )
    if request.checked_by is not None and request.checked_by.casefold() == request.by.casefold():
        raise keyed(
            InvalidValue, "record.same_checker", option="checked-by", field=Opt("checked-by"), by=Opt("by")
        )
    if request.checked_by is None and (patient.regimen.double_check or patient.options.double_check):
        key = "record.check_regimen" if patient.regimen.double_check else "record.check_options"
        raise keyed(InvalidValue, key, option="checked-by", code=patient.code, field=Opt("checked-by"))


def record(request: RecordRequest) -> Recorded:
    """Record ``request``'s dose; nothing is stored unless every check passes and the dose has no record."""
    _outcome_checks(request)
    reason = _not_given_reason(request) if request.not_given else None
    if request.now is None:
        from il2sched.sources.clock import now_utc

        now = now_utc()
    else:
        now = request.now
    with open_ward(request.db) as store:
        patient = load_patient(store, request.code)
        dose, replaces = _dose_of(request, store, patient)
        _check_dose(dose, patient, WardPlanners().schedule(patient))
        if not request.not_given:
            _check_given(request, patient, now)
        new = DoseRecord(
            0,
            patient.code,
            dose,
            Outcome.NOT_GIVEN if request.not_given else Outcome.GIVEN,
            request.by,
            now,
            given_at=request.given,
            amount_iu=request.amount_iu,
            lot=request.lot or "",
            expiry=request.expiry,
            site=request.site,
            checked_by=request.checked_by,
            reason=reason,
            note=request.note,
            replaces=replaces,
            correction_reason=(request.reason or "") if replaces is not None else "",
        )
        try:
            stored = add_record(store, new)
        except AlreadyRecorded as exc:
            raise DoseAlreadyRecorded(already(exc.existing, new), exc.existing) from None
    texts = texts_for(request.lang)
    words = record_words(stored, texts)
    key = "ward.corrected" if replaces is not None else "ward.recorded"
    message = texts(key, code=patient.code, dose=str(dose), entry=stored.entry, replaces=replaces, what=words)
    return Recorded(stored, message)


def already(existing: DoseRecord, new: DoseRecord) -> str:
    """The one line for a record the database refused: the dose's record in force, or the correction
    already made of the record a correction named."""
    if new.replaces is not None:
        return (
            f"entry {new.replaces} was already corrected by entry {existing.entry} ({existing.by}): correct "
            f"that one, --correct {existing.entry}"
        )
    if existing.given:
        when = f"{existing.given_at:%Y-%m-%d %H:%M}" if existing.given_at else "?"
        what = f"as given at {when}"
    else:
        what = f"as not given ({existing.reason.value if existing.reason else '?'})"
    return (
        f"patient {existing.patient} dose {existing.dose} is already recorded {what} by {existing.by} "
        f"(entry {existing.entry}); use --correct {existing.entry} --reason TEXT to replace it"
    )
