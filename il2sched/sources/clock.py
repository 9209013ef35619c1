"""The generation stamp: the only clock il2sched reads, once per run, at the edge."""

from __future__ import annotations

import datetime as dt
import os

from il2sched.errors import InvalidValue


def generation_stamp() -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now; in UTC, whole seconds."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw == "":
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    if not raw.isdigit():
        raise InvalidValue(
            f"SOURCE_DATE_EPOCH={raw!r} is not a whole number of seconds; unset it or fix its value"
        )
    return dt.datetime.fromtimestamp(int(raw), dt.UTC)


def today() -> dt.date:
    """The local date today (the default year of the holidays listing)."""
    return dt.date.today()
