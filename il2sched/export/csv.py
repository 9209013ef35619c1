"""CSV export (RFC 4180, UTF-8), plain or in the flavour French Excel opens correctly."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from il2sched.export import ExportOptions
from il2sched.export.rows import COLUMNS, row
from il2sched.schedule import Schedule

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection, OWASP).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(cell: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula with an apostrophe, which Excel shows as text."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def render(schedule: Schedule, options: ExportOptions) -> bytes:
    """The schedule as CSV bytes: header :data:`COLUMNS`, one row per administration (skipped included)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if options.excel else ",", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    window = schedule.regimen.max_cycle_days
    texts = options.texts
    if options.excel:
        # French Excel reads "1.5" as a date or text; the flavour's promise is a decimal comma.
        texts = replace(texts, locale=replace(texts.locale, decimal=","))
    for admin in schedule.administrations:
        values = row(admin, texts, window)
        writer.writerow([neutralize(str(values[c])) for c in COLUMNS])
    text = buffer.getvalue()
    # Excel guesses the encoding from a BOM, and only then reads accents right.
    return ("\ufeff" + text).encode("utf-8") if options.excel else text.encode("utf-8")
