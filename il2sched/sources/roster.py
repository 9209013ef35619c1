"""A ward's roster: one patient per CSV row, read and validated whole before anything is written.

This module reads the file (encoding, separator, header, quoting, blank lines) and reports every bad row with
its line number, so a coordinator fixes the file in one go. What the columns are and what their cells mean is
the caller's (:class:`RosterColumns`): the options' declaration gives them (:mod:`il2sched.app.roster`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

from il2sched.core.dosing import BodySize
from il2sched.core.regimen import Regimen
from il2sched.errors import Il2schedError, RosterError
from il2sched.sources.files import read_bytes, shown


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One patient of the roster, every cell parsed; ``None`` means "use the command line's default"."""

    line: int
    patient: str
    start: dt.date
    time: dt.time | None
    regimen: Regimen | None
    delays: dict[int, int]
    site: str | None
    lang: str | None
    regimen_name: str = ""  # the regimen cell as written (a built-in name or a path), empty for the default
    body: BodySize | None = None  # None: the command line's body size
    cells: tuple[tuple[str, str], ...] = ()  # (column, text) of every cell given, as written but stripped
    weekends_open: bool | None = None  # the unit opens at weekends for this patient; None: the command's


RowCheck = Callable[["RosterRow"], None]

#: The most patients a roster may list: far above a ward's, and what a batch, a worklist or the web page
#: checks in seconds (each row down to its schedule). A longer file is refused before any row is checked.
MAX_PATIENTS = 10_000


@dataclass(frozen=True, slots=True)
class RosterColumns:
    """What a roster's columns are and mean: the columns it must have and may have, and ``row``, which makes
    a row of its non-empty cells (stripped, by column) and its line, raising an ``Il2schedError`` for a bad
    cell."""

    required: tuple[str, ...]
    optional: tuple[str, ...]
    row: Callable[[dict[str, str], int], RosterRow]


def _one_problem(message: str) -> RosterError:
    return RosterError([message])


def read_rows(path: str, columns: RosterColumns, check: RowCheck | None = None) -> tuple[RosterRow, ...]:
    """Read and validate the roster at ``path``; raise :class:`RosterError` listing every bad row.

    ``check`` may refuse a well-formed row for a deeper reason (its schedule cannot be built) by raising an
    :class:`~il2sched.errors.Il2schedError`; it is reported with the row's line.
    """
    raw = read_bytes(path, "roster", _one_problem, "check the path")
    return parse_rows(raw, path, columns, check)


def parse_rows(
    raw: bytes, name: str, columns: RosterColumns, check: RowCheck | None = None
) -> tuple[RosterRow, ...]:
    """Parse roster bytes; ``name`` labels error lines."""
    name = shown(name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RosterError([f"{name} line {line}: not UTF-8 text; save the roster as 'CSV UTF-8'"]) from None
    if not text.strip():
        raise RosterError(
            [f"{name}: the roster is empty; write a header 'patient,start' and one row per patient"]
        )
    # Only CR and LF end a CSV line: str.splitlines would also split on U+2028 and friends.
    first = text.replace("\r", "\n").split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in reader.fieldnames or []]
    except csv.Error as exc:
        raise RosterError([f"{name} line 1: {_csv_problem(exc)}"]) from None
    reader.fieldnames = header
    _check_header(header, name, columns)
    if text.count("\n") > MAX_PATIENTS:  # maybe too many rows (or blank lines, or cells over lines): count
        _check_count(text, delimiter, name)
    problems: list[str] = []
    rows: list[RosterRow] = []
    seen: dict[str, int] = {}
    records = iter(reader)
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except csv.Error as exc:
            # A malformed line ends the reading: the parser cannot know where the next row starts.
            # The underlying reader's count: DictReader's own is only updated after a row is read whole.
            problems.append(f"{name} line {reader.reader.line_num}: {_csv_problem(exc)}")
            break
        line = reader.line_num
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue  # a blank line between patients
        if None in record:
            problems.append(f"{name} line {line}: more cells than columns; check the separators")
            continue
        try:
            cells = {
                column: text.strip() for column, text in record.items() if column and (text or "").strip()
            }
            row = columns.row(cells, line)
            if check is not None:
                check(row)
        except Il2schedError as exc:
            problems.append(f"{name} line {line}: {exc}")
            continue
        key = row.patient.lower()
        if key in seen:
            problems.append(
                f"{name} line {line}: patient {row.patient} is already on line {seen[key]}; each code once"
            )
            continue
        seen[key] = line
        rows.append(row)
    if problems:
        raise RosterError(problems)
    if not rows:
        raise RosterError([f"{name}: the roster has a header but no patient; add one row per patient"])
    return tuple(rows)


def _check_count(text: str, delimiter: str, name: str) -> None:
    """Refuse a roster of more than :data:`MAX_PATIENTS` rows, naming the first line past it, before any row
    is checked (reading the CSV alone is quick)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    patients = 0
    try:
        next(reader, None)  # the header
        for record in reader:
            if any(cell.strip() for cell in record):
                patients += 1
                if patients > MAX_PATIENTS:
                    raise RosterError(
                        [f"{name} line {reader.line_num}: more than {MAX_PATIENTS:,} patients; split the "
                         "roster into several files (one a ward or a team)"]
                    )  # fmt: skip
    except csv.Error:
        return  # the reading proper reports it, with its line


def _check_header(header: list[str], name: str, columns: RosterColumns) -> None:
    known = columns.required + columns.optional
    missing = [c for c in columns.required if c not in header]
    if missing:
        needed = ",".join(columns.required)
        raise RosterError([f"{name} line 1: missing column {', '.join(missing)}; the header needs {needed}"])
    unknown = [shown(c, 40) for c in dict.fromkeys(header) if c not in known]
    if unknown:
        allowed = ", ".join(known)
        listed = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        raise RosterError([f"{name} line 1: unknown column {listed}; use {allowed}"])
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        raise RosterError([f"{name} line 1: column {', '.join(twice)} appears twice; keep one"])


def _csv_problem(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return f"a cell longer than {csv.field_size_limit():,} characters; check the quotes and separators"
    return "not readable as CSV (an unclosed quote?); check the quotes and separators"
