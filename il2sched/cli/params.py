"""Command-line values: click types over the core's parsers, and the options every schedule command shares.

The shared options arrive in a command as one typed :class:`~il2sched.app.requests.ScheduleOptions`
(``options``), never as a bundle of untyped keyword arguments.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Generic, TypeVar, cast

import click

from il2sched.core import parsing
from il2sched.errors import InvalidValue

if TYPE_CHECKING:
    from il2sched.app.requests import ScheduleOptions

T = TypeVar("T")
R = TypeVar("R")


class _Parsed(click.ParamType, Generic[T]):  # type: ignore[type-arg]  # generic only from click 8.3
    """A click type backed by one of :mod:`il2sched.core.parsing`'s parsers."""

    parser: Callable[[str], T]

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> T:
        if not isinstance(value, str):
            return cast(T, value)  # already converted (a default or a second pass)
        try:
            return type(self).parser(value)
        except InvalidValue as exc:
            self.fail(str(exc), param, ctx)


class IsoDate(_Parsed[dt.date]):
    """A date written YYYY-MM-DD, the only form nobody misreads."""

    name = "YYYY-MM-DD"
    parser = staticmethod(parsing.parse_date)


class ClockTime(_Parsed[dt.time]):
    """A 24-hour time HH:MM."""

    name = "HH:MM"
    parser = staticmethod(parsing.parse_time)


class Duration(_Parsed[dt.timedelta]):
    """A duration such as 30m, 2h, 1d or 1h30m."""

    name = "DURATION"
    parser = staticmethod(parsing.parse_duration)


class Delay(_Parsed[tuple[int, int]]):
    """A postponement CYCLE:WEEKS."""

    name = "CYCLE:WEEKS"
    parser = staticmethod(parsing.parse_delay)


class ClosedSpan(_Parsed[tuple[dt.date, dt.date]]):
    """A closed day YYYY-MM-DD or an inclusive range YYYY-MM-DD..YYYY-MM-DD."""

    name = "DATE[..DATE]"
    parser = staticmethod(parsing.parse_span)


class BodySurface(_Parsed[Decimal]):
    """A body surface area in m² (0.2 to 3.5)."""

    name = "M2"
    parser = staticmethod(parsing.parse_bsa)


class Height(_Parsed[Decimal]):
    """A height in cm (30 to 250)."""

    name = "CM"
    parser = staticmethod(parsing.parse_height)


class Weight(_Parsed[Decimal]):
    """A body weight in kg (1 to 400)."""

    name = "KG"
    parser = staticmethod(parsing.parse_weight)


def _site(text: str) -> str:
    return parsing.check_text(text, "the site name")


class OneLine(_Parsed[str]):
    """A free text on one line (a site name)."""

    name = "TEXT"
    parser = staticmethod(_site)


output_option = click.option(
    "-o", "--output", default="-", show_default=True, metavar="PATH",
    help="Output file, written atomically; - for standard output.",
)  # fmt: skip

_SHARED = [
    click.option("--regimen", "regimen_name", default="nct01840046", show_default=True,
                 metavar="NAME|PATH", help="Built-in regimen name or path of a regimen .toml file."),
    click.option("--delay", "delays", multiple=True, type=Delay(),
                 help="Postpone a cycle and every later one by whole weeks (3:1); repeatable."),
    click.option("--time", "clock", type=ClockTime(),
                 help="Time of each administration; all-day without it."),
    click.option("--duration", type=click.IntRange(1, 24 * 60), default=15, show_default=True,
                 metavar="MINUTES", help="Length of timed calendar events."),
    click.option("--tz", default="Europe/Paris", show_default=True, metavar="ZONE",
                 help="IANA time zone of --time."),
    click.option("--remind", multiple=True, type=Duration(),
                 help="Reminder before each administration (30m, 2h, 1d); repeatable. All-day events start "
                 "at midnight: 1h rings at 23:00 the day before."),
    click.option("--remind-at", "remind_at", multiple=True, type=ClockTime(),
                 help="Reminder at this time of each dose's day (08:00), all-day events too; repeatable."),
    click.option("--private", is_flag=True,
                 help="Neutral calendar titles (\"Hospital appointment\": no drug, no dose) for calendars a "
                 "patient shares with others."),
    click.option("--lang", type=click.Choice(["en", "fr"]), default="en", show_default=True,
                 help="Language of every human-readable text."),
    click.option("--excel", is_flag=True,
                 help="CSV for French Excel: ';' separator, UTF-8 BOM, decimal comma."),
    click.option("--site", default="", type=OneLine(), help="Ward or site named on printed sheets."),
    click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True,
                 help="Paper size of printed sheets."),
    click.option("--double-check", is_flag=True,
                 help="Printed sheets and worklists get a column for a second nurse's check."),
    click.option("--country", default="FR", show_default=True, metavar="CC",
                 help="Country whose public holidays are closed days ('il2sched holidays --list')."),
    click.option("--subdiv", metavar="CODE",
                 help="Region of --country, e.g. 57 (Moselle) or 6AE/67/68 (Alsace)."),
    click.option("--no-holidays", is_flag=True, help="Ignore public holidays."),
    click.option("--closed", multiple=True, type=ClosedSpan(),
                 help="A site closure day or inclusive range; repeatable."),
    click.option("--closed-file", metavar="PATH",
                 help="Site closures: one YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD per line, # comments."),
    click.option("--on-holiday", "policy", type=click.Choice(["flag", "shift", "skip"]), default="flag",
                 show_default=True,
                 help="Doses on closed days: flag them, shift them to the next open days of the cycle, "
                 "or skip them."),
    click.option("--no-weekends", is_flag=True, help="Never shift a dose onto a Saturday or Sunday."),
    click.option("--bsa", type=BodySurface(),
                 help="Body surface area in m², for doses per m² (0.2 to 3.5)."),
    click.option("--height", type=Height(),
                 help="Height in cm, with --weight: the body surface area by the Mosteller formula."),
    click.option("--weight", type=Weight(), help="Body weight in kg, for doses per kg (1 to 400)."),
]  # fmt: skip
_SHARED_NAMES = (
    "regimen_name", "delays", "clock", "duration", "tz", "remind", "remind_at", "private", "lang", "excel",
    "site", "paper", "double_check",
    "country", "subdiv", "no_holidays", "closed", "closed_file", "policy", "no_weekends",
    "bsa", "height", "weight",
)  # fmt: skip


