"""Use case: publish administrations to a CalDAV calendar, every dose its own object, kept in step.

Each given dose becomes one calendar object (a VCALENDAR with one VEVENT and the VTIMEZONE it uses) whose UID
is the one the iCalendar export writes, so a server copy and an imported file never disagree. Publishing
again compares what il2sched put on the server with what is planned now: new doses are created, moved or
reworded ones updated, doses no longer planned deleted. An object counts as il2sched's only when its UID
ends in ``@il2sched`` and it carries ``X-IL2SCHED-PATIENT`` and ``X-IL2SCHED-REGIMEN``; only those of the
patients being published are ever deleted, so events anyone else put in the calendar are left alone.

A server calendar is shared by nature (a ward's, or several patients'): titles start with the patient's code.
SEQUENCE only rises there: an update gets one more than the object on the server has, or the number the
schedule gives (days away from the protocol date) if that is higher, so undoing a delay still raises it and
every client applies the change.

The server itself is reached through :mod:`il2sched.sources.caldav`, imported only when a publish runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from il2sched.app.generate import reminder_notes, schedule_notes, stamp_of
from il2sched.app.planning import Planner
from il2sched.app.requests import ScheduleOptions
from il2sched.core.options import RenderOptions
from il2sched.core.parsing import is_loopback
from il2sched.core.schedule import Schedule, build_schedule, check_patient_code
from il2sched.errors import InvalidValue, PublishError

if TYPE_CHECKING:
    from il2sched.export.ics import CalendarObject
    from il2sched.sources.caldav import CalDavSession, Target

UID_SUFFIX = "@il2sched"
PATIENT_PROP = "X-IL2SCHED-PATIENT"
REGIMEN_PROP = "X-IL2SCHED-REGIMEN"
DIGEST_PROP = "X-IL2SCHED-DIGEST"


@dataclass(frozen=True, slots=True)
class PublishRequest:
    """Administrations of one patient or a roster, published to a CalDAV calendar."""

    url: str
    calendar: str
    username: str
    roster: str | None = None
    start: dt.date | None = None
    patient: str | None = None
    dry_run: bool = False
    insecure_http: bool = False  # allow plain http to another machine (the password travels in clear)
    options: ScheduleOptions = field(default_factory=ScheduleOptions)
    stamp: dt.datetime | None = None
    db: str | None = None  # the ward record's patients (or --patient's alone), each from its stored plan


@dataclass(frozen=True, slots=True)
class Planned:
    """One administration as the calendar object il2sched wants on the server."""

    patient: str
    uid: str
    label: str  # "2026-01-05 cycle 1 day 1": for the lines people read
    digest: str  # of what the object says, DTSTAMP and SEQUENCE left out: unchanged while the dose is
    sequence: int  # the SEQUENCE it is sent with
    calendar_object: CalendarObject

    @property
    def ical(self) -> str:
        """The object's text, as sent to the server."""
        return self.calendar_object.to_ical(self.sequence).decode("utf-8")

    def with_sequence(self, number: int) -> Planned:
        """The same object with SEQUENCE ``number``."""
        return replace(self, sequence=number)


@dataclass(frozen=True, slots=True)
class Found:
    """A calendar object already on the server, with what il2sched needs to know about it."""

    uid: str
    patient: str | None  # X-IL2SCHED-PATIENT, when the object is il2sched's
    digest: str | None
    label: str
    date: str = ""  # DTSTART's date, ISO
    handle: Any = None  # the caldav object, to update or delete it
    sequence: int = 0  # its SEQUENCE (0 when it has none)

    @property
    def ours(self) -> bool:
        """True when il2sched created the object (UID suffix and both X-IL2SCHED properties)."""
        return self.uid.endswith(UID_SUFFIX) and self.patient is not None


@dataclass(frozen=True, slots=True)
class Change:
    """One thing a publish does (or, in a dry run, would do)."""

    action: str  # create | update | delete | unchanged
    patient: str
    uid: str
    label: str
    planned: Planned | None = None
    found: Found | None = None


ACTIONS = ("create", "update", "delete", "unchanged")


@dataclass(frozen=True, slots=True)
class Report:
    """What a publish did, or would do in a dry run."""

    calendar: str
    calendar_created: bool
    changes: tuple[Change, ...]
    dry_run: bool

    def counts(self) -> dict[str, int]:
        """How many objects each action concerns."""
        return {action: sum(c.action == action for c in self.changes) for action in ACTIONS}

    def lines(self) -> list[str]:
        """One line per change (unchanged objects left out), then a summary line."""
        out: list[str] = []
        if self.calendar_created:
            out.append(f"{'would create' if self.dry_run else 'created'} calendar {self.calendar!r}")
        for change in self.changes:
            if change.action == "unchanged":
                continue
            moved = change.found is not None and change.planned is not None
            was = (
                f" (was {change.found.date})"
                if moved and change.found and change.found.date not in change.label
                else ""
            )
            out.append(f"{change.action} {change.patient} {change.label}{was} ({change.uid})")
        counts = self.counts()
        summary = ", ".join(f"{counts[a]} {a if a == 'unchanged' else a + 'd'}" for a in ACTIONS)
        prefix = "dry run, nothing changed: would have " if self.dry_run else ""
        out.append(f"{prefix}{summary} in calendar {self.calendar!r}")
        return out


