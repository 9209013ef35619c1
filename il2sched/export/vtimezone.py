"""VTIMEZONE components that every reader, Outlook included, places on the right instants.

Outlook reduces a VTIMEZONE to one STANDARD and one DAYLIGHT observance with a yearly RRULE and ignores
RDATE lists, so a VTIMEZONE made of one observance per transition (what most libraries write) can shift
every event by an hour there. We build the yearly-rule form from the POSIX TZ string that ends every
TZif v2+ file (from the tzdata package, like every zone il2sched reads), and use it only when its changes are
exactly :mod:`zoneinfo`'s at every transition of the schedule's span (a year either side) and its offsets
agree at every instant we put in the calendar. Otherwise (a rule a yearly RRULE cannot say: Jerusalem's
"Friday before the last Sunday", Cairo's and Santiago's changes at 24:00; or a schedule from before the
zone's current rule; Casablanca's yearly Ramadan changes) we write the exact form: one observance per kind
of change, listing each onset, computed here from zoneinfo. icalendar's ``Timezone.from_tzinfo`` (and
``from_tzid``) would write that form with every forward change an hour late: its DTSTART is the first wall
time after the change, where RFC 5545 wants the onset in the offset before it (TZOFFSETFROM).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from il2sched.sources.zones import Transition, load_zone, transitions, tzif_footer

_NAME = r"(<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"([+-]?\d{1,3}(?::\d{2}){0,2})"
_RULE = r"(M\d{1,2}\.\d\.\d)(?:/([+-]?\d{1,3}(?::\d{2}){0,2}))?"
_POSIX_RE = re.compile(rf"{_NAME}{_OFFSET}(?:{_NAME}{_OFFSET}?,{_RULE},{_RULE})?")


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")]
    parts += [0] * (3 - len(parts))
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


@dataclass(frozen=True, slots=True)
class _Transition:
    month: int
    week: int  # 1-4, or 5 for "last"
    weekday: int  # 0 = Sunday, as in POSIX
    seconds: int  # local time of day, in the offset in force before the change

    def on(self, year: int) -> dt.datetime:
        first = dt.date(year, self.month, 1)
        sunday_based = (first.weekday() + 1) % 7
        day = first + dt.timedelta(days=(self.weekday - sunday_based) % 7 + 7 * (self.week - 1))
        while day.month != self.month:
            day -= dt.timedelta(weeks=1)
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=self.seconds)

    def rrule(self) -> dict[str, Any]:
        codes = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")
        ordinal = -1 if self.week == 5 else self.week
        return {"FREQ": "YEARLY", "BYMONTH": self.month, "BYDAY": f"{ordinal}{codes[self.weekday]}"}


@dataclass(frozen=True, slots=True)
class PosixZone:
    """A zone's current rule: standard name and offset, and optionally daylight time with its two changes."""

    std_name: str
    std_offset: int  # seconds east of UTC
    dst_name: str | None = None
    dst_offset: int = 0
    dst_start: _Transition | None = None
    dst_end: _Transition | None = None

    def offset_at(self, local: dt.datetime) -> int:
        """UTC offset in seconds of a (naive) local wall time under this rule."""
        if self.dst_start is None or self.dst_end is None:
            return self.std_offset
        start, end = self.dst_start.on(local.year), self.dst_end.on(local.year)
        in_dst = start <= local < end if start < end else not end <= local < start
        return self.dst_offset if in_dst else self.std_offset


def parse_posix(text: str) -> PosixZone | None:
    """Parse a POSIX TZ string; ``None`` for the forms a yearly RRULE cannot express."""
    match = _POSIX_RE.fullmatch(text.strip())
    if not match:
        return None
    std, std_off, dst, dst_off, r1, t1, r2, t2 = match.groups()
    std_offset = -_seconds(std_off)  # POSIX counts west of Greenwich as positive
    if dst is None:
        return PosixZone(std.strip("<>"), std_offset)
    dst_offset = -_seconds(dst_off) if dst_off else std_offset + 3600
    transitions = []
    for rule, when in ((r1, t1), (r2, t2)):
        month, week, weekday = (int(x) for x in rule[1:].split("."))
        seconds = _seconds(when) if when else 7200
        if not 0 <= seconds < 86400:
            return None  # a change at "-1" or "25" o'clock cannot be one RRULE
        transitions.append(_Transition(month, week, weekday, seconds))
    return PosixZone(std.strip("<>"), std_offset, dst.strip("<>"), dst_offset, *transitions)


def _fmt_offset(seconds: int) -> dt.timedelta:
    return dt.timedelta(seconds=seconds)


def _span(locals_: list[dt.datetime]) -> range:
    """The years whose changes a VTIMEZONE must get right: those of the calendar's times, one either side."""
    if not locals_:
        return range(1970, 1971)
    return range(locals_[0].year - 1, locals_[-1].year + 2)


#: The years every exact-form VTIMEZONE lists at least, so that a zone's VTIMEZONE is the same in every
#: calendar: readers that keep the first definition of a TZID for every later calendar (vobject's registry,
#: hence Radicale; icalendar's cache) would otherwise place a later year's events with an earlier calendar's
#: list of changes.
EXACT_YEARS = range(2000, 2041)


def _exact_span(locals_: list[dt.datetime]) -> range:
    span = _span(locals_)
    return range(min(span.start, EXACT_YEARS.start), max(span.stop, EXACT_YEARS.stop))


def _changes(key: str, years: range) -> list[Transition]:
    return [t for year in years for t in transitions(key, year)]


