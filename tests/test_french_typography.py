"""French typography in every French output (issue 22, item 8): a narrow no-break space (U+202F) before
; : ! ? and » and after «, never an ordinary space and never none, so that a line never starts with a colon
("Administrée / ?"). Each output is read back as a reader sees its words: CSV cells, JSON and FHIR strings,
calendar texts, a page's text without its markup, a PDF's text.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import icalendar
import pdfplumber
import pytest
from helpers import run_cli_at_stamp as run
from web_client import app, call

from il2sched.app.formats import SCHEDULE_FORMATS, WORKLIST_FORMATS
from il2sched.core.typography import french_spacing

# Notes of every kind: holidays flagged and moved, a closure, a clock change, a delay, reminders, a code.
SCHEDULE = ["--start", "2026-03-23", "--patient", "P-1", "--lang", "fr", "--time", "02:30",
            "--remind", "1h", "--closed", "2026-03-27", "--delay", "3:1", "--double-check",
            "--site", "Dermato"]  # fmt: skip
SHIFTED = ["--start", "2026-04-27", "--patient", "P-2", "--lang", "fr", "--on-holiday", "shift",
           "--closed", "2026-06-01..2026-06-05"]  # fmt: skip
#: A space (ordinary or no-break) before a high sign or after «, or a word right against one, in prose. (A
#: lone "!" is the calendar's mark of a dose out of its window, a symbol, not punctuation.)
WRONG = re.compile(r"[ \u00a0][;:?»]|«[ \u00a0]|[^\W\d_][;!?»](?=\s|$)|[^\W\d_)][:](?=\s|$)")


def strings(value: Any) -> Iterator[str]:
    """Every string value of a JSON document (keys are names for programs, not words)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def words(fmt: str, data: bytes) -> list[str]:
    """The human texts of an output of format ``fmt``."""
    if fmt == "csv":
        text = data.decode("utf-8")
        rows = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";" if text[:1] == "\ufeff" else ",")
        return [c for row in rows for c in row]
    if fmt in ("json", "fhir"):
        return list(strings(json.loads(data)))
    if fmt == "ics":
        cal = icalendar.Calendar.from_ical(data)
        return [str(v) for c in cal.walk() for k, v in c.items() if isinstance(v, str) and k != "RRULE"]
    if fmt == "pdf":
        with pdfplumber.open(io.BytesIO(data)) as pdf:  # the characters themselves, line by line
            lines: dict[tuple[int, float], str] = {}
            for n, page in enumerate(pdf.pages):
                for c in page.chars:
                    lines[(n, round(c["top"]))] = lines.get((n, round(c["top"])), "") + c["text"]
            return list(lines.values())
    if fmt == "html":
        text = re.sub(r"<(style|script)\b.*?</\1>", " ", data.decode(), flags=re.S)
        text = re.sub(r"<[^>]+>", "\n", text)  # each element's text on its own
        return [html.unescape(line) for line in text.splitlines()]
    return data.decode("utf-8").splitlines()


def offences(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        for match in WRONG.finditer(text):
            found.append(text[max(0, match.start() - 30) : match.end() + 10])
    return found


@pytest.mark.parametrize("fmt", sorted(SCHEDULE_FORMATS))
@pytest.mark.parametrize("args", [SCHEDULE, SHIFTED], ids=["clock-closure-delay", "shift"])
def test_every_french_schedule_output_sets_french_spacing(fmt: str, args: list[str]) -> None:
    result = run("generate", *args, "-f", fmt)
    assert result.exit_code == 0, result.stderr
    shown = words(fmt, result.stdout_bytes)
    assert not offences(shown), offences(shown)[:5]
    notes = [re.sub(r"^il2sched: (note|warning): ", "", line) for line in result.stderr.splitlines()]
    assert not offences(notes), offences(notes)[:5]
    if fmt in ("table", "html", "pdf"):  # the narrow space is there, not only no wrong one
        assert any("\u202f:" in t or "\u202f;" in t for t in shown)


def test_the_excel_flavour_sets_it_too() -> None:
    result = run("generate", *SHIFTED, "-f", "csv", "--excel")
    assert not offences(words("csv", result.stdout_bytes))


@pytest.mark.parametrize("fmt", sorted(WORKLIST_FORMATS))
def test_every_french_worklist_output_sets_french_spacing(fmt: str, tmp_path: Path) -> None:
    roster = tmp_path / "ward.csv"
    roster.write_text("patient,start\nP-1,2026-04-27\nP-2,2026-05-04\n", encoding="utf-8")
    result = run("worklist", str(roster), "--from", "2026-05-11", "--days", "5", "--lang", "fr",
                 "--on-holiday", "shift", "--double-check", "-f", fmt)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert not offences(words(fmt, result.stdout_bytes)), offences(words(fmt, result.stdout_bytes))[:5]


def test_the_french_page_sets_french_spacing() -> None:
    answer = call(app(), "/?start=2026-04-27&lang=fr&on-holiday=shift&closed=2026-05-11..2026-05-17")
    assert answer.status == 200
    shown = words("html", answer.body)
    assert not offences(shown), offences(shown)[:5]


@pytest.mark.parametrize(
    ("plain", "set_"),
    [
        ("Administrée ?", "Administrée\u202f?"),
        ("Total : 20", "Total\u202f: 20"),
        ("a ; b", "a\u202f; b"),
        ("« avant »", "«\u202favant\u202f»"),
        ("(Ascension); 23:45", "(Ascension)\u202f; 23:45"),
        ("à 09:00, https://x", "à 09:00, https://x"),
    ],
)
def test_french_spacing_sets_the_narrow_space_and_leaves_times_and_addresses(plain: str, set_: str) -> None:
    assert french_spacing(plain) == set_
