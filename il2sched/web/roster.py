"""The server's roster, checked once per version of its files and kept for every page.

A roster of 10,000 patients takes seconds to check (each row down to its schedule), so the checked roster is
kept, keyed by the options it was checked with, for as long as the identity (size, modification time, inode)
of the roster and of the files it names (regimens, the closures file) stays the same. A changed file is read
again in a thread of its own, with no lock held: a page asking meanwhile waits a moment, then gets what the
files held before with a note that they are being read (or, the first time, only that note); it is never
stuck behind the reading.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import cast

from il2sched.app.planning import input_files
from il2sched.app.requests import ScheduleOptions
from il2sched.app.roster import RowChecker, read_checked_roster
from il2sched.errors import Il2schedError, RosterError
from il2sched.sources.roster import RosterRow
from il2sched.web.log import LOG
from il2sched.web.query import QueryProblem, problem_of

#: Sets of options whose checked roster is kept (a ward uses one or two; the least recently used goes).
KEPT = 4
#: Readings under way at once (each of another set of options); past it a page gets the "being read" note.
MAX_READINGS = 2

Identity = tuple[tuple[str, tuple[int, int, int] | None], ...]


@dataclass(frozen=True, slots=True)
class RosterState:
    """The roster as last read: its rows and their checker, or the command line's message (one line per bad
    row) with the rows that were good, which a page lists beside the bad ones' errors; ``reading`` when its
    files changed and are being read (this is what they held before, or nothing yet)."""

    rows: tuple[RosterRow, ...] = ()
    checker: RowChecker | None = None
    problem: QueryProblem | None = None
    reading: bool = False

    @property
    def ready(self) -> bool:
        """True when this state holds a reading's outcome (rows or problems)."""
        return self.checker is not None or self.problem is not None

    @property
    def problems(self) -> tuple[str, ...]:
        """The command line's error lines for this roster (none when it was read whole)."""
        return self.problem.lines if self.problem is not None else ()


@dataclass(frozen=True, slots=True)
class _Kept:
    files: tuple[str, ...]
    identity: Identity
    state: RosterState


def identity(files: tuple[str, ...]) -> Identity:
    """What tells a version of ``files`` from another: each one's size, modification time and inode."""
    out: list[tuple[str, tuple[int, int, int] | None]] = []
    for path in files:
        try:
            stat = os.stat(path)
        except (OSError, ValueError):  # missing, unreadable, a name too long: reading it will say so
            out.append((path, None))
        else:
            out.append((path, (stat.st_size, stat.st_mtime_ns, stat.st_ino)))
    return tuple(out)


def check_roster_file(path: str) -> None:
    """Refuse, before the server starts, a roster that is not a readable regular file (missing, a folder, too
    large), naming the option; a roster with bad rows starts, the page showing their errors."""
    from il2sched.core.messages import Opt, Phrase
    from il2sched.errors import ServeError
    from il2sched.sources.files import read_bytes

    hint = Phrase("hint.option_path", {"option": Opt("roster")})
    read_bytes(path, Phrase("term.roster"), ServeError, hint)


class WatchedRoster:
    """A roster file, checked whole as the command line checks it, read again only when a file changed."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        self._readings: dict[str, threading.Event] = {}

    def state(self, options: ScheduleOptions | None = None, wait: float = 2.0) -> RosterState:
        """The roster checked with ``options`` (the defaults when None) as its files are now; if they must
        be read, waits up to ``wait`` seconds for the reading, then answers what they held before, marked
        ``reading``."""
        options = options or ScheduleOptions()
        key = repr(options)  # ScheduleOptions holds a dict: not hashable, but its text is the same
        with self._lock:
            kept = self._kept.get(key)
        if kept is not None and identity(kept.files) == kept.identity:
            with self._lock:
                if key in self._kept:
                    self._kept.move_to_end(key)
            return kept.state
        with self._lock:
            event = self._readings.get(key)
            if event is None and len(self._readings) < MAX_READINGS:
                event = self._readings[key] = threading.Event()
                threading.Thread(
                    target=self._read, args=(key, options, event), name="il2sched roster", daemon=True
                ).start()
        if event is not None and event.wait(wait):
            with self._lock:
                kept = self._kept.get(key, kept)
            if kept is not None:
                return kept.state
        return replace(kept.state, reading=True) if kept is not None else RosterState(reading=True)

    def _read(self, key: str, options: ScheduleOptions, done: threading.Event) -> None:
        before = identity((self.path,))  # taken first: a change during the reading is seen next time
        try:
            try:
                rows, checker = read_checked_roster(self.path, options)
                state = RosterState(rows=rows, checker=checker)
            except RosterError as exc:  # the good rows are listed beside the bad ones' errors
                rows = cast("tuple[RosterRow, ...]", exc.rows)
                state = RosterState(rows=rows, problem=problem_of(exc))
            except Il2schedError as exc:
                rows, state = (), RosterState(problem=problem_of(exc))
            named = tuple(path for path, _ in input_files(options, None, rows) if path is not None)
            files = (self.path, *named)
            with self._lock:
                self._kept[key] = _Kept(files, before + identity(named), state)
                self._kept.move_to_end(key)
                while len(self._kept) > KEPT:
                    self._kept.popitem(last=False)
        except Exception as exc:  # a bug, or the machine out of descriptors: one line; the next page retries
            LOG.error("the roster could not be read: an internal error (%s)", type(exc).__name__)
        finally:
            with self._lock:
                del self._readings[key]
            done.set()
