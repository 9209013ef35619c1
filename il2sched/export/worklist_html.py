"""The printed worklist as one self-contained HTML file: inline CSS, no script, no outside resource.

Rendered with the sheet's Jinja2 environment (autoescaping on), so a site or closure name typed as markup
prints as text; the page rules are the sheet's own (``_page.css.j2``).
"""

from __future__ import annotations

from il2sched.export import ExportOptions
from il2sched.export.html import PAGE_SIZES, environment
from il2sched.export.worklist_print import BLANK, build_printed_worklist
from il2sched.worklist import WorkDay


def render(days: tuple[WorkDay, ...], options: ExportOptions) -> bytes:
    """The worklist as UTF-8 HTML; identical input gives identical bytes."""
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
            # A hair under the printable height, so rounding in a browser never spills a page onto the next.
            page_height=work.paper.height - 2 * layout.margin_y - 0.5,
        )
    )
    return html.encode("utf-8")
