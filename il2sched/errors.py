"""The domain's exceptions, every one of them.

Every error a user can cause is an :class:`Il2schedError`: its message names the problem and the fix on one
line (a roster's lists one line per bad row). Each face maps it once: the command line prints it and exits
with ``exit_code``; the web page answers 400 with the same words. Anything else is a bug and is allowed to
show a traceback, so no layer catches ``Exception`` or a bare ``ValueError`` to turn it into a message.
"""

from __future__ import annotations


class Il2schedError(Exception):
    """Base of every error caused by input; the message names the problem and the fix.

    ``option`` names the option (the query parameter, the form's field) the error is about, when it is about
    one: the web page shows the message beside that field (:func:`il2sched.app.options.about` sets it).
    ``key`` and ``params``, set by :func:`il2sched.core.messages.keyed`, say the error in words of its own
    tables, so the page says it in its language instead of the command line's English.
    """

    exit_code = 2

    def __init__(self, *args: object, option: str | None = None) -> None:
        super().__init__(*args)
        self.option = option
        self.key: str | None = None
        self.params: dict[str, object] = {}


class InvalidValue(Il2schedError):
    """A value someone typed (an option, a query parameter, a roster cell) is malformed or out of range.

    The message says what to write instead; the caller adds where the value came from.
    """


class RegimenError(Il2schedError):
    """A regimen file is unreadable or invalid."""


class ScheduleError(Il2schedError):
    """The options given cannot produce a schedule (bad start date, bad patient code, ...)."""


class ClosureError(Il2schedError):
    """An unknown country or subdivision, or a malformed site closure."""


class RosterError(Il2schedError):
    """A roster with one or more bad rows; ``problems`` holds one line per problem.

    ``errors`` holds the same problems as errors (each with its key, for the page's language), ``lines``
    the roster line each is about (0: the file as a whole), and ``rows`` the rows that were good, which a
    page may still list beside the bad ones' problems.
    """

    def __init__(
        self, problems: list[str], errors: tuple[Il2schedError, ...] = (), lines: tuple[int, ...] = ()
    ) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
        self.errors = errors
        self.lines = lines
        self.rows: tuple[object, ...] = ()


class SheetError(Il2schedError):
    """A text is too long or unprintable for a printed document, or the paper is unknown."""


class OutputError(Il2schedError):
    """An output cannot be written."""


class PublishError(Il2schedError):
    """The CalDAV server could not be reached, refused the login or failed part-way through."""


class StoreError(Il2schedError):
    """The ward record cannot be used as asked: a database that is not il2sched's, from a newer or older
    il2sched, read-only, full, locked too long, unreachable; or a change it refuses (a dose already recorded,
    an unknown patient)."""


class Interrupted(BaseException):
    """The run was stopped by a signal (Ctrl-C, SIGTERM), not by bad input.

    A :class:`BaseException`, like :class:`KeyboardInterrupt`, so that no ``except Il2schedError`` on the way
    up (a roster reporting bad rows) can mistake it for a problem of the input and carry on.
    """

    def __init__(self, reason: str, exit_code: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.exit_code = exit_code


class ServeError(Il2schedError):
    """The web page's server cannot start as asked (a port in use, an address beyond loopback without a
    token)."""


class CalDavFailure(Exception):
    """A library or network error during one step of a publish, before the application gives it its
    one-line message (a :class:`PublishError` saying how far the publish got). Never shown as it is."""

    def __init__(self, what: str, reason: str) -> None:
        super().__init__(reason)
        self.what = what
        self.reason = reason
