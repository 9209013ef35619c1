"""CSV (RFC 4180, UTF-8) of a schedule or a worklist, plain or in the flavour French Excel opens correctly."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from il2sched.export.rows import COLUMNS, row

if TYPE_CHECKING:
    from il2sched.core.options import RenderOptions
    from il2sched.core.schedule import Administration, Schedule
    from il2sched.core.worklist import WorkDay

#: (administration, its cycle's window in days, the zone of its time): what a row is made from.
RowSource = tuple["Administration", int, str | None]

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection, OWASP).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(cell: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula with an apostrophe, which Excel shows as text."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def header(excel: bool) -> bytes:
    """The header line of :data:`COLUMNS`, after the byte-order mark French Excel needs to read accents."""
    # Excel guesses the encoding from a BOM, and only then reads accents right.
    return ("\ufeff" if excel else "").encode() + lines([list(COLUMNS)], excel)


def rows(admins: Iterable[RowSource], options: RenderOptions) -> Iterator[list[str]]:
    """Each (administration, its cycle's window in days, its zone) as the cells of a CSV row, in
    :data:`COLUMNS` order, safe from spreadsheets' formulas."""
    texts = options.texts
    if options.excel:
        # French Excel reads "1.5" as a date or text; the flavour's promise is a decimal comma.
        texts = replace(texts, locale=replace(texts.locale, decimal=","))
    for admin, window, tz in admins:
        values = row(admin, texts, window, tz)
        yield [neutralize(str(values[c])) for c in COLUMNS]


def lines(cells: Iterable[list[str]], excel: bool) -> bytes:
    """Rows of cells as CSV lines (RFC 4180: CRLF; ``;``-separated for French Excel), in UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerows(cells)
    return buffer.getvalue().encode("utf-8")


def body(schedule: Schedule, options: RenderOptions) -> bytes:
    """The schedule's rows as CSV lines, without the header: one per administration (skipped included)."""
    regimen, tz = schedule.regimen, schedule.plan.tz
    admins = ((a, regimen.window_days(a.cycle), tz) for a in schedule.administrations)
    return lines(rows(admins, options), options.excel)


def render(schedule: Schedule, options: RenderOptions) -> bytes:
    """The schedule as CSV bytes: the header, then one row per administration (skipped included)."""
    return header(options.excel) + body(schedule, options)


def render_worklist(days: tuple[WorkDay, ...], options: RenderOptions) -> bytes:
    """One CSV row per administration of the worklist's period, with ``generate``'s columns."""
    admins = ((e.administration, e.window, e.tz) for day in days for e in day.entries)
    return header(options.excel) + lines(rows(admins, options), options.excel)
