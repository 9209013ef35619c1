"""VTIMEZONE components that Outlook reads correctly.

Outlook reduces a VTIMEZONE to one STANDARD and one DAYLIGHT observance with a yearly RRULE and ignores
RDATE lists, so a VTIMEZONE made of one observance per transition (what most libraries write) can shift
every event by an hour there. We build the yearly-rule form from the POSIX TZ string that ends every
TZif v2+ file, the same source the operating system's zoneinfo uses, then check it against :mod:`zoneinfo`
for every instant we put in the calendar. Where the current rule did not hold yet (a schedule in a year
before the zone's last rule change), we fall back to icalendar's exact, transition-by-transition form.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from il2sched.sources.zones import load_zone, tzif_footer

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


def _onsets_in_rdate(vtz: Any) -> Any:
    """``vtz`` with each observance that has no RRULE also listing its DTSTART as an RDATE.

    RFC 5545 makes DTSTART the first onset anyway, so this changes nothing for a conforming reader, but the
    ``ical`` library (Home Assistant's calendars) only counts RRULE and RDATE onsets and would otherwise
    read such a zone (Asia/Kolkata, or the transition-by-transition form) as UTC.
    """
    for observance in vtz.subcomponents:
        if "RRULE" not in observance:
            observance.add("RDATE", observance.decoded("DTSTART"))
    return vtz


def build_vtimezone(key: str, instants: Iterable[dt.datetime]) -> Any:
    """A VTIMEZONE for zone ``key`` that is exact for every naive local datetime in ``instants``."""
    import icalendar

    zone = load_zone(key)
    locals_ = sorted(instants)
    footer = tzif_footer(key)
    rule = parse_posix(footer) if footer else None
    exact = rule is not None and all(
        rule.offset_at(t) == int(t.replace(tzinfo=zone).utcoffset().total_seconds())  # type: ignore[union-attr]
        for t in locals_
    )
    if rule is None or not exact:
        first = locals_[0].date() if locals_ else dt.date(1970, 1, 1)
        last = locals_[-1].date() + dt.timedelta(days=1) if locals_ else dt.date(2038, 1, 1)
        return _onsets_in_rdate(
            icalendar.Timezone.from_tzinfo(
                zone, key, first_date=first - dt.timedelta(days=366), last_date=last + dt.timedelta(days=366)
            )
        )
    vtz = icalendar.Timezone()
    vtz.add("TZID", key)
    vtz.add("X-LIC-LOCATION", key)
    if rule.dst_start is None or rule.dst_end is None:
        std = icalendar.TimezoneStandard()
        std.add("DTSTART", dt.datetime(1970, 1, 1))
        std.add("TZOFFSETFROM", _fmt_offset(rule.std_offset))
        std.add("TZOFFSETTO", _fmt_offset(rule.std_offset))
        std.add("TZNAME", rule.std_name)
        vtz.add_component(std)
        return _onsets_in_rdate(vtz)
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
