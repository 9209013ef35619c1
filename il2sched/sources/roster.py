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
from il2sched.core.messages import Phrase, keyed
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


def _refused(
    *problems: Il2schedError, lines: tuple[int, ...] = (), rows: tuple[RosterRow, ...] = ()
) -> RosterError:
    """The roster's refusal: its problems (each an error, with its key), the line each is about (0: the
    file), and the rows that were good."""
    error = RosterError([str(p) for p in problems], problems, lines or (0,) * len(problems))
    error.rows = rows
    return error


def read_rows(path: str, columns: RosterColumns, check: RowCheck | None = None) -> tuple[RosterRow, ...]:
    """Read and validate the roster at ``path``; raise :class:`RosterError` listing every bad row.

    ``check`` may refuse a well-formed row for a deeper reason (its schedule cannot be built) by raising an
    :class:`~il2sched.errors.Il2schedError`; it is reported with the row's line.
    """
    raw = read_bytes(path, Phrase("term.roster"), _one_problem)
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
        raise _refused(keyed(Il2schedError, "roster.utf8", name=name, line=line), lines=(line,)) from None
    if not text.strip():
        raise _refused(keyed(Il2schedError, "roster.empty", name=name))
    # Only CR and LF end a CSV line: str.splitlines would also split on U+2028 and friends.
    first = text.replace("\r", "\n").split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in reader.fieldnames or []]
    except csv.Error as exc:
        raise _refused(_line(name, 1, _csv_problem(exc)), lines=(1,)) from None
    reader.fieldnames = header
    _check_header(header, name, columns)
    if text.count("\n") > MAX_PATIENTS:  # maybe too many rows (or blank lines, or cells over lines): count
        _check_count(text, delimiter, name)
    problems: list[tuple[int, Il2schedError]] = []
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
            number = reader.reader.line_num
            problems.append((number, _line(name, number, _csv_problem(exc))))
            break
        line = reader.line_num
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue  # a blank line between patients
        if None in record:
            problems.append((line, keyed(Il2schedError, "roster.cells", name=name, line=line)))
            continue
        try:
            cells = {
                column: text.strip() for column, text in record.items() if column and (text or "").strip()
            }
            row = columns.row(cells, line)
            if check is not None:
                check(row)
        except Il2schedError as exc:
            problems.append((line, _line(name, line, exc)))
            continue
        key = row.patient.lower()
        if key in seen:
            twice = keyed(
                Il2schedError, "roster.twice", name=name, line=line, patient=row.patient, first=seen[key]
            )
            problems.append((line, twice))
            continue
        seen[key] = line
        rows.append(row)
    if problems:
        lines = tuple(n for n, _ in problems)
        raise _refused(*(p for _, p in problems), lines=lines, rows=tuple(rows))
    if not rows:
        raise _refused(keyed(Il2schedError, "roster.no_patient", name=name))
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
                    line = reader.line_num
                    too_many = keyed(
                        Il2schedError, "roster.too_many", name=name, line=line, most=f"{MAX_PATIENTS:,}"
                    )
                    raise _refused(too_many)  # about the file, not a row
    except csv.Error:
        return  # the reading proper reports it, with its line


def _line(name: str, line: int, problem: Il2schedError) -> Il2schedError:
    """``problem`` with the roster line it is about."""
    return keyed(Il2schedError, "file.line", option=problem.option, name=name, line=line, problem=problem)


def _check_header(header: list[str], name: str, columns: RosterColumns) -> None:
    known = columns.required + columns.optional
    missing = [c for c in columns.required if c not in header]
    if missing:
        needed = ",".join(columns.required)
        missing_text = ", ".join(missing)
        raise _refused(
            keyed(Il2schedError, "roster.missing_column", name=name, missing=missing_text, needed=needed),
            lines=(1,),
        )
    unknown = [shown(c, 40) for c in dict.fromkeys(header) if c not in known]
    if unknown:
        allowed = ", ".join(known)
        listed: object = ", ".join(unknown[:5])
        if len(unknown) > 5:
            listed = Phrase("roster.more_columns", {"listed": listed, "more": len(unknown) - 5})
        raise _refused(
            keyed(Il2schedError, "roster.unknown_column", name=name, listed=listed, allowed=allowed),
            lines=(1,),
        )
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        raise _refused(
            keyed(Il2schedError, "roster.column_twice", name=name, twice=", ".join(twice)), lines=(1,)
        )


def _csv_problem(exc: csv.Error) -> Il2schedError:
    # The csv module says what went wrong only in English words: the one it has for a too long cell.
    if "field larger than field limit" in str(exc):
        return keyed(Il2schedError, "roster.cell_long", limit=f"{csv.field_size_limit():,}")
    return keyed(Il2schedError, "roster.csv")
