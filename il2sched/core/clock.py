"""A dose's local time on a night the clocks change, and the words that explain it.

A wall time can fail to exist (the clocks go forward over it: Paris 02:30 on the last Sunday of March) or
happen twice (they go back over it: Paris 02:30 on the last Sunday of October, Cairo 23:30 on its change
night). Every output says the same thing about such a dose: RFC 5545's reading, which is also zoneinfo's
``fold=0``. A time that does not exist takes the offset from before the gap, so 02:30 is the instant shown
as 03:30; a time that happens twice is its first occurrence. The zone data that decides which case applies
is read at the edge (:func:`il2sched.sources.zones.local_time`); this module only holds the result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from il2sched.core.texts import Texts


class Edge(StrEnum):
    """What the clocks do to a planned wall time."""

    NONE = "none"
    GAP = "gap"  # the wall time does not exist: the dose is at the wall time of that instant after the gap
    FOLD = "fold"  # the wall time happens twice: it is given at the first one


@dataclass(frozen=True, slots=True)
class LocalTime:
    """A planned date and time in a zone, and when it really happens."""

    planned: dt.datetime  # naive: the date and time the plan asks for
    wall: dt.datetime  # naive: the wall time the dose happens at (the planned one unless it is in a gap)
    utc: dt.datetime  # the instant, in UTC
    zone: str
    edge: Edge = Edge.NONE
    skipped_day: bool = False  # the zone skipped the planned date whole (Apia, 30 December 2011)

    @property
    def day(self) -> dt.date:
        """The date the dose happens on: the planned one, or a later one when the gap crosses midnight."""
        return self.wall.date()

    @property
    def offset(self) -> dt.timedelta:
        """The UTC offset at the instant (east positive)."""
        return self.wall - self.utc.replace(tzinfo=None)


def utc_offset_text(offset: dt.timedelta) -> str:
    """An offset as people read it: "UTC+02:00", "UTC-03:00", "UTC+05:30"."""
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def clock_note(local: LocalTime | None, texts: Texts, *, private: bool = False) -> str:
    """Why a dose's time is what it is on a night the clocks change; empty on any other night.

    A gap that crosses midnight (or a day the zone skipped) names the date the dose happens on, so that the
    note and the row say the same instant. ``private``: "the appointment" rather than "the dose".
    """
    if local is None or local.edge is Edge.NONE:
        return ""
    values = {
        "time": local.planned.strftime("%H:%M"),
        "date": texts.date(local.planned.date()),
        "zone": local.zone,
        "wall": local.wall.strftime("%H:%M"),
        "day": texts.date(local.day),
        "offset": utc_offset_text(local.offset),
        "subject": texts("clock.appointment" if private else "clock.dose"),
    }
    if local.edge is Edge.FOLD:
        key = "clock.fold"
    elif local.skipped_day:
        key = "clock.skipped_day"
    else:
        key = "clock.gap" if local.day == local.planned.date() else "clock.gap_next_day"
    return texts(key, **values)


def shown_time(local: LocalTime | None) -> dt.time | None:
    """The time to show for a dose: the wall time it happens at, or ``None`` for an all-day dose."""
    return local.wall.time() if local is not None else None


def shown_day(day: dt.date, local: LocalTime | None) -> dt.date:
    """The date to show beside :func:`shown_time`: the dose's ``day``, or the later date a gap that crosses
    midnight puts it on (so that date and time name the instant every calendar gives it)."""
    return local.day if local is not None else day


def time_on(day: dt.date, local: LocalTime | None, texts: Texts) -> str:
    """The time of a dose listed under ``day`` ("09:00", "all day"), with its date when the clocks put it on
    another one ("00:15, Sat 5 May 2018")."""
    if local is None or local.day == day:
        return texts.time(shown_time(local))
    return texts("clock.time_on", time=texts.time(shown_time(local)), date=texts.date(local.day))
