"""Time zone data: IANA zones as :class:`zoneinfo.ZoneInfo`, and the POSIX rule that ends each TZif file."""

from __future__ import annotations

import contextlib
import zoneinfo
from importlib import resources
from pathlib import Path

from il2sched.errors import ScheduleError


def load_zone(key: str) -> zoneinfo.ZoneInfo:
    """The IANA zone ``key``, or a :class:`ScheduleError` saying how to name one."""
    try:
        return zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, IsADirectoryError, OSError):
        raise ScheduleError(
            f"unknown time zone {key!r}: use an IANA name such as Europe/Paris or America/New_York"
        ) from None


def tzif_footer(key: str) -> str | None:
    """The POSIX TZ string at the end of the TZif file zoneinfo would read for ``key``."""
    candidates = [Path(base) / key for base in zoneinfo.TZPATH]
    with contextlib.suppress(ModuleNotFoundError):
        candidates.append(Path(str(resources.files("tzdata.zoneinfo").joinpath(key))))
    for path in candidates:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if data[:4] == b"TZif" and data.endswith(b"\n"):
            return data.rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii", "replace")
    return None
