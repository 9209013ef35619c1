"""The server's roster, read again whenever its file changes (a coordinator edits it with the page open)."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

from il2sched.app.requests import ScheduleOptions
from il2sched.app.roster import read_checked_roster
from il2sched.errors import Il2schedError
from il2sched.sources.roster import RosterRow


@dataclass(frozen=True, slots=True)
class RosterState:
    """The roster as last read: its rows, or the command line's error lines (one per bad row)."""

    rows: tuple[RosterRow, ...] = ()
    problems: tuple[str, ...] = ()


class WatchedRoster:
    """A roster file, checked whole like the command line does, and read again only when it changed."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._key: tuple[int, int, int] | None = None
        self._state = RosterState()

    def _stat_key(self) -> tuple[int, int, int] | None:
        try:
            stat = os.stat(self.path)
        except OSError:
            return None  # missing or unreadable: read_checked_roster says so in its own words
        return stat.st_mtime_ns, stat.st_size, stat.st_ino

    def state(self) -> RosterState:
        """The rows (or problems) of the file as it is now."""
        with self._lock:
            key = self._stat_key()
            if key is None or key != self._key:
                try:
                    rows, _ = read_checked_roster(self.path, ScheduleOptions())
                    self._state = RosterState(rows=rows)
                except Il2schedError as exc:
                    self._state = RosterState(problems=tuple(str(exc).splitlines()))
                self._key = key
            return self._state
