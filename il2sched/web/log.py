"""What the server writes on its standard error: one printable line per event, in our words, never an
exception's text, a traceback or a query string (they hold patient codes, dates, regimen names).

Every logger the server's libraries use (uvicorn's, asyncio's) goes through :class:`OneLine`, which keeps
the message only (no ``exc_info``, no stack) and escapes it to one printable line; lines about an exhausted
resource (descriptors, memory, connections) are written at most once a second (:class:`Throttled`), with
the count of those left out, so a flood cannot fill a disk or a terminal.
"""

from __future__ import annotations

import errno
import logging
import threading
import time
from typing import IO

from il2sched.core.parsing import one_line

LOG = logging.getLogger("il2sched.web")

#: The longest path a log line shows (a URL may be 16 KiB): its start tells which page it was.
MAX_PATH = 200
#: What a resource running out raises: descriptors, memory, buffers, disk.
EXHAUSTED = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOMEM, errno.ENOBUFS, errno.ENOSPC})
#: Loggers of the libraries under the server, which would otherwise print in their own format.
THEIRS = ("uvicorn", "uvicorn.error", "uvicorn.access", "asyncio", "concurrent.futures", "multiprocessing")


def shown_path(path: str) -> str:
    """A request's path as a log line shows it: one printable line (``%0a`` and escape sequences escaped,
    so no one can forge a line or colour the terminal), at most :data:`MAX_PATH` characters."""
    text = one_line(path)
    return text if len(text) <= MAX_PATH else text[: MAX_PATH - 1] + "…"


def exhausted(exc: BaseException) -> bool:
    """True when ``exc`` says a resource of the machine ran out (too many open files, no memory)."""
    return isinstance(exc, MemoryError) or (isinstance(exc, OSError) and exc.errno in EXHAUSTED)


class Throttled:
    """At most one line a second for one kind of event; the next line says how many were left out."""

    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self._lock = threading.Lock()
        self._last = -interval
        self._left_out = 0

    def line(self, message: str) -> str | None:
        """``message`` if a line may be written now (with the count left out since the last), else None."""
        now = time.monotonic()
        with self._lock:
            if now - self._last < self.interval:
                self._left_out += 1
                return None
            self._last, left_out = now, self._left_out
            self._left_out = 0
        return f"{message} ({left_out} more like it left out)" if left_out else message


#: The one limiter of lines about exhausted resources, whoever writes them.
RESOURCES = Throttled()


def resource_problem(message: str) -> None:
    """Log ``message`` about an exhausted resource, at most once a second."""
    line = RESOURCES.line(message)
    if line is not None:
        LOG.warning("%s", line)


class OneLine(logging.Formatter):
    """``il2sched: message``: the message only, on one printable line; never the exception or the stack."""

    def format(self, record: logging.LogRecord) -> str:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a library's format string that does not fit its arguments
            message = str(record.msg)
        # A library's multi-line message (asyncio's "...\nexception: ...\nsocket: ...") keeps its first line:
        # the others quote the exception.
        first = message.strip().split("\n", 1)[0]
        if record.name != LOG.name:
            first = f"server: {first[:1].lower()}{first[1:]}".rstrip(".")
        return f"il2sched: {one_line(first)}"


class _ResourceFilter(logging.Filter):
    """Lets a library's line about an exhausted resource through at most once a second."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = str(record.msg).lower()
        error = record.exc_info[1] if record.exc_info else None
        if (error is not None and exhausted(error)) or "out of system resource" in text:
            line = RESOURCES.line(str(record.msg).split("\n", 1)[0])
            if line is None:
                return False
            record.msg, record.args = line, None
        return True


def configure(stream: IO[str]) -> None:
    """Send our lines and every library's to ``stream``, each as :class:`OneLine` formats it."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(OneLine())
    handler.addFilter(_ResourceFilter())
    LOG.handlers[:] = [handler]
    LOG.setLevel(logging.INFO)
    LOG.propagate = False
    for name in THEIRS:
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.WARNING)  # their start and stop chatter is not for the nurse's terminal
        logger.propagate = False
