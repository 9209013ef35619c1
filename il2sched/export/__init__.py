"""The exporter registry: one entry per format, loaded only when used.

Each exporter is a function ``render(schedule, options) -> bytes``. Adding a format means adding a module and
one :data:`FORMATS` entry; the CLI has no format-specific branches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from il2sched.i18n import Texts
    from il2sched.schedule import Schedule


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """How to render a schedule: everything that is not the schedule itself."""

    texts: Texts
    stamp: dt.datetime  # DTSTAMP and "generated on": passed in so outputs are reproducible
    duration: dt.timedelta = dt.timedelta(minutes=15)
    reminders: tuple[dt.timedelta, ...] = ()
    excel: bool = False  # CSV for French Excel: ';', BOM, decimal comma
    site: str = ""  # the ward or site named on printed sheets (user text: escape it)
    paper: str = "a4"  # printed sheets: "a4" or "letter"
    # UID -> (SEQUENCE, DTSTART|DTEND) of the calendar this one replaces: moved events get a higher SEQUENCE.
    previous: Mapping[str, tuple[int, str]] = field(default_factory=dict)


Renderer = Callable[["Schedule", ExportOptions], bytes]


@dataclass(frozen=True, slots=True)
class Format:
    """An output format: its name, file suffix, what it is, and where its renderer lives."""

    name: str
    suffix: str
    module: str  # under il2sched.export
    description: str
    function: str = "render"

    def renderer(self) -> Callable[..., bytes]:
        """Import the renderer's module (only now: some are slow to import) and return the renderer."""
        render: Callable[..., bytes] = getattr(import_module(f"il2sched.export.{self.module}"), self.function)
        return render


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("ics", ".ics", "ics", "iCalendar (RFC 5545) for calendar apps"),
        Format("csv", ".csv", "csv", "CSV (RFC 4180, UTF-8); --excel for French Excel"),
        Format("json", ".json", "json", "JSON for other programs"),
        Format("table", ".txt", "table", "plain-text table and calendar grid"),
        Format("html", ".html", "html", "printable administration sheet (self-contained HTML)"),
        Format("pdf", ".pdf", "pdf", "printable administration sheet (PDF)"),
        # Chosen with -f fhir only: a .json output name still means the plain JSON format.
        Format("fhir", ".fhir.json", "fhir", "HL7 FHIR R4 Bundle: CarePlan and MedicationRequests (JSON)"),
    )
}
