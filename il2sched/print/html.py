"""Printed documents (the administration sheet, the worklist) as self-contained HTML: inline CSS, no script,
no outside resource.

Rendered by Jinja2 with autoescaping on, so a site name or a regimen's drug typed as markup prints as text.
The pages and their heights come from the page models (:mod:`.sheet`, :mod:`.worklist`), so a browser's
print has the PDF's pages.
"""

from __future__ import annotations

import functools
import itertools
from typing import TYPE_CHECKING

from il2sched.core.options import RenderOptions
from il2sched.core.schedule import Schedule
from il2sched.core.worklist import WorkDay
from il2sched.print.fonts import FAMILY, font_faces, line_height
from il2sched.print.sheet import Sheet, sheet_for
from il2sched.print.worklist import worklist_for

if TYPE_CHECKING:
    import jinja2

#: CSS ``@page size`` keyword of each paper.
PAGE_SIZES = {"a4": "A4", "letter": "letter"}


def _mm(value: float) -> str:
    """A length in millimetres for CSS, without float noise: 12.0 -> "12mm", 41.45 -> "41.45mm"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}mm"


def _size_class(size: float) -> str:
    """A text size's CSS class suffix: 7.5 -> "7_5"."""
    return f"{size:g}".replace(".", "_")


def _field_grid(sheet: Sheet) -> tuple[list[float], dict[str, int]]:
    """The header table's column widths (the union of every box edge) and how many columns each box spans."""
    rows = sheet.header.rows
    edges = sorted({round(e, 2) for row in rows for e in itertools.accumulate(f.width for f in row.fields)})
    widths = [b - a for a, b in itertools.pairwise([0.0, *edges])]
    spans: dict[str, int] = {}
    for row in rows:
        start = 0.0
        for field in row.fields:
            end = round(start + field.width, 2)
            spans[field.key] = sum(1 for e in edges if start < e <= end)
            start = end
    return widths, spans


@functools.cache
def environment() -> jinja2.Environment:
    """Our templates' Jinja2 environment: autoescaped (user text is never markup), strict, with the filters
    ``mm`` (a length), ``sz`` (a text size's class) and ``lh`` (a text size's line height).

    One per process: it keeps each template compiled (compiling took longer than rendering a sheet, and a
    server's worker or a batch renders many); Jinja2 environments are safe to share between threads."""
    import jinja2  # only when a printed document is asked for: it slows every other command's start-up

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("il2sched.print", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["mm"] = _mm
    env.filters["sz"] = _size_class
    env.filters["lh"] = line_height
    return env


def _sizes(layout: object) -> list[float]:
    """Every text size a layout uses (its ``font_*`` fields), for the CSS classes of the lines."""
    return sorted({float(getattr(layout, f)) for f in dir(layout) if f.startswith("font_")})


_FONTS = "/*il2sched:fonts*/"


def _with_fonts(html: str) -> bytes:
    """The document with the @font-face rules of exactly the characters it prints put in their place."""
    return html.replace(_FONTS, font_faces(html), 1).encode("utf-8")


def render_sheet(schedule: Schedule, options: RenderOptions) -> bytes:
    """The administration sheet as UTF-8 HTML; identical input gives identical bytes."""
    sheet = sheet_for(schedule, options)
    env = environment()
    columns, spans = _field_grid(sheet)
    layout = sheet.layout
    html = env.get_template("sheet.html.j2").render(
        sheet=sheet,
        patient=schedule.plan.shown_patient,
        page_size=PAGE_SIZES[sheet.paper.name],
        margin_x=layout.margin_x(sheet.paper),
        page_height=layout.html_page_height(sheet.paper),
        field_columns=columns,
        field_spans=spans,
        font_faces=_FONTS,
        family=FAMILY,
        sizes=_sizes(layout),
    )
    return _with_fonts(html)


def render_worklist(days: tuple[WorkDay, ...], options: RenderOptions) -> bytes:
    """The printed worklist as UTF-8 HTML; identical input gives identical bytes."""
    work = worklist_for(days, options)
    layout = work.layout
    html = (
        environment()
        .get_template("worklist.html.j2")
        .render(
            work=work,
            page_size=PAGE_SIZES[work.paper.name],
            margin_x=layout.margin_x(work.paper),
            page_height=layout.html_page_height(work.paper),
            font_faces=_FONTS,
            family=FAMILY,
            sizes=_sizes(layout),
        )
    )
    return _with_fonts(html)
