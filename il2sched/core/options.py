"""How to render a schedule or a worklist: everything a renderer needs that is not the model itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from il2sched.core.period import Period
from il2sched.core.reconcile import Reconciliation
from il2sched.core.texts import Texts

#: The defaults of an output's options (``--duration`` and ``--paper`` declare them as theirs).
DEFAULT_DURATION = dt.timedelta(minutes=15)
DEFAULT_PAPER = "a4"


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """The options of one output; passed in whole, so the same model and options give the same bytes."""

    texts: Texts
    stamp: dt.datetime  # DTSTAMP and "generated on": passed in so outputs are reproducible
    duration: dt.timedelta = DEFAULT_DURATION
    reminders: tuple[dt.timedelta, ...] = ()  # alarms this long before each event
    remind_at: tuple[dt.time, ...] = ()  # alarms at this time of the dose's day (all-day events' reminders)
    excel: bool = False  # CSV for French Excel: ';', BOM, decimal comma
    site: str = ""  # the ward or site named on printed sheets (user text: escape it)
    paper: str = DEFAULT_PAPER  # printed sheets: "a4" or "letter"
    double_check: bool = False  # printed sheets and worklists: a column for a second nurse's check
    # UID -> (SEQUENCE, DTSTART|DTEND) of the calendar this one replaces: moved events get a higher SEQUENCE.
    previous: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    private: bool = False  # calendars a patient shares with others: neutral titles, no drug, no dose
    shared: bool = False  # calendars of several patients (ward, CalDAV server): patient code first in titles
    period: Period | None = None  # printed sheets and tables: the doses of this period only (whole totals)
    record: Reconciliation | None = None  # printed sheets: what the ward record holds, printed in its boxes
