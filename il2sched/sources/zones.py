"""Time zone data: IANA zones as :class:`zoneinfo.ZoneInfo`, and the POSIX rule that ends each TZif file.

Zones come from the ``tzdata`` package il2sched depends on (and ``constraints.txt`` pins), never from the
machine's ``/usr/share/zoneinfo`` or ``PYTHONTZPATH``: the same command gives the same bytes on every
machine, whatever its operating system's tz database says (Casablanca's rules after 2026-09-20 differ
between tzdata 2025b and 2026f). Only when the package itself is missing (a broken install) is the system's
database used.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import struct
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from il2sched.core.clock import Edge, LocalTime
from il2sched.core.messages import keyed
from il2sched.errors import ScheduleError

if TYPE_CHECKING:
    import zoneinfo

# An IANA key: slash-separated names, never "." or "..", so a key can never leave the data folder.
_KEY_RE = re.compile(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*")


def _unknown(key: str) -> ScheduleError:
    return keyed(ScheduleError, "zone.unknown", zone=repr(key))


@functools.lru_cache(maxsize=256)
def tzif_data(key: str) -> bytes | None:
    """The TZif file of zone ``key`` from the ``tzdata`` package, or ``None`` when there is no such zone."""
    if not _KEY_RE.fullmatch(key) or len(key) > 64:
        return None
    folder = _tzdata_folder()
    if folder is None:
        return _system_tzif(key)
    try:
        data = (folder / key).read_bytes()
    except OSError:  # no such file, or a folder such as "Europe"
        return None
    return data if data[:4] == b"TZif" else None


@functools.lru_cache(maxsize=1)
def _tzdata_folder() -> Path | None:
    """The ``zoneinfo`` folder of the tzdata package, found without importing it (nor importlib.resources:
    both cost a CSV run more start-up than the rest of the zone handling)."""
    spec = find_spec("tzdata")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "zoneinfo"


def _system_tzif(key: str) -> bytes | None:
    """The machine's TZif file for ``key``: the fallback when the tzdata package is not installed."""
    import zoneinfo

    for base in zoneinfo.TZPATH:
        try:
            data = (Path(base) / key).read_bytes()
        except OSError:
            continue
        if data[:4] == b"TZif":
            return data
    return None


@functools.lru_cache(maxsize=256)
def load_zone(key: str) -> zoneinfo.ZoneInfo:
    """The IANA zone ``key`` from the tzdata package, or a :class:`ScheduleError` saying how to name one."""
    data = tzif_data(key)
    if data is None:
        raise _unknown(key)
    import zoneinfo  # only for timed doses: its import (and sysconfig's) would slow every all-day run

    try:
        return zoneinfo.ZoneInfo.from_file(io.BytesIO(data), key=key)
    except ValueError:  # a damaged file
        raise _unknown(key) from None


def check_zone(key: str) -> str:
    """``key`` if it names a known zone, else a :class:`ScheduleError`; reads the file, loads no zone."""
    if tzif_data(key) is None:
        raise _unknown(key)
    return key


def tzif_footer(key: str) -> str | None:
    """The POSIX TZ string at the end of zone ``key``'s TZif file (TZif version 2 and later)."""
    data = tzif_data(key)
    if data is None or not data.endswith(b"\n"):
        return None
    return data.rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii", "replace")


@functools.lru_cache(maxsize=4096)
def local_time(day: dt.date, time: dt.time, key: str) -> LocalTime:
    """When a dose planned at ``time`` on ``day`` in zone ``key`` happens (see :mod:`il2sched.core.clock`).

    A time in a gap takes the offset from before the gap (RFC 5545, zoneinfo's ``fold=0``) and is shown as
    the wall time of that instant; a time that happens twice is its first occurrence.
    """
    planned = dt.datetime.combine(day, time)
    if key == "UTC":
        return LocalTime(planned, planned, planned.replace(tzinfo=dt.UTC), key)
    zone = load_zone(key)
    first = planned.replace(tzinfo=zone, fold=0)
    second = planned.replace(tzinfo=zone, fold=1)
    instant = first.astimezone(dt.UTC)
    wall = instant.astimezone(zone).replace(tzinfo=None)
    skipped_day = False
    if wall != planned:
        edge = Edge.GAP
        if wall.date() != day:  # the gap crosses midnight: was the whole day skipped (Apia, 2011-12-30)?
            midnight = dt.datetime.combine(day, dt.time()).replace(tzinfo=zone)
            skipped_day = midnight.astimezone(dt.UTC).astimezone(zone).date() != day
    elif first.utcoffset() != second.utcoffset():
        edge = Edge.FOLD
    else:
        edge = Edge.NONE
    return LocalTime(planned, wall, instant, key, edge, skipped_day)