def planned_objects(
    schedules: Iterable[Schedule],
    options: RenderOptions,
    per_patient: Mapping[str, RenderOptions] | None = None,
) -> list[Planned]:
    """The calendar objects the schedules call for: one per administration to be given.

    ``per_patient`` holds the options of patients whose roster row asks for another language. Titles start
    with the patient's code whatever the options say: a server calendar is shared.
    """
    from il2sched.export.ics import CalendarObject

    out: list[Planned] = []
    for schedule in schedules:
        own = replace((per_patient or {}).get(schedule.plan.shown_patient, options), shared=True)
        for admin in schedule.given:
            ours = ((PATIENT_PROP, admin.patient), (REGIMEN_PROP, schedule.regimen.id))
            item = CalendarObject(schedule, admin, own, ours)
            # Of the object without DTSTAMP and SEQUENCE, so that an unchanged dose stays unchanged.
            digest = hashlib.sha256(item.content()).hexdigest()[:32]
            label = f"{admin.date.isoformat()} cycle {admin.cycle} day {admin.cycle_day}"
            item = item.with_properties((DIGEST_PROP, digest))
            out.append(Planned(admin.patient, item.uid, label, digest, item.sequence, item))
    return out


def read_object(data: str, handle: Any = None) -> Found | None:
    """What il2sched needs to know about a calendar object's text; ``None`` when it has no VEVENT."""
    import icalendar

    try:
        cal = icalendar.Calendar.from_ical(data)
    except ValueError:
        return None
    events = list(cal.walk("VEVENT"))
    if not events:
        return None
    event = events[0]
    uid = str(event.get("UID", ""))
    ours = PATIENT_PROP in event and REGIMEN_PROP in event
    start = event.get("DTSTART")
    label = start.dt.isoformat()[:10] if start is not None else ""
    summary = str(event.get("SUMMARY", ""))
    return Found(
        uid=uid,
        patient=str(event[PATIENT_PROP]) if ours else None,
        digest=str(event[DIGEST_PROP]) if DIGEST_PROP in event else None,
        label=f"{label} {summary}".strip(),
        date=label,
        handle=handle,
        sequence=_sequence_of(event),
    )


def _sequence_of(event: Any) -> int:
    """An event's SEQUENCE; 0 when it has none, or one that is not a whole number (another program's)."""
    text = event.get("SEQUENCE")
    value = str(text).strip() if text is not None else ""
    return int(value) if value.isascii() and value.isdigit() else 0


def plan_changes(planned: Sequence[Planned], found: Sequence[Found], patients: Iterable[str]) -> list[Change]:
    """Match what is planned with what is on the server: pure, so a dry run and a real run agree.

    An object with a planned UID is updated even if some other program stored it (an imported .ics file
    uses the same UIDs), never duplicated. Only il2sched's own objects of ``patients`` are deleted.
    """
    by_uid: dict[str, list[Found]] = {}
    for there in found:
        by_uid.setdefault(there.uid, []).append(there)
    changes: list[Change] = []
    wanted = set()
    for want in planned:
        wanted.add(want.uid)
        existing = by_uid.get(want.uid, [])
        if not existing:
            changes.append(Change("create", want.patient, want.uid, want.label, planned=want))
            continue
        first, *duplicates = existing
        if first.ours and first.digest == want.digest:
            changes.append(Change("unchanged", want.patient, want.uid, want.label, planned=want, found=first))
        else:
            # Never lower than the server's copy, always higher: clients ignore an update that is not.
            newer = want.with_sequence(max(want.sequence, first.sequence + 1))
            changes.append(Change("update", want.patient, want.uid, want.label, planned=newer, found=first))
        changes.extend(Change("delete", want.patient, d.uid, d.label, found=d) for d in duplicates if d.ours)
    published = set(patients)
    for there in found:
        if there.ours and there.patient in published and there.uid not in wanted:
            changes.append(Change("delete", there.patient or "", there.uid, there.label, found=there))
    return changes


def check_url(url: str, *, insecure_http: bool = False) -> str:
    """``url`` if it names a CalDAV server safely: https (or http on this machine), a host, no password in it.

    The password must never travel in clear to another machine, nor sit in a URL that shells, logs and
    process lists keep: both are refused with the fix, and the URL's secret part is never echoed.
    """
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 (a port that is not a number raises here, not deep in the client)
    except ValueError:
        raise InvalidValue("the CalDAV URL is malformed; check --url (https://host/path)") from None
    if parts.username is not None or parts.password is not None:
        raise InvalidValue(
            "the CalDAV URL holds a user name or password; remove it from --url, give --username, and the "
            "password in IL2SCHED_CALDAV_PASSWORD"
        )
    shown = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidValue(f"invalid CalDAV URL {shown!r}: write https://host/path; check --url")
    if parts.scheme == "http" and not insecure_http and not is_loopback(parts.hostname):
        raise InvalidValue(
            f"the CalDAV URL {shown!r} is plain http to another machine: the password would travel in clear; "
            "use https, or add --insecure-http if you must"
        )
    return url


