"""The options every request shares (:class:`ScheduleOptions`), the request of the main use case, and the
builders both faces call with the texts they were given.

The worklist, batch and publish requests live beside their use case (``app/worklist.py``, ``batch.py``,
``publish.py``, with ``worklist_request``), so a run loads only its own. The command line and the web page
hand the same texts (as typed, by option) to :func:`generate_request`, which parses them with the declared
options' parsers (:mod:`il2sched.app.options`): the two faces cannot drift apart. The application checks what
needs data to check (a regimen's cycles, a zone's name, a roster's rows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from il2sched.app import option_table as declared
from il2sched.app.commands import GENERATE
from il2sched.app.options import Command, Json, Raw, Stored, dump, field_values, load, parse_values
from il2sched.core.dosing import body_size
from il2sched.core.messages import Opt, keyed
from il2sched.core.schedule import Policy
from il2sched.errors import InvalidValue

DEFAULT_REGIMEN: str = declared.REGIMEN.default


@dataclass(frozen=True, slots=True)
class ScheduleOptions:
    """The options that shape every patient's schedule and outputs (generate, batch, worklist, publish).

    Each field is set by one declared option (:data:`~il2sched.app.option_table.SCHEDULE_OPTIONS`), whose
    default it takes.
    """

    regimen: str = DEFAULT_REGIMEN  # a built-in name or a .toml path
    time: dt.time | None = None
    tz: str = declared.TZ.default
    duration: dt.timedelta = declared.DURATION.default
    reminders: tuple[dt.timedelta, ...] = ()  # alarms this long before each event
    remind_at: tuple[dt.time, ...] = ()  # alarms at this time of each dose's day
    private: bool = False  # neutral calendar titles (no drug, no dose) for calendars shared with others
    lang: str = declared.LANG.default
    excel: bool = False
    site: str = declared.SITE.default
    paper: str = declared.PAPER.default
    double_check: bool = False  # a second-check column on printed sheets and worklists (local policy)
    country: str | None = declared.COUNTRY.default  # None: no public holidays
    subdiv: str | None = None
    closed: tuple[tuple[dt.date, dt.date], ...] = ()
    closed_file: str | None = None
    policy: Policy = declared.ON_HOLIDAY.default
    weekends_open: bool = False  # the unit opens at weekends: a moved on-site dose may go there
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
    patient: str | None = None  # None: no code (the outputs then show a neutral placeholder)
    # "next" or "previous": move a start that is not a Monday there (a regimen tied to weekdays only)
    align: str | None = None
    format: str | None = None  # None: from the output's suffix, else the table
    # Where the bytes will go ("-": standard output or a download): it picks the format by its suffix, and a
    # calendar it already holds feeds the new one's SEQUENCE numbers.
    output: str = "-"
    stamp: dt.datetime | None = None  # None: SOURCE_DATE_EPOCH, else now
    # The output goes to a terminal (a person reads it): a binary format (PDF) is refused there.
    to_terminal: bool = False
    # The doses a printed sheet or table shows (--from, --to; either may be left out); None: the whole course.
    period_from: dt.date | None = None
    period_to: dt.date | None = None


def parse_command(command: Command, raw: Mapping[str, Raw]) -> dict[str, Any]:
    """The values of ``command``'s options from the texts given (by option key), checked as declared."""
    return parse_values(command.options, raw, command.required)


def schedule_options(values: Mapping[str, Any]) -> ScheduleOptions:
    """The :class:`ScheduleOptions` of parsed option values (:func:`parse_command`)."""
    if values.get("open_weekends") and values.get("no_weekends"):
        raise keyed(
            InvalidValue, "weekends.both", option="open-weekends", open=Opt("open-weekends"),
            closed=Opt("no-weekends"),
        )  # fmt: skip
    fields = field_values(declared.SCHEDULE_OPTIONS, values)
    body_size(fields["bsa"], fields["height"], fields["weight"])  # --height without --weight: one line, now
    return ScheduleOptions(**fields)


def generate_request(raw: Mapping[str, Raw]) -> GenerateRequest:
    """``generate``'s request from the texts of its options (the command line's, or a query's)."""
    values = parse_command(GENERATE, raw)
    return GenerateRequest(
        values["start"], schedule_options(values), values["patient"], values["align"], values["format"],
        values["output"], period_from=values["from"], period_to=values["to"],
    )  # fmt: skip


def options_record(options: ScheduleOptions) -> dict[str, Json]:
    """``options`` as the ward record stores them: each field under its declared storage name, as JSON."""
    return {
        o.stored.name: dump(o, getattr(options, o.field))
        for o in declared.SCHEDULE_OPTIONS
        if isinstance(o.stored, Stored)
    }


def options_from_record(record: Mapping[str, Json]) -> ScheduleOptions:
    """The options :func:`options_record` stored, each value checked again as if typed; a field the record
    does not hold (a record older than the option) takes the option's default."""
    fields = {
        o.field: load(o, record[o.stored.name])
        for o in declared.SCHEDULE_OPTIONS
        if isinstance(o.stored, Stored) and o.stored.name in record
    }
    return ScheduleOptions(**fields)
