"""The options every request shares (:class:`ScheduleOptions`) and the request of the main use case.

The worklist, batch and publish requests live beside their use case (``app/worklist.py``, ``batch.py``,
``publish.py``), so a run loads only its own. Every value is already parsed and checked for form by the
face (dates are dates, durations are durations); the application checks what needs data to check (a
regimen's cycles, a zone's name, a roster's rows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from il2sched.core.schedule import Policy

DEFAULT_REGIMEN = "nct01840046"


@dataclass(frozen=True, slots=True)
class ScheduleOptions:
    """The options that shape every patient's schedule and outputs (generate, batch, worklist, publish)."""

    regimen: str = DEFAULT_REGIMEN  # a built-in name or a .toml path
    time: dt.time | None = None
    tz: str = "Europe/Paris"
    duration: dt.timedelta = dt.timedelta(minutes=15)
    reminders: tuple[dt.timedelta, ...] = ()  # alarms this long before each event
    remind_at: tuple[dt.time, ...] = ()  # alarms at this time of each dose's day
    private: bool = False  # neutral calendar titles (no drug, no dose) for calendars shared with others
    lang: str = "en"
    excel: bool = False
    site: str = ""
    paper: str = "a4"
    double_check: bool = False  # a second-check column on printed sheets and worklists (local policy)
    country: str | None = "FR"  # None: no public holidays
    subdiv: str | None = None
    closed: tuple[tuple[dt.date, dt.date], ...] = ()
    closed_file: str | None = None
    policy: Policy = Policy.FLAG
    weekends_open: bool = True
    delays: Mapping[int, int] = field(default_factory=dict)  # cycle number -> weeks postponed
    # Body size, for doses per m² or per kg: BSA in m², or height (cm) with weight (kg); weight alone.
    bsa: Decimal | None = None
    height: Decimal | None = None
    weight: Decimal | None = None


@dataclass(frozen=True, slots=True)
class GenerateRequest:
    """One patient's schedule in one format."""

    start: dt.date
    options: ScheduleOptions = field(default_factory=ScheduleOptions)
    patient: str | None = None  # None: the default code
    # "next" or "previous": move a start that is not a Monday there (a regimen tied to weekdays only)
    align: str | None = None
    format: str | None = None  # None: from the output's suffix, else the table
    # Where the bytes will go ("-": standard output or a download): it picks the format by its suffix, and a
    # calendar it already holds feeds the new one's SEQUENCE numbers.
    output: str = "-"
    stamp: dt.datetime | None = None  # None: SOURCE_DATE_EPOCH, else now
    # The output goes to a terminal (a person reads it): a binary format (PDF) is refused there.
    to_terminal: bool = False