def _rule_changes(rule: PosixZone, years: range) -> list[tuple[dt.datetime, dt.timedelta, dt.timedelta]]:
    """The rule's changes as (UTC instant, offset before, offset after), within ``years`` (UTC)."""
    if rule.dst_start is None or rule.dst_end is None:
        return []
    std, dst = dt.timedelta(seconds=rule.std_offset), dt.timedelta(seconds=rule.dst_offset)
    out = []
    for year in range(years.start - 1, years.stop + 1):
        for when, before, after in ((rule.dst_start, std, dst), (rule.dst_end, dst, std)):
            instant = (when.on(year) - before).replace(tzinfo=dt.UTC)
            if years.start <= instant.year < years.stop:
                out.append((instant, before, after))
    return sorted(out)


def rule_holds(key: str, rule: PosixZone, locals_: list[dt.datetime]) -> bool:
    """True when ``rule`` changes the clocks exactly when zoneinfo does over the span of ``locals_``, and
    gives the zone's offset at each of them."""
    zone = load_zone(key)
    years = _span(locals_)
    truth = [(t.instant, t.before, t.after) for t in _changes(key, years)]
    if truth != _rule_changes(rule, years):
        return False
    if not truth:
        first = dt.datetime(years.start, 1, 1, tzinfo=dt.UTC).astimezone(zone).utcoffset()
        if first != dt.timedelta(seconds=rule.std_offset):
            return False
    return all(
        rule.offset_at(t) == int(t.replace(tzinfo=zone).utcoffset().total_seconds())  # type: ignore[union-attr]
        for t in locals_
    )


@functools.lru_cache(maxsize=32)
def exact_vtimezone(key: str, years: range) -> Any:
    """The zone's changes during ``years`` as a VTIMEZONE: one observance per kind of change, each onset
    listed (DTSTART, and an RDATE each, for the readers that count only RDATE), written in the offset before
    it."""
    import icalendar

    first = _in_force(key, years.start)
    kinds: dict[tuple[dt.timedelta, dt.timedelta, str, bool], list[dt.datetime]] = {}
    for change in (first, *_changes(key, years)):
        kinds.setdefault((change.before, change.after, change.name, change.daylight), []).append(change.onset)
    vtz = icalendar.Timezone()
    vtz.add("TZID", key)
    vtz.add("X-LIC-LOCATION", key)
    for (before, after, name, daylight), onsets in kinds.items():
        component = icalendar.TimezoneDaylight() if daylight else icalendar.TimezoneStandard()
        component.add("DTSTART", onsets[0])
        component.add("TZOFFSETFROM", before)
        component.add("TZOFFSETTO", after)
        component.add("TZNAME", name)
        # One RDATE line per onset: ical.js (Thunderbird) reads only the first value of a list.
        for onset in onsets:
            component.add("RDATE", onset)
        vtz.add_component(component)
    return vtz


def _in_force(key: str, year: int) -> Transition:
    """The change whose offset is in force when ``year`` begins: the last one before it (within 30 years),
    else an observance that changes nothing. Its true TZOFFSETFROM matters: readers built on dateutil
    derive summer time from TZOFFSETTO - TZOFFSETFROM and misplace instants when a DAYLIGHT observance
    says it changes nothing."""
    for earlier in range(year - 1, year - 31, -1):
        found = transitions(key, earlier)
        if found:
            return found[-1]
    begin = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    local = begin.astimezone(load_zone(key))
    offset = local.utcoffset() or dt.timedelta(0)
    daylight = (local.dst() or dt.timedelta(0)) > dt.timedelta(0)
    return Transition(begin, offset, offset, local.tzname() or "", daylight)


def build_vtimezone(key: str, instants: Iterable[dt.datetime]) -> Any:
    """A VTIMEZONE for zone ``key`` that is exact for every naive local datetime in ``instants`` and at every
    change of the clocks from a year before the first of them to a year after the last."""
    import icalendar

    locals_ = sorted(instants)
    footer = tzif_footer(key)
    rule = parse_posix(footer) if footer else None
    if rule is None or not rule_holds(key, rule, locals_):
        # The same component for every calendar of the zone (never changed once built): cached.
        return exact_vtimezone(key, _exact_span(locals_))
    vtz = icalendar.Timezone()
    vtz.add("TZID", key)
    vtz.add("X-LIC-LOCATION", key)
    if rule.dst_start is None or rule.dst_end is None:
        std = icalendar.TimezoneStandard()
        std.add("DTSTART", dt.datetime(1970, 1, 1))
        std.add("TZOFFSETFROM", _fmt_offset(rule.std_offset))
        std.add("TZOFFSETTO", _fmt_offset(rule.std_offset))
        std.add("TZNAME", rule.std_name)
        # RFC 5545 makes DTSTART the first onset anyway, but the ``ical`` library (Home Assistant's
        # calendars) counts only RRULE and RDATE onsets and would read the zone as UTC without it.
        std.add("RDATE", dt.datetime(1970, 1, 1))
        vtz.add_component(std)
        return vtz
    observances = (
        (icalendar.TimezoneDaylight(), rule.dst_start, rule.std_offset, rule.dst_offset, rule.dst_name),
        (icalendar.TimezoneStandard(), rule.dst_end, rule.dst_offset, rule.std_offset, rule.std_name),
    )
    for component, transition, before, after, name in observances:
        component.add("DTSTART", transition.on(1970))
        component.add("TZOFFSETFROM", _fmt_offset(before))
        component.add("TZOFFSETTO", _fmt_offset(after))
        component.add("TZNAME", name)
        component.add("RRULE", transition.rrule())
        vtz.add_component(component)
    return vtz
