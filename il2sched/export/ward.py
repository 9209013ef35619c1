"""The ward record's lists (patients, the audit trail) as a plain-text table or as CSV: rows of cells in,
bytes out. The application words the cells in the user's language; this module only lays them out."""

from __future__ import annotations

from collections.abc import Sequence

from il2sched.export.csv import lines, neutralize


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """Aligned columns for a terminal or a ``.txt`` file: the header, a rule, one line per row (UTF-8)."""
    everything = [list(header), *(list(r) for r in rows)]
    widths = [max(len(r[i]) for r in everything) for i in range(len(header))]
    rule = ["-" * w for w in widths]
    out = [
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in (everything[0], rule, *everything[1:])
    ]
    return ("\n".join(out) + "\n").encode("utf-8")


def csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """RFC 4180 CSV (UTF-8, CRLF), every cell safe from spreadsheets' formulas."""
    return lines([list(header), *([neutralize(c) for c in r] for r in rows)], excel=False)
