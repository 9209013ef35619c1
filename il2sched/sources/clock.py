"""The generation stamp: the only clock il2sched reads, once per run, at the edge."""

from __future__ import annotations

import datetime as dt
import os
import re

from il2sched.errors import InvalidValue

#: The latest SOURCE_DATE_EPOCH accepted: 9999-12-31 23:59:59 UTC, the last second a date can hold.
MAX_EPOCH = 253_402_300_799


def generation_stamp() -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now; in UTC, whole seconds."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw == "":
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    # ASCII digits only (str.isdigit takes '²'), and few enough of them for the range check to be cheap.
    if not re.fullmatch(r"[0-9]{1,15}", raw) or int(raw) > MAX_EPOCH:
        shown = repr(raw if len(raw) <= 20 else raw[:20] + "...")
        raise InvalidValue(
            f"SOURCE_DATE_EPOCH={shown} is not a whole number of seconds from 0 to {MAX_EPOCH} "
            "(1970 to 9999, UTC); unset it or fix its value"
        )
    return dt.datetime.fromtimestamp(int(raw), dt.UTC)


def today() -> dt.date:
    """The local date today (the default year of the holidays listing)."""
    return dt.date.today()


def today_in(tz: str) -> dt.date:
    """Today's date in zone ``tz`` (the day a ward record's report judges by default)."""
    from il2sched.sources.zones import load_zone

    return dt.datetime.now(load_zone(tz)).date()


def now_utc() -> dt.datetime:
    """The clock now, in UTC (the ward record's "is this in the future?"; never SOURCE_DATE_EPOCH, which is
    for output bytes)."""
    return dt.datetime.now(dt.UTC)
