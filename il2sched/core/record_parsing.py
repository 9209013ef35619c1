"""Parsing what a nurse or a coordinator types into the ward record: initials, a dose (``CYCLE:DAY``), the
time given, a lot, an expiry month, an injection site, a reason, an amount.

Each parser returns the value or raises :class:`~il2sched.errors.InvalidValue` saying what to write instead,
as :mod:`.parsing` does for the schedule's options.
"""

from __future__ import annotations

import datetime as dt
import re

from il2sched.core.bounds import FIRST_DATE, LAST_DATE
from il2sched.core.parsing import check_text
from il2sched.core.record import DoseRef, InjectionSite, NotGivenReason, YearMonth
from il2sched.errors import InvalidValue

#: The longest lot (batch) number: manufacturers' run to about 20 characters.
MAX_LOT = 40
#: The longest reason or note someone types (one line on a report).
MAX_NOTE = 500
#: The largest amount a record may say was given, in units (the regimens' own upper bound).
MAX_AMOUNT_IU = 1_000_000_000


def parse_initials(text: str) -> str:
    """Initials: 1 to 4 letters (any alphabet), kept in capitals."""
    word = text.strip()
    if not (1 <= len(word) <= 4 and word.isalpha()):
        raise InvalidValue(f"{word!r} are not initials: write 1 to 4 letters, such as AB")
    return word.upper()


def parse_dose(text: str) -> DoseRef:
    """A dose as the CSV's columns name it: ``CYCLE:DAY`` (cycle 2, its third dose: ``2:3``)."""
    found = re.fullmatch(r"\s*([0-9]{1,6})\s*:\s*([0-9]{1,6})\s*", text)
    if found is None or int(found[1]) < 1 or int(found[2]) < 1:
        raise InvalidValue(f"{text!r} is not a dose: write CYCLE:DAY, such as 2:3 (cycle 2, day 3)")
    return DoseRef(int(found[1]), int(found[2]))


def parse_given(text: str) -> dt.datetime:
    """When a dose was given, as the clock on the ward's wall said: ``YYYY-MM-DD HH:MM``."""
    found = re.fullmatch(r"\s*([0-9]{4}-[0-9]{2}-[0-9]{2})[ T]([0-9]{1,2}:[0-9]{2})\s*", text)
    if found is not None:
        try:
            given = dt.datetime.fromisoformat(f"{found[1]}T{int(found[2][:-3]):02d}{found[2][-3:]}")
        except ValueError:
            given = None
        if given is not None and FIRST_DATE <= given.date() <= LAST_DATE:
            return given
    raise InvalidValue(f'{text!r} is not a time given: write "YYYY-MM-DD HH:MM", such as "2026-05-12 09:10"')


def parse_expiry(text: str) -> YearMonth:
    """An expiry month as vials carry it: ``YYYY-MM`` (valid to that month's last day)."""
    found = re.fullmatch(r"\s*([0-9]{4})-([0-9]{2})\s*", text)
    if (
        found is None
        or not 1 <= int(found[2]) <= 12
        or not FIRST_DATE.year <= int(found[1]) <= LAST_DATE.year
    ):
        raise InvalidValue(f"{text!r} is not an expiry month: write YYYY-MM, such as 2027-01")
    return YearMonth(int(found[1]), int(found[2]))


def parse_lot(text: str) -> str:
    """A lot (batch) number as printed on the vial: one line, at most :data:`MAX_LOT` characters."""
    lot = check_text(text, "the lot number", MAX_LOT)
    if not lot:
        raise InvalidValue("the lot number is empty: copy it from the vial")
    return lot


def parse_site(text: str) -> InjectionSite:
    """An injection site: one of :class:`InjectionSite`'s words."""
    try:
        return InjectionSite(text.strip().lower())
    except ValueError:
        listed = ", ".join(s.value for s in InjectionSite)
        raise InvalidValue(f"{text!r} is not an injection site: write one of {listed}") from None


def parse_reason(text: str) -> NotGivenReason:
    """Why a dose was not given: one of :class:`NotGivenReason`'s words."""
    try:
        return NotGivenReason(text.strip().lower())
    except ValueError:
        listed = ", ".join(r.value for r in NotGivenReason)
        raise InvalidValue(f"{text!r} is not a reason a dose was not given: write one of {listed}") from None


def parse_note(text: str, what: str = "the note") -> str:
    """A reason or note someone typed: one line, at most :data:`MAX_NOTE` characters."""
    return check_text(text, what, MAX_NOTE)


def parse_amount(text: str) -> int:
    """An amount given, in whole units: ``3000000`` (``3_000_000`` and ``3,000,000`` are read too)."""
    digits = text.strip().replace("_", "").replace(",", "").replace("\u202f", "").replace(" ", "")
    if not (digits.isascii() and digits.isdigit()) or not 1 <= int(digits) <= MAX_AMOUNT_IU:
        raise InvalidValue(
            f"{text!r} is not an amount: write whole units from 1 to {MAX_AMOUNT_IU:,}, such as 3000000"
        )
    return int(digits)


def parse_entry(text: str) -> int:
    """An entry's number in the audit trail (``il2sched audit list`` shows them)."""
    digits = text.strip().lstrip("#")
    if not (digits.isascii() and digits.isdigit()) or not 1 <= int(digits) <= 2**31 - 1:
        raise InvalidValue(f"{text!r} is not an entry number: 'il2sched audit list CODE' shows them")
    return int(digits)
