"""The CalDAV server, through the ``caldav`` library: every library and network error becomes one line.

Imported only when a publish runs. The session knows calendars and objects, not schedules: deciding what to
create, update or delete is the application's job (:mod:`il2sched.app.publish`).
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any

from il2sched.core.parsing import forbidden_character
from il2sched.errors import CalDavFailure, PublishError
from il2sched.sources.files import shown

#: The longest calendar name sent: servers store display names of a few hundred characters at most.
MAX_CALENDAR_NAME = 255


def check_target(url: str, calendar: str, username: str) -> None:
    """Refuse, before the password is asked, a server name no connection can use, a calendar name that
    cannot travel or an empty user name: each would otherwise stop the run deep in the HTTP or XML library."""
    check_host(url)
    check_calendar_name(calendar)
    bad = forbidden_character(username)
    if bad is not None:
        raise PublishError(f"--username contains {bad}; give the user name without it")
    if not username:
        raise PublishError("--username is empty: give the user name you log in to the CalDAV server with")


def check_host(url: str) -> str:
    """The host of ``url`` if it is an IP address or a name DNS can hold: labels of 1 to 63 characters."""
    import ipaddress
    import urllib.parse

    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        ipaddress.ip_address(host.partition("%")[0])
        return host
    except ValueError:
        pass
    try:
        encoded = host.encode("idna")
    except UnicodeError:
        encoded = b""
    if not encoded or len(encoded.rstrip(b".")) > 253:
        raise PublishError(
            f"the CalDAV server's name {shown(host)!r} is not a host name: each part between dots has 1 to "
            "63 letters, digits or hyphens; check --url"
        )
    return host


def check_calendar_name(name: str) -> str:
    """``name`` if it can be a calendar's display name, which travels in XML: one line of text, not empty.

    A control character would otherwise stop the run deep in the XML library, after the password is asked.
    """
    bad = forbidden_character(name)
    if bad is not None:
        raise PublishError(
            f"--calendar contains {bad}, which a calendar's name cannot hold; write it without it"
        )
    if not name.strip():
        raise PublishError("--calendar is empty: give the display name of the calendar to publish to")
    if len(name) > MAX_CALENDAR_NAME:
        raise PublishError(
            f"--calendar is {len(name)} characters long; a calendar's name has {MAX_CALENDAR_NAME} at most"
        )
    return name


@dataclass(frozen=True, slots=True)
class Target:
    """Where to publish: the server (or principal) URL, the calendar's display name and the login."""

    url: str
    calendar: str
    username: str
    password: str


class CalDavSession:
    """A logged-in client for one calendar; use it as a context manager."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.client: Any = None
        self.principal: Any = None

    def __enter__(self) -> CalDavSession:
        from caldav.davclient import DAVClient

        # The URL was checked before (scheme, host, port): the constructor does not reach the network.
        self.client = DAVClient(
            url=self.target.url, username=self.target.username, password=self.target.password, timeout=60
        )
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()

    def call(self, what: str, function: Any, *args: Any, **kwargs: Any) -> Any:
        """``function(*args, **kwargs)``; a refused login is a :class:`PublishError`, anything the server or
        the network did wrong a :class:`CalDavFailure` naming ``what`` was being done."""
        from caldav.lib import error

        try:
            with _deadline(CALL_DEADLINE):
                return function(*args, **kwargs)
        except _Expired:
            raise CalDavFailure(
                what,
                f"no complete answer within {CALL_DEADLINE} seconds (a server too slow, or holding the "
                "connection open)",
            ) from None
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
                raise CalDavFailure(
                    what, "no connection (wrong address or port, server down, or no network)"
                ) from None
            raise CalDavFailure(what, _reason(exc)) from None
        except error.DAVError as exc:
            raise CalDavFailure(what, _reason(exc)) from None

    def failed(self, failure: CalDavFailure) -> PublishError:
        """The one-line error for a step that failed before anything was changed."""
        return PublishError(
            f"cannot {failure.what} on the CalDAV server at {self.target.url}: {failure.reason}; "
            "check --url and that the server is running"
        )

    def find_calendar(self) -> Any:
        """The calendar whose display name is the target's, or ``None``."""
        from caldav.lib import error

        try:
            self.principal = self.call("log in", self.client.principal)
            calendars = self.call("list the calendars", self.principal.calendars)
            for calendar in calendars:
                name = self.call("read a calendar's name", calendar.get_display_name)
                if name == self.target.calendar:
                    return calendar
        except CalDavFailure as failure:
            raise self.failed(failure) from None
        except error.NotFoundError:
            return None
        return None

    def make_calendar(self) -> Any:
        """Create the target calendar."""
        try:
            return self.call(
                f"create calendar {self.target.calendar!r}",
                self.principal.make_calendar,
                name=self.target.calendar,
            )
        except CalDavFailure as failure:
            raise self.failed(failure) from None

    def objects(self, calendar: Any) -> list[tuple[str, Any]]:
        """Every event object of ``calendar``: its iCalendar text and a handle to update or delete it."""
        try:
            resources = self.call(f"read calendar {self.target.calendar!r}", calendar.events)
        except CalDavFailure as failure:
            raise self.failed(failure) from None
        return [(str(r.data), r) for r in resources]

    def create(self, what: str, calendar: Any, ical: str) -> None:
        """Add one object; raise :class:`CalDavFailure` naming ``what``."""
        # SEQUENCE is il2sched's (higher when a dose moved): the library must not bump it on its own.
        self.call(what, calendar.add_event, ical=ical, increase_seqno=False)

    def update(self, what: str, handle: Any, ical: str) -> None:
        """Replace one object's text."""
        handle.data = ical
        self.call(what, handle.save, increase_seqno=False)

    def delete(self, what: str, handle: Any) -> None:
        """Delete one object."""
        self.call(what, handle.delete)


#: The longest one exchange with the server may take, in seconds. The client's own timeout (60 s) bounds
#: each wait for a byte, not the whole answer: a server sending a header line every few seconds would hold
#: the run forever.
CALL_DEADLINE = 180


class _Expired(BaseException):
    """The deadline of an exchange passed. A BaseException, so that no library's ``except Exception``
    takes it for one of its own errors and carries on."""


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Raise :class:`_Expired` in the block once ``seconds`` have passed (a timer signal, where there is one
    and this is the main thread; elsewhere the block runs unbounded, as the client's timeout leaves it)."""

    def expired(number: int, frame: FrameType | None) -> None:
        raise _Expired

    try:
        previous = signal.signal(signal.SIGALRM, expired)
    except (AttributeError, ValueError):  # no SIGALRM (Windows), or not the main thread
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _reason(exc: BaseException) -> str:
    """The first line of an exception's text, or its type when it has none."""
    text = str(exc).strip().splitlines()
    return text[0][:200] if text and text[0] else type(exc).__name__