def _optional(values: dict[str, object], name: str, kind: type[T]) -> T | None:
    value = values.pop(name)
    if value is not None and not isinstance(value, kind):
        raise TypeError(f"option {name} is {value!r}, not {kind.__name__}")  # a bug in the option table
    return value


def _take(values: dict[str, object], name: str, kind: type[T]) -> T:
    value = _optional(values, name, kind)
    if value is None:
        raise TypeError(f"option {name} has no value")  # a bug in the option table: it has a default
    return value


def build_options(values: dict[str, object]) -> ScheduleOptions:
    """The :class:`ScheduleOptions` of the shared options' values (which are removed from ``values``)."""
    from il2sched.app.requests import ScheduleOptions
    from il2sched.core.dosing import body_size
    from il2sched.core.schedule import Policy

    country = _take(values, "country", str)
    no_holidays = _take(values, "no_holidays", bool)
    clock = _optional(values, "clock", dt.time)
    subdiv = _optional(values, "subdiv", str)
    closed_file = _optional(values, "closed_file", str)
    bsa = _optional(values, "bsa", Decimal)
    height = _optional(values, "height", Decimal)
    weight = _optional(values, "weight", Decimal)
    body_size(bsa, height, weight)  # --height without --weight, or with --bsa: one line, now
    return ScheduleOptions(
        regimen=_take(values, "regimen_name", str),
        time=clock,
        tz=_take(values, "tz", str),
        duration=dt.timedelta(minutes=_take(values, "duration", int)),
        reminders=tuple(_take(values, "remind", tuple)),
        remind_at=tuple(_take(values, "remind_at", tuple)),
        private=_take(values, "private", bool),
        lang=_take(values, "lang", str),
        excel=_take(values, "excel", bool),
        site=_take(values, "site", str),
        paper=_take(values, "paper", str),
        double_check=_take(values, "double_check", bool),
        country=None if no_holidays else country,
        subdiv=subdiv,
        closed=tuple(_take(values, "closed", tuple)),
        closed_file=closed_file,
        policy=Policy(_take(values, "policy", str)),
        weekends_open=not _take(values, "no_weekends", bool),
        delays=_delays(list(_take(values, "delays", tuple))),
        bsa=bsa,
        height=height,
        weight=weight,
    )


def takes_schedule_options(function: Callable[..., R]) -> Callable[..., R]:
    """``function`` taking the shared options' raw values (click's) instead of one ``options`` argument.

    The command line calls it with its parsed options; the web page with the same command's values parsed
    from a query string (:mod:`il2sched.web.query`), so both faces build the very same request.
    """

    @functools.wraps(function)
    def with_options(**values: object) -> R:
        shared = {name: values.pop(name) for name in _SHARED_NAMES}
        return function(options=build_options(shared), **values)

    return with_options


def _delays(values: list[tuple[int, int]]) -> dict[int, int]:
    try:
        return parsing.merge_delays(values)
    except InvalidValue as exc:
        raise InvalidValue(f"invalid value for '--delay': {exc}") from None


def schedule_options(command: Callable[..., None]) -> Callable[..., None]:
    """Add the shared schedule options to ``command``, which receives them as ``options``."""
    decorated: Callable[..., None] = takes_schedule_options(command)
    for option in reversed(_SHARED):
        decorated = option(decorated)
    return decorated
