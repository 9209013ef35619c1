"""CalDAV publishing: every administration its own calendar object, kept in step with the schedule.

Each given dose becomes one calendar object (a VCALENDAR with one VEVENT and the VTIMEZONE it uses) whose UID
is the one the iCalendar export writes, so a server copy and an imported file never disagree. Publishing
again compares what il2sched put on the server with what is planned now: new doses are created, moved or
reworded ones updated, doses no longer planned deleted. An object counts as il2sched's only when its UID
ends in ``@il2sched`` and it carries ``X-IL2SCHED-PATIENT`` and ``X-IL2SCHED-REGIMEN``; only those of the
patients being published are ever deleted, so events anyone else put in the calendar are left alone.

The ``caldav`` library is imported here only, when a publish actually runs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from il2sched.errors import Il2schedError
from il2sched.export import ExportOptions
from il2sched.schedule import Schedule

UID_SUFFIX = "@il2sched"
PATIENT_PROP = "X-IL2SCHED-PATIENT"
REGIMEN_PROP = "X-IL2SCHED-REGIMEN"
DIGEST_PROP = "X-IL2SCHED-DIGEST"
_DTSTAMP_RE = re.compile(rb"^DTSTAMP[;:][^\r\n]*\r\n", re.MULTILINE)


class PublishError(Il2schedError):
    """The CalDAV server could not be reached, refused the login or failed part-way through."""


@dataclass(frozen=True, slots=True)
class Target:
    """Where to publish: the server (or principal) URL, the calendar's display name and the login."""

    url: str
    calendar: str
    username: str
    password: str


@dataclass(frozen=True, slots=True)
class Planned:
    """One administration as the calendar object il2sched wants on the server."""

    patient: str
    uid: str
    label: str  # "2026-01-05 cycle 1 day 1": for the lines people read
    ical: str
    digest: str


@dataclass(frozen=True, slots=True)
class Found:
    """A calendar object already on the server, with what il2sched needs to know about it."""

    uid: str
    patient: str | None  # X-IL2SCHED-PATIENT, when the object is il2sched's
    digest: str | None
    label: str
    date: str = ""  # DTSTART's date, ISO
    handle: Any = None  # the caldav object, to update or delete it

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
    options: ExportOptions,
    per_patient: Mapping[str, ExportOptions] | None = None,
) -> list[Planned]:
    """The calendar objects the schedules call for: one per administration to be given.

    ``per_patient`` holds the options of patients whose roster row asks for another language.
    """
    from il2sched.export.ics import event_uid, object_calendar

    out: list[Planned] = []
    for schedule in schedules:
        own = (per_patient or {}).get(schedule.plan.patient, options)
        for admin in schedule.given:
            cal = object_calendar(schedule, admin, own)
            (event,) = cal.walk("VEVENT")
            event.add(PATIENT_PROP, admin.patient)
            event.add(REGIMEN_PROP, schedule.regimen.id)
            # The digest leaves out DTSTAMP (the time of the run) so that an unchanged dose stays unchanged.
            digest = hashlib.sha256(_DTSTAMP_RE.sub(b"", cal.to_ical())).hexdigest()[:32]
            event.add(DIGEST_PROP, digest)
            label = f"{admin.date.isoformat()} cycle {admin.cycle} day {admin.cycle_day}"
            uid = event_uid(schedule, admin)
            out.append(Planned(admin.patient, uid, label, cal.to_ical().decode("utf-8"), digest))
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
    )


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
        action = "unchanged" if first.ours and first.digest == want.digest else "update"
        changes.append(Change(action, want.patient, want.uid, want.label, planned=want, found=first))
        changes.extend(Change("delete", want.patient, d.uid, d.label, found=d) for d in duplicates if d.ours)
    published = set(patients)
    for there in found:
        if there.ours and there.patient in published and there.uid not in wanted:
            changes.append(Change("delete", there.patient or "", there.uid, there.label, found=there))
    return changes


def publish(
    schedules: Sequence[Schedule],
    options: ExportOptions,
    target: Target,
    *,
    dry_run: bool = False,
    per_patient: Mapping[str, ExportOptions] | None = None,
) -> Report:
    """Bring the CalDAV calendar ``target.calendar`` in step with ``schedules``; create it if missing.

    With ``dry_run`` the server is read but nothing is changed. Errors raise :class:`PublishError` with one
    line; a failure part-way says how many changes went through for each patient. ``per_patient`` gives
    some patients other options (a roster row's language).
    """
    planned = planned_objects(schedules, options, per_patient)
    patients = list(dict.fromkeys(s.plan.patient for s in schedules))
    with _Session(target) as session:
        calendar = session.find_calendar()
        created = calendar is None
        if calendar is None and not dry_run:
            calendar = session.make_calendar()
        found = session.objects(calendar) if calendar is not None else []
        changes = plan_changes(planned, found, patients)
        report = Report(target.calendar, created, tuple(changes), dry_run)
        if not dry_run:
            session.apply(calendar, changes, patients)
    return report


