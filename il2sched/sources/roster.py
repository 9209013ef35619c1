"""A ward's roster: one patient per CSV row, validated whole before anything is written.

Required columns: ``patient,start``. Optional: ``time``, ``regimen``, ``delays`` (space-separated
``CYCLE:WEEKS``), ``site``, ``lang``, and the body size for doses per m² or per kg: ``bsa`` (m²), or
``height`` (cm) with ``weight`` (kg). An empty optional cell takes the command line's default; a row that
gives any body size uses its own, whole. Every bad row
is reported with its line number, so a coordinator fixes the file in one go.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

from il2sched.core.dosing import BodySize, body_size
from il2sched.core.parsing import (
    check_text,
    merge_delays,
    parse_bsa,
    parse_date,
    parse_delay,
    parse_height,
    parse_time,
    parse_weight,
)
from il2sched.core.regimen import Regimen
from il2sched.core.schedule import check_patient_code, check_start
from il2sched.core.texts import LANGUAGES
from il2sched.errors import Il2schedError, InvalidValue, RosterError
from il2sched.sources.files import read_bytes, shown
from il2sched.sources.regimens import load_regimen

REQUIRED = ("patient", "start")
OPTIONAL = ("time", "regimen", "delays", "site", "lang", "bsa", "height", "weight")
#: The regimen a row without a ``regimen`` cell follows, unless the caller names another.
DEFAULT_REGIMEN = "nct01840046"


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


RowCheck = Callable[["RosterRow"], None]


def _one_problem(message: str) -> RosterError:
    return RosterError([message])


def read_roster(
    path: str, check: RowCheck | None = None, default_regimen: str = DEFAULT_REGIMEN
) -> tuple[RosterRow, ...]:
    """Read and validate the roster at ``path``; raise :class:`RosterError` listing every bad row.

    ``check`` may refuse a well-formed row for a deeper reason (its schedule cannot be built) by raising an
    :class:`~il2sched.errors.Il2schedError`; it is reported with the row's line. ``default_regimen`` is the
    regimen of rows without one (a regimen tied to weekdays needs a Monday start; others any day).
    """
    raw = read_bytes(path, "roster", _one_problem, "check the path")
    return parse_roster(raw, path, check=check, default_regimen=default_regimen)


def parse_roster(
    raw: bytes,
    name: str,
    regimens: Callable[[str], Regimen] = load_regimen,
    check: RowCheck | None = None,
    default_regimen: str = DEFAULT_REGIMEN,
) -> tuple[RosterRow, ...]:
    """Parse roster bytes; ``name`` labels error lines, ``regimens`` loads a regimen by name or path."""
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
    _check_header(header, name)
    problems: list[str] = []
    rows: list[RosterRow] = []
    seen: dict[str, int] = {}
    loaded: dict[str, Regimen] = {}
    records = iter(reader)
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except csv.Error as exc:
            # A malformed line ends the reading: the parser cannot know where the next row starts.
            problems.append(f"{name} line {reader.line_num}: {_csv_problem(exc)}")
            break
        line = reader.line_num
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue  # a blank line between patients
        if None in record:
            problems.append(f"{name} line {line}: more cells than columns; check the separators")
            continue
        try:
            row = _row(record, line, regimens, loaded, default_regimen)
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


def _check_header(header: list[str], name: str) -> None:
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise RosterError(
            [f"{name} line 1: missing column {', '.join(missing)}; the header needs patient,start"]
        )
    unknown = [shown(c, 40) for c in dict.fromkeys(header) if c not in REQUIRED + OPTIONAL]
    if unknown:
        allowed = ", ".join(REQUIRED + OPTIONAL)
        listed = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        raise RosterError([f"{name} line 1: unknown column {listed}; use {allowed}"])
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        raise RosterError([f"{name} line 1: column {', '.join(twice)} appears twice; keep one"])


def _csv_problem(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return f"a cell longer than {csv.field_size_limit():,} characters; check the quotes and separators"
    return "not readable as CSV (an unclosed quote?); check the quotes and separators"


def _cell(record: dict[str, str | None], column: str) -> str:
    return (record.get(column) or "").strip()


def _row(
    record: dict[str, str | None],
    line: int,
    regimens: Callable[[str], Regimen],
    loaded: dict[str, Regimen],
    default_regimen: str,
) -> RosterRow:
    patient = check_patient_code(_cell(record, "patient"))
    start = parse_date(_cell(record, "start"))
    time = parse_time(_cell(record, "time")) if _cell(record, "time") else None
    regimen_name = _cell(record, "regimen")
    name = regimen_name or default_regimen
    if name not in loaded:
        loaded[name] = regimens(name)
    regimen = loaded[name] if regimen_name else None
    check_start(start, loaded[name])  # a Monday for a regimen tied to weekdays, any day otherwise
    delays = merge_delays([parse_delay(d) for d in _cell(record, "delays").split()])
    site = check_text(_cell(record, "site"), "site") if _cell(record, "site") else None
    lang = _cell(record, "lang").lower() or None
    if lang is not None and lang not in LANGUAGES:
        raise InvalidValue(f"language {lang!r} is not supported; use {' or '.join(LANGUAGES)}")
    body = body_size(
        parse_bsa(_cell(record, "bsa")) if _cell(record, "bsa") else None,
        parse_height(_cell(record, "height")) if _cell(record, "height") else None,
        parse_weight(_cell(record, "weight")) if _cell(record, "weight") else None,
    )
    return RosterRow(line, patient, start, time, regimen, delays, site, lang, regimen_name, body)
