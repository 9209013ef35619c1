"""Parsing the small values people type, shared by command-line options, query parameters and roster cells.

Each parser returns the value or raises :class:`~il2sched.errors.InvalidValue` with a message that says what
to write instead; the caller adds where the value came from (an option name, a roster line).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from il2sched.core.dosing import BSA_RANGE, HEIGHT_RANGE, WEIGHT_RANGE
from il2sched.errors import Il2schedError, InvalidValue

#: The longest site or ward name: the printed sheet's header has room for this many characters.
MAX_SITE = 60

#: The longest closure range accepted: a longer one is almost surely a typing error (a wrong year).
MAX_RANGE_DAYS = 366

_DURATION_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}
_DATE = r"\d{4}-\d{2}-\d{2}"
_SPAN_RE = re.compile(rf"({_DATE})(?:\s*\.\.\s*({_DATE}))?")


def parse_date(text: str) -> dt.date:
    """An ISO date YYYY-MM-DD, the only written form nobody misreads."""
    if not re.fullmatch(_DATE, text):
        raise InvalidValue(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-04-27")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(f"{text!r} is not a real calendar date; check the day and month") from None


def parse_time(text: str) -> dt.time:
    """A 24-hour time HH:MM."""
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text)
    if not match:
        raise InvalidValue(f"{text!r} is not a time; write it as HH:MM on 24 hours, e.g. 09:30")
    return dt.time(int(match.group(1)), int(match.group(2)))


def parse_duration(text: str) -> dt.timedelta:
    """A duration such as 30m, 2h, 1d or 1h30m, above zero and at most four weeks."""
    cleaned = text.strip().lower()
    parts = re.findall(r"(\d+)([wdhm])", cleaned)
    if not parts or "".join(n + u for n, u in parts) != cleaned:
        raise InvalidValue(f"{text!r} is not a duration; write e.g. 30m, 2h, 1d or 1h30m")
    total = dt.timedelta(**{_DURATION_UNITS[u]: int(n) for n, u in parts})
    if total <= dt.timedelta(0) or total > dt.timedelta(weeks=4):
        raise InvalidValue(f"{text!r} must be more than 0 and at most 4 weeks")
    return total


def parse_delay(text: str) -> tuple[int, int]:
    """A postponement CYCLE:WEEKS, e.g. 3:1 (cycle 3 and every later one one week later)."""
    # Up to 99,999 cycles: a long maintenance (a dose every week for years) has hundreds.
    match = re.fullmatch(r"\s*(\d{1,5})\s*:\s*(\d{1,2})\s*", text)
    if not match:
        raise InvalidValue(f"{text!r} is not a delay; write CYCLE:WEEKS, e.g. 3:1")
    cycle, weeks = int(match.group(1)), int(match.group(2))
    if cycle < 1 or weeks < 1:
        raise InvalidValue(f"{text!r}: the cycle and the weeks must both be 1 or more")
    return cycle, weeks


def merge_delays(delays: list[tuple[int, int]]) -> dict[int, int]:
    """Delays by cycle; a cycle named twice is an error (did the user mean the sum, or a correction?)."""
    merged: dict[int, int] = {}
    for cycle, weeks in delays:
        if cycle in merged:
            raise InvalidValue(
                f"cycle {cycle} is delayed twice ({cycle}:{merged[cycle]} and {cycle}:{weeks}): name each "
                f"cycle once, with its whole delay (e.g. {cycle}:{merged[cycle] + weeks})"
            )
        merged[cycle] = weeks
    return merged


def parse_span(text: str) -> tuple[dt.date, dt.date]:
    """``YYYY-MM-DD`` or an inclusive ``YYYY-MM-DD..YYYY-MM-DD`` as (first, last)."""
    match = _SPAN_RE.fullmatch(text.strip())
    bad = f"{text.strip()!r} is not a date; write YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD"
    if not match:
        raise InvalidValue(bad)
    try:
        first = dt.date.fromisoformat(match.group(1))
        last = dt.date.fromisoformat(match.group(2)) if match.group(2) else first
    except ValueError:
        raise InvalidValue(bad) from None
    if last < first:
        raise InvalidValue(f"{text.strip()!r} ends before it starts; write the earlier date first")
    if (last - first).days >= MAX_RANGE_DAYS:
        raise InvalidValue(f"{text.strip()!r} spans more than a year; check the years or split the range")
    return first, last


def check_text(text: str, what: str, limit: int = MAX_SITE, error: type[Il2schedError] = InvalidValue) -> str:
    """A one-line free text (a site name, a regimen's drug): no control characters, at most ``limit`` long.

    ``error`` is the exception to raise, for callers whose errors belong to another family (a printed
    sheet's :class:`~il2sched.errors.SheetError`). Returns the text without surrounding blanks.
    """
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise error(f"{what} contains a control character such as a line break; write it on one line")
    if len(text) > limit:
        raise error(
            f"{what} is {len(text)} characters long but a printed page has room for {limit}; "
            f"shorten it to {limit} at most"
        )
    return text.strip()


def _measure(text: str, what: str, unit: str, bounds: tuple[Decimal, Decimal], example: str) -> Decimal:
    """A plausible body measure: digits with at most two decimals ("." or ","), within ``bounds``."""
    match = re.fullmatch(r"\s*(\d{1,4})(?:[.,](\d{1,2}))?\s*", text)
    if not match:
        raise InvalidValue(f"{text!r} is not a {what}; write a number of {unit} such as {example}")
    value = Decimal(f"{match.group(1)}.{match.group(2) or 0}").normalize()
    low, high = bounds
    if not low <= value <= high:
        raise InvalidValue(f"{what} {text.strip()} {unit} is implausible; give {low} to {high} {unit}")
    return value


def parse_bsa(text: str) -> Decimal:
    """A body surface area in m² (0.2 to 3.5), e.g. 1.73."""
    return _measure(text, "body surface area", "m²", BSA_RANGE, "1.73")


def parse_weight(text: str) -> Decimal:
    """A body weight in kg (1 to 400), e.g. 72.5."""
    return _measure(text, "weight", "kg", WEIGHT_RANGE, "72.5")


def parse_height(text: str) -> Decimal:
    """A height in cm (30 to 250), e.g. 172."""
    return _measure(text, "height", "cm", HEIGHT_RANGE, "172")