@dataclass(frozen=True, slots=True)
class Transition:
    """A change of a zone's UTC offset: when (UTC), the offsets before and after, and the name after it."""

    instant: dt.datetime  # aware, UTC
    before: dt.timedelta
    after: dt.timedelta
    name: str  # the abbreviation after the change (CEST, IST, +03...)
    # Summer time after the change: the clocks are ahead of the zone's standard time. Morocco's Ramadan
    # hour (tzdata's negative "summer time") is not: readers built on dateutil misplace a DAYLIGHT
    # observance whose clocks go back.
    daylight: bool

    @property
    def onset(self) -> dt.datetime:
        """The change as RFC 5545 writes a VTIMEZONE onset: naive local time in the offset before it."""
        return (self.instant + self.before).replace(tzinfo=None)


#: Beyond the TZif file's list, changes follow its POSIX rule, months apart: a daily look finds each.
_STEP = dt.timedelta(days=1)
_TZIF_HEADER = struct.Struct(">4sc15x6l")


@functools.lru_cache(maxsize=256)
def _listed_changes(data: bytes) -> tuple[tuple[int, ...], dt.datetime]:
    """The change instants (UTC seconds) a TZif file lists (version 2+ block, RFC 8536), and the instant
    after which the POSIX rule at the file's end gives the changes instead."""
    magic, version, *counts = _TZIF_HEADER.unpack_from(data)
    isut, isstd, leap, times, types, chars = counts
    if magic != b"TZif" or version == b"\x00":
        return (), dt.datetime(1, 1, 1, tzinfo=dt.UTC)  # no list we can read: look at every year
    # Skip the version 1 block (32-bit times) to the version 2 header and its 64-bit times.
    offset = _TZIF_HEADER.size + times * 5 + types * 6 + chars + leap * 8 + isstd + isut
    _, _, *counts = _TZIF_HEADER.unpack_from(data, offset)
    times = counts[3]
    start = offset + _TZIF_HEADER.size
    instants = struct.unpack_from(f">{times}q", data, start)
    if not instants:
        return (), dt.datetime(1, 1, 1, tzinfo=dt.UTC)
    return instants, dt.datetime.fromtimestamp(instants[-1], dt.UTC) + dt.timedelta(seconds=1)


@functools.lru_cache(maxsize=512)
def transitions(key: str, year: int) -> tuple[Transition, ...]:
    """Every change of zone ``key``'s UTC offset during ``year`` (UTC), with the offsets zoneinfo gives
    either side of it: the TZif file's own list, then (after it) a daily look at zoneinfo's offsets, each
    change narrowed down to the second."""
    zone = load_zone(key)
    data = tzif_data(key) or b""
    listed, rule_from = _listed_changes(data)
    begin = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
    candidates = [
        dt.datetime.fromtimestamp(t, dt.UTC) for t in listed if begin.timestamp() <= t < end.timestamp()
    ]
    if end > rule_from:
        candidates += _looked_up(zone, max(begin, rule_from), end)
    out: list[Transition] = []
    for instant in sorted(set(candidates)):
        before = (instant - dt.timedelta(seconds=1)).astimezone(zone)
        after = instant.astimezone(zone)
        if before.utcoffset() == after.utcoffset():
            continue  # a new abbreviation or summer-time flag only: the clocks do not change
        assert before.utcoffset() is not None and after.utcoffset() is not None
        daylight = (after.dst() or dt.timedelta(0)) > dt.timedelta(0)
        out.append(
            Transition(instant, before.utcoffset(), after.utcoffset(), after.tzname() or "", daylight)  # type: ignore[arg-type]
        )
    return tuple(out)


def _looked_up(zone: zoneinfo.ZoneInfo, begin: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """The instants from ``begin`` to ``end`` at which zoneinfo's offset changes (found day by day, then to
    the second)."""
    found = []
    moment = begin
    offset = moment.astimezone(zone).utcoffset()
    while moment < end:
        step = min(_STEP, end - moment)
        following = (moment + step).astimezone(zone).utcoffset()
        if following != offset:
            low, high = moment, moment + step  # the old offset at low, the new one at high
            while high - low > dt.timedelta(seconds=1):
                middle = (low + (high - low) / 2).replace(microsecond=0)
                if middle.astimezone(zone).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            found.append(high)
            offset = following
        moment += step
    return found


def dose_time(day: dt.date, time: dt.time | None, key: str | None) -> LocalTime | None:
    """:func:`local_time` of a dose, or ``None`` for an all-day dose (or one whose zone is not known)."""
    return local_time(day, time, key) if time is not None and key else None