@dataclass(frozen=True, slots=True)
class Prepared:
    """What a publish sends, built and checked before the server is asked anything (or a password is)."""

    planned: tuple[Planned, ...]
    patients: tuple[str, ...]
    notes: tuple[str, ...]  # doses closed days affect, for the user


def prepare(request: PublishRequest) -> Prepared:
    """Check the URL and build every schedule of ``request`` into the calendar objects to publish."""
    from il2sched.sources.caldav import check_target

    check_url(request.url, insecure_http=request.insecure_http)
    check_target(request.url, request.calendar, request.username)
    if request.db is not None and (request.roster is not None or request.start is not None):
        raise InvalidValue("give --db (the ward record) without --roster or --start: it holds both")
    if request.db is None and (
        (request.roster is None) == (request.start is None)
        or (request.roster is not None and request.patient is not None)
    ):
        raise InvalidValue("give either --roster FILE, or --start and --patient for one patient")
    if request.start is not None and request.patient is None:
        raise InvalidValue(
            "give --patient CODE with --start: a server calendar holds several patients' doses, and each "
            "patient's must be told apart"
        )
    stamp = stamp_of(request.stamp)
    if request.db is not None:
        from il2sched.app.stored import stored_schedules

        planner, schedules, per_patient = stored_schedules(
            request.db, request.patient, request.options, stamp
        )
    elif request.roster is not None:
        from il2sched.app.roster import plan_for, read_checked_roster

        rows, checker = read_checked_roster(request.roster, request.options)
        planner = checker.planner
        schedules = [build_schedule(plan_for(planner, row)) for row in rows]
        per_patient = {r.patient: planner.options(stamp, lang=r.lang) for r in rows if r.lang}
    else:
        assert request.start is not None
        assert request.patient is not None
        planner = Planner(request.options)
        schedules = [build_schedule(planner.plan(check_patient_code(request.patient), request.start))]
        per_patient = {}
    texts = planner.texts()
    notes = tuple(note for schedule in schedules for note in schedule_notes(schedule, texts))
    all_day = any(s.plan.time is None for s in schedules)
    notes += tuple(reminder_notes(request.options, all_day, texts))
    planned = planned_objects(schedules, planner.options(stamp), per_patient)
    patients = tuple(dict.fromkeys(s.plan.shown_patient for s in schedules))
    return Prepared(tuple(planned), patients, notes)


def publish(request: PublishRequest, prepared: Prepared, password: str) -> Report:
    """Bring the CalDAV calendar ``request.calendar`` in step with ``prepared``; create it if missing.

    With ``request.dry_run`` the server is read but nothing is changed.
    """
    from il2sched.sources.caldav import Target

    target = Target(request.url, request.calendar, request.username, password)
    return sync(prepared.planned, prepared.patients, target, dry_run=request.dry_run)


def sync(
    planned: Sequence[Planned], patients: Sequence[str], target: Target, *, dry_run: bool = False
) -> Report:
    """Make the calendar hold exactly ``planned`` for ``patients``, leaving every other object alone.

    Errors raise :class:`PublishError` with one line; a failure part-way says how many changes went through
    for each patient.
    """
    from il2sched.sources.caldav import CalDavSession

    with CalDavSession(target) as session:
        calendar = session.find_calendar()
        created = calendar is None
        if calendar is None and not dry_run:
            calendar = session.make_calendar()
        objects = session.objects(calendar) if calendar is not None else []
        found = [f for f in (read_object(text, handle) for text, handle in objects) if f is not None]
        changes = plan_changes(planned, found, patients)
        report = Report(target.calendar, created, tuple(changes), dry_run)
        if not dry_run:
            _apply(session, calendar, changes, patients)
    return report


def _apply(session: CalDavSession, calendar: Any, changes: Sequence[Change], patients: Sequence[str]) -> None:
    """Make the changes, creations and updates first (in date order), deletions last."""
    from il2sched.errors import CalDavFailure

    todo = [c for c in changes if c.action in ("create", "update")] + [
        c for c in changes if c.action == "delete"
    ]
    total = {p: sum(c.patient == p for c in todo) for p in patients}
    done = dict.fromkeys(patients, 0)
    for change in todo:
        what = f"{change.action} {change.patient} {change.label}"
        try:
            if change.action == "create" and change.planned is not None:
                session.create(what, calendar, change.planned.ical)
            elif change.action == "update" and change.planned is not None and change.found is not None:
                session.update(what, change.found.handle, change.planned.ical)
            elif change.action == "delete" and change.found is not None:
                session.delete(what, change.found.handle)
        except (CalDavFailure, PublishError) as failure:
            progress = "; ".join(f"{p}: {done[p]} of {total[p]}" for p in patients if total[p])
            reason = failure.reason if isinstance(failure, CalDavFailure) else str(failure)
            raise PublishError(
                f"published {progress} changes before the error: could not {change.action} "
                f"{change.patient} {change.label}: {reason}; run the same publish again to finish"
            ) from None
        done[change.patient] += 1
