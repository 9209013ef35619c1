"""Worklist outputs: the day-by-day list a nurse prints in the morning, as a table or as CSV.

A worklist is not one patient's schedule, so these renderers take the days built by
:func:`il2sched.worklist.build_worklist`; the CSV has ``generate``'s columns, one row per administration.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from il2sched.export import ExportOptions, Format
from il2sched.export.csv import neutralize
from il2sched.export.rows import COLUMNS, note, row
from il2sched.worklist import WorkDay

WORKLIST_FORMATS = {
    f.name: f
    for f in (
        Format("table", ".txt", "worklist", "plain-text worklist", "render_table"),
        Format("csv", ".csv", "worklist", "one CSV row per administration", "render_csv"),
        Format("html", ".html", "worklist_html", "printable worklist (self-contained HTML)"),
        Format("pdf", ".pdf", "worklist_pdf", "printable worklist (PDF)"),
    )
}


def render_csv(days: tuple[WorkDay, ...], options: ExportOptions) -> bytes:
    """One CSV row per administration of the period, with ``generate``'s columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if options.excel else ",", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    texts = options.texts
    if options.excel:
        texts = replace(texts, locale=replace(texts.locale, decimal=","))
    for day in days:
        for entry in day.entries:
            values = row(entry.administration, texts, entry.window)
            writer.writerow([neutralize(str(values[c])) for c in COLUMNS])
    text = buffer.getvalue()
    return ("\ufeff" + text).encode("utf-8") if options.excel else text.encode("utf-8")


def render_table(days: tuple[WorkDay, ...], options: ExportOptions) -> bytes:
    """The worklist as text: a heading per day (with its closures), then one line per patient due."""
    texts = options.texts
    lines = [texts("worklist_title", first=texts.date(days[0].date), last=texts.date(days[-1].date))]
    if options.site:
        lines.append(options.site)
    total = 0
    for day in days:
        heading = texts.date_long(day.date)
        if day.closures:
            heading += " – " + "; ".join(texts.labelled(texts.status(c.kind), c.name) for c in day.closures)
        lines += ["", heading]
        if not day.entries:
            lines.append(f"  {texts('worklist_none')}")
            continue
        rows = [[texts(k) for k in ("time", "patient", "dose", "cycle", "study_day", "status", "note")]]
        for entry in day.entries:
            a = entry.administration
            rows.append([
                texts.time(a.time), a.patient, texts.dose(a.dose_iu),
                texts("cycle_day", cycle=a.cycle, day=a.cycle_day), str(a.study_day),
                texts.status(a.status), note(a, texts, entry.window),
            ])  # fmt: skip
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines += ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
        given = sum(1 for e in day.entries if e.administration.given)
        total += given
        lines.append(f"  {texts.plural('sheet.administrations', given)}")
    lines += [
        "",
        texts(
            "worklist.total",
            administrations=texts.plural("sheet.administrations", total),
            days=texts.plural("worklist.days", len(days)),
        ),
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")
