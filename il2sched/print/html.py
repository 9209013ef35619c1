"""Printed documents (the administration sheet, the worklist) as self-contained HTML: inline CSS, no script,
no outside resource.

Rendered by Jinja2 with autoescaping on, so a site name or a regimen's drug typed as markup prints as text.
The pages and their heights come from the page models (:mod:`.sheet`, :mod:`.worklist`), so a browser's
print has the PDF's pages.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from il2sched.core.options import RenderOptions
from il2sched.core.schedule import Schedule
from il2sched.core.worklist import WorkDay
from il2sched.print.sheet import Sheet, build_sheet
from il2sched.print.worklist import BLANK, build_printed_worklist

if TYPE_CHECKING:
    import jinja2

#: CSS ``@page size`` keyword of each paper.
PAGE_SIZES = {"a4": "A4", "letter": "letter"}


def _mm(value: float) -> str:
    """A length in millimetres for CSS, without float noise: 12.0 -> "12mm", 41.45 -> "41.45mm"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}mm"


def _field_grid(sheet: Sheet) -> tuple[list[float], dict[str, int]]:
    """The header table's column widths (the union of every box edge) and how many columns each box spans."""
    edges = sorted({round(e, 2) for row in sheet.fields for e in itertools.accumulate(f.width for f in row)})
    widths = [b - a for a, b in itertools.pairwise([0.0, *edges])]
    spans: dict[str, int] = {}
    for row in sheet.fields:
        start = 0.0
        for field in row:
            end = round(start + field.width, 2)
            spans[field.key] = sum(1 for e in edges if start < e <= end)
            start = end
    return widths, spans


def environment() -> jinja2.Environment:
    """Our templates' Jinja2 environment: autoescaped (user text is never markup), strict, with ``mm``."""
    import jinja2  # only when a printed document is asked for: it slows every other command's start-up

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("il2sched.print", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["mm"] = _mm
    return env


def render_sheet(schedule: Schedule, options: RenderOptions) -> bytes:
    """The administration sheet as UTF-8 HTML; identical input gives identical bytes."""
    sheet = build_sheet(schedule, options.texts, site=options.site, paper=options.paper, stamp=options.stamp)
    env = environment()
    columns, spans = _field_grid(sheet)
    layout = sheet.layout
    html = env.get_template("sheet.html.j2").render(
        sheet=sheet,
        patient=schedule.plan.patient,
        page_size=PAGE_SIZES[sheet.paper.name],
        margin_x=layout.margin_x(sheet.paper),
        page_height=layout.html_page_height(sheet.paper),
        field_columns=columns,
        field_spans=spans,
    )
    return html.encode("utf-8")


def render_worklist(days: tuple[WorkDay, ...], options: RenderOptions) -> bytes:
    """The printed worklist as UTF-8 HTML; identical input gives identical bytes."""
    work = build_printed_worklist(
        days, options.texts, site=options.site, paper=options.paper, stamp=options.stamp
    )
    layout = work.layout
    html = (
        environment()
        .get_template("worklist.html.j2")
        .render(
            work=work,
            blank=BLANK,
            page_size=PAGE_SIZES[work.paper.name],
            margin_x=layout.margin_x(work.paper),
            page_height=layout.html_page_height(work.paper),
        )
    )
    return html.encode("utf-8")
