"""The output formats: one registry entry per format, its renderer loaded only when used.

A renderer is a function ``render(model, options) -> bytes``: the model is a schedule for
:data:`SCHEDULE_FORMATS` and a worklist's days for :data:`WORKLIST_FORMATS`. Adding a format means adding
one renderer module and one entry here; no face has a format-specific branch.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from il2sched.core.messages import Phrase, keyed
from il2sched.errors import InvalidValue


@dataclass(frozen=True, slots=True)
class Format:
    """An output format: its name, file suffix, what it is, and where its renderer lives."""

    name: str
    suffix: str
    module: str  # a module under il2sched
    description: str
    function: str = "render"
    media_type: str = "text/plain; charset=utf-8"
    binary: bool = False  # not text: never written to a terminal
    # The calendar a run replaces feeds the new one's SEQUENCE numbers (RFC 5545 updates).
    reads_previous: bool = False
    # A page a browser shows itself (the web page serves it inline, not as a file to save).
    inline: bool = False
    # For people reading a long course a part at a time: it shows only the period of --from/--to. Calendars
    # and files for programs always hold the whole course.
    by_period: bool = False

    def renderer(self) -> Callable[[Any, Any], bytes]:
        """Import the renderer's module (only now: some are slow to import) and return the renderer."""
        render: Callable[[Any, Any], bytes] = getattr(import_module(f"il2sched.{self.module}"), self.function)
        return render


_CSV = "text/csv; charset=utf-8"
_HTML = "text/html; charset=utf-8"
_PDF = "application/pdf"

SCHEDULE_FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("ics", ".ics", "export.ics", "iCalendar (RFC 5545) for calendar apps",
               media_type="text/calendar; charset=utf-8", reads_previous=True),
        Format("csv", ".csv", "export.csv", "CSV (RFC 4180, UTF-8); --excel for French Excel",
               media_type=_CSV),
        Format("json", ".json", "export.json", "JSON for other programs",
               media_type="application/json"),
        Format("table", ".txt", "export.table", "plain-text table and calendar grid", by_period=True),
        Format("html", ".html", "print.html", "printable administration sheet (self-contained HTML)",
               "render_sheet", media_type=_HTML, inline=True, by_period=True),
        Format("pdf", ".pdf", "print.pdf_sheet", "printable administration sheet (PDF)", media_type=_PDF,
               binary=True, inline=True, by_period=True),
        # Chosen with -f fhir only: a .json output name still means the plain JSON format.
        Format("fhir", ".fhir.json", "export.fhir", "HL7 FHIR R4 Bundle: CarePlan and MedicationRequests",
               media_type="application/fhir+json"),
    )
}  # fmt: skip

WORKLIST_FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("table", ".txt", "export.table", "plain-text worklist", "render_worklist"),
        Format("csv", ".csv", "export.csv", "one CSV row per administration", "render_worklist",
               media_type=_CSV),
        Format("html", ".html", "print.html", "printable worklist (self-contained HTML)", "render_worklist",
               media_type=_HTML, inline=True),
        Format("pdf", ".pdf", "print.pdf_worklist", "printable worklist (PDF)", media_type=_PDF, binary=True,
               inline=True),
    )
}  # fmt: skip


def choose_format(
    name: str | None,
    output: str,
    formats: Mapping[str, Format],
    what: str = "format",
    *,
    to_terminal: bool = False,
) -> Format:
    """The format named by ``name``, else the one whose suffix ``output`` ends with, else (standard output)
    the table. Never a guess: an output name with an unknown suffix, or a binary format for a terminal
    (``to_terminal``: standard output is one), is an :class:`InvalidValue` saying what to write instead."""
    if name is not None:
        if name not in formats:
            term = Phrase(f"term.{what}")  # a term of the error tables: format, worklist_format
            raise keyed(InvalidValue, "format.unknown", what=term, name=repr(name), known=", ".join(formats))
        fmt = formats[name]
    elif output == "-":
        fmt = formats["table"]
    else:
        fmt = format_of_name(output, formats)
    if fmt.binary and output == "-" and to_terminal:
        raise InvalidValue(
            f"the {fmt.name} format is binary and would garble the terminal: use -o FILE "
            f"(e.g. -o schedule{fmt.suffix}), or redirect standard output to a file"
        )
    return fmt


def format_of_name(output: str, formats: Mapping[str, Format]) -> Format:
    """The format whose suffix ``output`` ends with (the longest: ``.fhir.json`` before ``.json``)."""
    lowered = output.lower()
    for fmt in sorted(formats.values(), key=lambda f: -len(f.suffix)):
        if lowered.endswith(fmt.suffix) and len(lowered) > len(fmt.suffix):
            return fmt
    suffix = os.path.splitext(output)[1]
    known = ", ".join(dict.fromkeys(f.suffix for f in formats.values()))
    told = f"the suffix {suffix!r} of {output!r}" if suffix else f"{output!r}, which has no suffix,"
    raise InvalidValue(f"{told} names no format: end the name with one of {known}, or give -f FORMAT")
