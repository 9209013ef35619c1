"""CSV (RFC 4180, UTF-8) of a schedule or a worklist, plain or in the flavour French Excel opens correctly."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from il2sched.export.rows import COLUMNS, row

if TYPE_CHECKING:
    from il2sched.core.options import RenderOptions
    from il2sched.core.schedule import Administration, Schedule
    from il2sched.core.worklist import WorkDay

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection, OWASP).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(cell: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula with an apostrophe, which Excel shows as text."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def header(excel: bool) -> bytes:
    """The header line (with the byte-order mark French Excel needs), as :func:`table` writes it."""
    separator = ";" if excel else ","
    return ("\ufeff" if excel else "").encode() + separator.join(COLUMNS).encode() + b"\r\n"


def table(admins: Iterable[tuple[Administration, int, str | None]], options: RenderOptions) -> bytes:
    """The header :data:`COLUMNS` and one row per (administration, its cycle's window in days, its zone)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if options.excel else ",", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    texts = options.texts
    if options.excel:
        # French Excel reads "1.5" as a date or text; the flavour's promise is a decimal comma.
        texts = replace(texts, locale=replace(texts.locale, decimal=","))
    for admin, window, tz in admins:
        values = row(admin, texts, window, tz)
        writer.writerow([neutralize(str(values[c])) for c in COLUMNS])
    text = buffer.getvalue()
    # Excel guesses the encoding from a BOM, and only then reads accents right.
    return ("\ufeff" + text).encode("utf-8") if options.excel else text.encode("utf-8")


def render(schedule: Schedule, options: RenderOptions) -> bytes:
    """The schedule as CSV bytes: one row per administration (skipped included)."""
    regimen, tz = schedule.regimen, schedule.plan.tz
    return table(((a, regimen.window_days(a.cycle), tz) for a in schedule.administrations), options)


def render_worklist(days: tuple[WorkDay, ...], options: RenderOptions) -> bytes:
    """One CSV row per administration of the worklist's period, with ``generate``'s columns."""
    return table(((e.administration, e.window, e.tz) for day in days for e in day.entries), options)
