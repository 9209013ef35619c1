"""Patient codes a spreadsheet would not keep as typed when it opens a CSV.

Excel and LibreOffice Calc guess each CSV cell's type: ``007`` becomes the number 7, ``3.10`` becomes 3.1
(or the 3rd of October), ``1E5`` becomes 100000, ``2026-04-27`` and ``MAR1`` become dates, ``TRUE`` a truth
value. A patient's code is the one thing that ties a row to a person: a code turned into another one (two
patients "007" and "7") or into a date puts doses on the wrong patient. No CSV can say "text" to every
spreadsheet and still be plain CSV for programs (Excel's ``="007"`` is a formula to any other reader), so
il2sched refuses such codes where they are typed, the same way in every face and every output.
"""

from __future__ import annotations

import re

# Month names and abbreviations a spreadsheet reads in English or French (accents are not in a code).
_MONTH = (
    "jan|january|janv|janvier|feb|february|fev|fevr|fevrier|mar|march|mars|apr|april|avr|avril|may|mai|"
    "jun|june|juin|jul|july|juil|juillet|aug|august|aout|sep|sept|september|septembre|oct|october|octobre|"
    "nov|november|novembre|dec|december|decembre"
)
_READINGS = (
    ("number", re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e-?[0-9]+)?", re.IGNORECASE)),
    ("date", re.compile(r"[0-9]{1,4}(?:[-.][0-9]{1,4}){1,2}")),
    (
        "date",
        re.compile(
            rf"(?:[0-9]{{1,4}}[-.]?(?:{_MONTH})\.?(?:[-.]?[0-9]{{1,4}})?|(?:{_MONTH})\.?[-.]?[0-9]{{1,4}})",
            re.IGNORECASE,
        ),
    ),
    ("truth value", re.compile(r"true|false|vrai|faux", re.IGNORECASE)),
)


def spreadsheet_reading(code: str) -> str | None:
    """What a spreadsheet opening a CSV would take ``code`` for ("number", "date", "truth value"), or
    ``None`` when it keeps it as text."""
    for kind, pattern in _READINGS:
        if pattern.fullmatch(code):
            return kind
    return None