class _Session:
    """The caldav client, with every library and network error turned into one clear line."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.client: Any = None
        self.principal: Any = None

    def __enter__(self) -> _Session:
        from caldav.davclient import DAVClient

        try:
            self.client = DAVClient(
                url=self.target.url, username=self.target.username, password=self.target.password, timeout=60
            )
        except Exception as exc:  # the library raises many types for a malformed URL
            raise PublishError(
                f"invalid CalDAV URL {self.target.url!r} ({_reason(exc)}); check --url"
            ) from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()

    def _call(self, what: str, function: Any, *args: Any, **kwargs: Any) -> Any:
        from caldav.lib import error

        try:
            return function(*args, **kwargs)
        except error.AuthorizationError:
            raise PublishError(
                f"the CalDAV server at {self.target.url} refused user {self.target.username!r} while trying "
                f"to {what}: check --username and the password (IL2SCHED_CALDAV_PASSWORD)"
            ) from None
        except OSError as exc:
            # requests/niquests wrap refused connections, unknown hosts and timeouts in OSError subclasses
            # whose text is a page of repr(); the type name says enough.
            name = type(exc).__name__
            if "Connection" in name or "Timeout" in name:
                raise _Failure(
                    what, "no connection (wrong address or port, server down, or no network)"
                ) from None
            raise _Failure(what, _reason(exc)) from None
        except (error.DAVError, ValueError) as exc:
            raise _Failure(what, _reason(exc)) from None

    def _fail(self, failure: _Failure) -> PublishError:
        return PublishError(
            f"cannot {failure.what} on the CalDAV server at {self.target.url}: {failure.reason}; "
            "check --url and that the server is running"
        )

    def find_calendar(self) -> Any:
        from caldav.lib import error

        try:
            self.principal = self._call("log in", self.client.principal)
            calendars = self._call("list the calendars", self.principal.calendars)
            for calendar in calendars:
                name = self._call("read a calendar's name", calendar.get_display_name)
                if name == self.target.calendar:
                    return calendar
        except _Failure as failure:
            raise self._fail(failure) from None
        except error.NotFoundError:
            return None
        return None

    def make_calendar(self) -> Any:
        try:
            return self._call(
                f"create calendar {self.target.calendar!r}",
                self.principal.make_calendar,
                name=self.target.calendar,
            )
        except _Failure as failure:
            raise self._fail(failure) from None

    def objects(self, calendar: Any) -> list[Found]:
        try:
            resources = self._call(f"read calendar {self.target.calendar!r}", calendar.events)
        except _Failure as failure:
            raise self._fail(failure) from None
        found = [read_object(str(r.data), r) for r in resources]
        return [f for f in found if f is not None]

    def apply(self, calendar: Any, changes: Sequence[Change], patients: Sequence[str]) -> None:
        """Make the changes, creations and updates first (in date order), deletions last."""
        todo = [c for c in changes if c.action in ("create", "update")] + [
            c for c in changes if c.action == "delete"
        ]
        total = {p: sum(c.patient == p for c in todo) for p in patients}
        done = dict.fromkeys(patients, 0)
        for change in todo:
            try:
                self._apply_one(calendar, change)
            except (_Failure, PublishError) as failure:
                progress = "; ".join(f"{p}: {done[p]} of {total[p]}" for p in patients if total[p])
                reason = failure.reason if isinstance(failure, _Failure) else str(failure)
                raise PublishError(
                    f"published {progress} changes before the error: could not {change.action} "
                    f"{change.patient} {change.label}: {reason}; run the same publish again to finish"
                ) from None
            done[change.patient] += 1

    def _apply_one(self, calendar: Any, change: Change) -> None:
        what = f"{change.action} {change.patient} {change.label}"
        if change.action == "create" and change.planned is not None:
            # SEQUENCE is il2sched's (higher when a dose moved): the library must not bump it on its own.
            self._call(what, calendar.add_event, ical=change.planned.ical, increase_seqno=False)
        elif change.action == "update" and change.planned is not None and change.found is not None:
            resource = change.found.handle
            resource.data = change.planned.ical
            self._call(what, resource.save, increase_seqno=False)
        elif change.action == "delete" and change.found is not None:
            self._call(what, change.found.handle.delete)


class _Failure(Exception):
    """A library or network error during one step, before it gets its one-line message."""

    def __init__(self, what: str, reason: str) -> None:
        super().__init__(reason)
        self.what = what
        self.reason = reason


def _reason(exc: BaseException) -> str:
    """The first line of an exception's text, or its type when it has none."""
    text = str(exc).strip().splitlines()
    return text[0][:200] if text and text[0] else type(exc).__name__
