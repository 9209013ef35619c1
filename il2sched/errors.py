"""The domain's exceptions.

Every error a user can cause is an :class:`Il2schedError`; the CLI prints its message on one line and exits
with its ``exit_code``. Anything else is a bug and is allowed to show a traceback.
"""


class Il2schedError(Exception):
    """Base of every error caused by input; the message names the problem and the fix."""

    exit_code = 2


class RegimenError(Il2schedError):
    """A regimen file is unreadable or invalid."""


class ScheduleError(Il2schedError):
    """The options given cannot produce a schedule (bad start date, bad patient code, ...)."""


class OutputError(Il2schedError):
    """An output cannot be written."""
