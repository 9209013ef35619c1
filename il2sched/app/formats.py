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
        Format("table", ".txt", "export.table", "plain-text table and calendar grid"),
        Format("html", ".html", "print.html", "printable administration sheet (self-contained HTML)",
               "render_sheet", media_type=_HTML),
        Format("pdf", ".pdf", "print.pdf_sheet", "printable administration sheet (PDF)", media_type=_PDF,
               binary=True),
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
               media_type=_HTML),
        Format("pdf", ".pdf", "print.pdf_worklist", "printable worklist (PDF)", media_type=_PDF, binary=True),
    )
}  # fmt: skip


def choose_format(
    name: str | None, output: str, formats: Mapping[str, Format], what: str = "format"
) -> Format:
    """The format named by ``name``, else the one whose suffix ``output`` has, else the table."""
    if name is not None:
        if name not in formats:
            raise InvalidValue(f"unknown {what} {name!r}: use one of {', '.join(formats)}")
        return formats[name]
    suffix = os.path.splitext(output)[1].lower() if output != "-" else ""
    return next((f for f in formats.values() if f.suffix == suffix), formats["table"])
