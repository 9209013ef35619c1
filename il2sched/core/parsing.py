"""Parsing the small values people type, shared by command-line options, query parameters and roster cells.

Each parser returns the value or raises :class:`~il2sched.errors.InvalidValue` with a message that says what
to write instead; the caller adds where the value came from (an option name, a roster line).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import unicodedata
from decimal import Decimal

from il2sched.core.bounds import FIRST_DATE, LAST_DATE
from il2sched.core.dosing import BSA_RANGE, HEIGHT_RANGE, WEIGHT_RANGE
from il2sched.core.messages import Phrase, keyed
from il2sched.errors import Il2schedError, InvalidValue

#: The longest site or ward name: the printed sheet's header has room for this many characters.
MAX_SITE = 60

#: The longest closure range accepted: a longer one is almost surely a typing error (a wrong year).
MAX_RANGE_DAYS = 366

#: The longest reminder: four weeks before a dose.
MAX_REMINDER = dt.timedelta(weeks=4)

_DURATION_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}
# ASCII digits only: \d would also take Arabic-Indic or full-width digits, which nobody types on purpose.
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_SPAN_RE = re.compile(rf"({_DATE})(?:[ \t]*\.\.[ \t]*({_DATE}))?")

#: Characters that break a line without looking like a line break (NEL, LINE and PARAGRAPH SEPARATOR) and
#: the bidirectional controls, which can make a printed text read in another order than it is stored.
_INVISIBLE_BREAKERS = frozenset(
    "\u0085\u2028\u2029\u061c\u200e\u200f"
    + "".join(map(chr, range(0x202A, 0x202F)))
    + "".join(map(chr, range(0x2066, 0x206A)))
)


def _echo(text: str, limit: int = 40) -> str:
    """``text`` quoted for an error message: one line (escapes), and cut when absurdly long."""
    quoted = repr(text if len(text) <= limit else text[:limit] + "...")
    return quoted


def one_line(text: str) -> str:
    """``text`` as one printable line: a line break, control or direction character shows as its escape.

    For messages that quote what someone typed (a path, a roster cell), so a message is always one line and
    never reorders or hides itself on a terminal. Spaces of every kind are kept (French uses U+202F).
    """
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() or unicodedata.category(ch) == "Zs" else repr(ch)[1:-1] for ch in text
    )


def forbidden_character(text: str) -> str | None:
    """The first character of ``text`` that has no place in a one-line text, named ("U+2028 LINE SEPARATOR").

    Control characters (C0 and C1, line breaks included), Unicode line and paragraph separators, the
    bidirectional controls, noncharacters (U+FFFE: no XML or font takes them) and lone surrogates (a command
    line's byte that is not UTF-8, which no UTF-8 output can hold); ``None`` when there is none.
    """
    if text.isascii() and text.isprintable():  # most texts: none of the above is printable ASCII
        return None
    for ch in text:
        category = unicodedata.category(ch)
        if ch in _INVISIBLE_BREAKERS or category == "Cc":
            name = unicodedata.name(ch, "") or {"\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\t": "TAB"}.get(
                ch, "control character"
            )
            return f"U+{ord(ch):04X} {name}"
        if category == "Cs":
            return f"U+{ord(ch):04X}, a byte that is not UTF-8 text"
        if 0xFDD0 <= ord(ch) <= 0xFDEF or ord(ch) & 0xFFFE == 0xFFFE:
            return f"U+{ord(ch):04X}, a noncharacter"
    return None


def parse_date(text: str) -> dt.date:
    """An ISO date YYYY-MM-DD, the only written form nobody misreads."""
    if not re.fullmatch(_DATE, text):
        raise keyed(InvalidValue, "date.format", text=_echo(text))
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise keyed(InvalidValue, "date.unreal", text=repr(text)) from None
    return _in_range(day)


def _in_range(day: dt.date) -> dt.date:
    if not FIRST_DATE <= day <= LAST_DATE:
        raise keyed(
            InvalidValue,
            "date.range",
            day=day.isoformat(),
            first=FIRST_DATE.isoformat(),
            last=LAST_DATE.isoformat(),
        )
    return day


def parse_time(text: str) -> dt.time:
    """A 24-hour time HH:MM."""
    match = re.fullmatch(r"([01]?[0-9]|2[0-3]):([0-5][0-9])", text)
    if not match:
        raise keyed(InvalidValue, "time.format", text=_echo(text))
    return dt.time(int(match.group(1)), int(match.group(2)))


def parse_duration(text: str) -> dt.timedelta:
    """A duration such as 30m, 2h, 1d or 1h30m, above zero and at most four weeks."""
    cleaned = text.strip().lower()
    parts = re.findall(r"([0-9]+)([wdhm])", cleaned)
    if not parts or "".join(n + u for n, u in parts) != cleaned:
        raise keyed(InvalidValue, "duration.format", text=_echo(text))
    # Each number is checked before it reaches timedelta, which would overflow on a long run of digits.
    if any(len(n.lstrip("0")) > 6 for n, _ in parts):
        raise keyed(InvalidValue, "duration.range", text=_echo(text))
    total = dt.timedelta(**{_DURATION_UNITS[u]: int(n) for n, u in parts})
    if total <= dt.timedelta(0) or total > MAX_REMINDER:
        raise keyed(InvalidValue, "duration.range", text=_echo(text))
    return total


def duration_text(value: dt.timedelta) -> str:
    """A duration as :func:`parse_duration` reads it: "1h30m", "2d", "1w"."""
    minutes = int(value.total_seconds()) // 60
    parts = []
    for unit, size in (("w", 7 * 24 * 60), ("d", 24 * 60), ("h", 60), ("m", 1)):
        if minutes >= size:
            parts.append(f"{minutes // size}{unit}")
            minutes %= size
    return "".join(parts) or "0m"


def parse_delay(text: str) -> tuple[int, int]:
    """A postponement CYCLE:WEEKS, e.g. 3:1 (cycle 3 and every later one one week later)."""
    # Up to 99,999 cycles: a long maintenance (a dose every week for years) has hundreds.
    match = re.fullmatch(r"[ \t]*([0-9]{1,5})[ \t]*:[ \t]*([0-9]{1,2})[ \t]*", text)
    if not match:
        raise keyed(InvalidValue, "delay.format", text=_echo(text))
    cycle, weeks = int(match.group(1)), int(match.group(2))
    if cycle < 1 or weeks < 1:
        raise keyed(InvalidValue, "delay.zero", text=repr(text))
    return cycle, weeks


def merge_delays(delays: list[tuple[int, int]]) -> dict[int, int]:
    """Delays by cycle; a cycle named twice is an error (did the user mean the sum, or a correction?)."""
    merged: dict[int, int] = {}
    for cycle, weeks in delays:
        if cycle in merged:
            first = merged[cycle]
            raise keyed(
                InvalidValue, "delay.twice", cycle=cycle, first=first, second=weeks, whole=first + weeks
            )
        merged[cycle] = weeks
    return merged


def parse_span(text: str) -> tuple[dt.date, dt.date]:
    """``YYYY-MM-DD`` or an inclusive ``YYYY-MM-DD..YYYY-MM-DD`` as (first, last)."""
    match = _SPAN_RE.fullmatch(text.strip())
    try:
        if not match:
            raise ValueError
        first = dt.date.fromisoformat(match.group(1))
        last = dt.date.fromisoformat(match.group(2)) if match.group(2) else first
    except ValueError:
        raise keyed(InvalidValue, "span.format", text=_echo(text.strip())) from None
    _in_range(first)
    _in_range(last)
    if last < first:
        raise keyed(InvalidValue, "span.reversed", text=repr(text.strip()))
    if (last - first).days >= MAX_RANGE_DAYS:
        raise keyed(InvalidValue, "span.long", text=repr(text.strip()))
    return first, last


def check_text(
    text: str, what: str | Phrase, limit: int = MAX_SITE, error: type[Il2schedError] = InvalidValue
) -> str:
    """A one-line free text (a site name, a regimen's drug): no control characters, at most ``limit`` long.

    ``what`` names the text (a :class:`~il2sched.core.messages.Phrase` of the error tables, so the page says
    it in its language). ``error`` is the exception to raise, for callers whose errors belong to another
    family (a printed sheet's :class:`~il2sched.errors.SheetError`). Returns the text without surrounding
    blanks.
    """
    bad = forbidden_character(text)
    if bad is not None:
        raise keyed(error, "text.forbidden", what=what, char=bad)
    if len(text) > limit:
        raise keyed(error, "text.long", what=what, length=len(text), limit=limit)
    return text.strip()


def _measure(text: str, what: str, unit: str, bounds: tuple[Decimal, Decimal], example: str) -> Decimal:
    """A plausible body measure: digits with at most two decimals ("." or ","), within ``bounds``; ``what``
    is a ``term.`` key of the error tables."""
    match = re.fullmatch(r"[ \t]*([0-9]{1,4})(?:[.,]([0-9]{1,2}))?[ \t]*", text)
    term = Phrase(f"term.{what}")
    if not match:
        raise keyed(InvalidValue, "measure.format", text=_echo(text), what=term, unit=unit, example=example)
    value = Decimal(f"{match.group(1)}.{match.group(2) or 0}").normalize()
    low, high = bounds
    if not low <= value <= high:
        raise keyed(
            InvalidValue, "measure.range", what=term, value=text.strip(), unit=unit, low=low, high=high
        )
    return value


def parse_bsa(text: str) -> Decimal:
    """A body surface area in m² (0.2 to 3.5), e.g. 1.73."""
    return _measure(text, "bsa", "m²", BSA_RANGE, "1.73")


def parse_weight(text: str) -> Decimal:
    """A body weight in kg (1 to 400), e.g. 72.5."""
    return _measure(text, "weight", "kg", WEIGHT_RANGE, "72.5")


def parse_height(text: str) -> Decimal:
    """A height in cm (30 to 250), e.g. 172."""
    return _measure(text, "height", "cm", HEIGHT_RANGE, "172")


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
