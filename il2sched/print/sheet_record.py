"""The sheet's record of administrations: its columns, one row per dose, the cycles' headings, and the
doses the investigator must decide on.

A dose that is not plain says so in the row, at the row's size: a skipped dose says "do not give" where the
dose would be and has no box to tick; a dose outside its cycle's window says "investigator to decide"; a
moved or flagged dose says why, across the row under its cells.
"""

from __future__ import annotations

from il2sched.core.closed_days import note
from il2sched.core.grid import MARKS
from il2sched.core.schedule import Administration, Schedule, Status
from il2sched.core.summary import cycle_heading
from il2sched.core.texts import Texts
from il2sched.print.fonts import Lines, line_height, one_line, wrap
from il2sched.print.layout import Column
from il2sched.print.notices import dose_text, notice, planned_time
from il2sched.print.sheet_pages import CycleBlock, Decision, Layout, Row

#: Column key -> width in millimetres; "remarks" takes what is left of the page's width.
WIDTHS = {
    "date": 21.0,
    "study_day": 11.0,
    "dose": 20.0,
    "given": 17.0,
    "time": 13.0,
    "site": 25.0,
    "lot": 24.0,  # a batch number written by hand
    "expiry": 16.0,
    "initials": 12.0,
}
CHECK_WIDTH = 14.0  # the second nurse's initials, when the regimen or --double-check asks for it
#: The boxes and lines a nurse fills in, left empty.
BLANK = ("time", "site", "lot", "expiry", "initials", "check", "remarks")


def columns(texts: Texts, layout: Layout, *, timed: bool, double_check: bool) -> tuple[Column, ...]:
    """The record's columns, their headings broken into lines; they fill the page's width exactly."""
    widths = dict(WIDTHS)
    if double_check:
        widths["check"] = CHECK_WIDTH
    widths["remarks"] = layout.content_width - sum(widths.values())
    labels = {key: texts(f"sheet.col.{key}") for key in widths}
    if timed:
        labels["date"] = texts("sheet.col.date_time")
    return tuple(
        Column(key, wrap(labels[key], w - 2 * layout.pad, layout.font_label), w) for key, w in widths.items()
    )


def head_height(cols: tuple[Column, ...], layout: Layout) -> float:
    """The height of the column headings: the tallest, and the site's side letters over their boxes."""
    letters = line_height(layout.font_label)
    return round(
        max(c.label.height + (letters if c.key == "site" else 0.0) for c in cols) + 2 * layout.pad + 0.4, 2
    )


def row(
    admin: Administration, texts: Texts, layout: Layout, cols: dict[str, float], window: int, tz: str
) -> Row:
    """One administration's row, with its height from its texts."""
    lay, day = layout, admin.date
    date = [
        one_line(texts.weekday(day), lay.font_cell, bold=True),
        one_line(texts.day_month_long(day), lay.font_label),
        one_line(str(day.year), lay.font_label),
    ]
    if admin.time is not None:
        date.append(one_line(planned_time(admin, tz, texts), lay.font_cell, bold=True))
    skipped = admin.status is Status.SKIPPED
    dose = wrap(dose_text(admin, texts), cols["dose"] - 2 * lay.pad, lay.font_text, bold=True)
    skip_note = Lines((), lay.font_cell, True)
    # Under the cells, beside the date (whose cell runs down beside it): it belongs to this row.
    room = layout.content_width - cols["date"] - 2 * lay.pad
    said = wrap(notice(admin, texts, window, tz), room, lay.font_cell, bold=True)
    if skipped:  # said in the one cell that stands where the boxes would be
        width = sum(w for key, w in cols.items() if key not in ("date", "study_day", "dose"))
        skip_note = wrap(said.text, width - 2 * lay.pad, lay.font_cell, bold=True)
        said = Lines((), lay.font_cell, True)
    cells_h = max(
        lay.skipped_min_h if skipped else lay.row_min_h,
        sum(line.height for line in date) + 2 * lay.pad,
        dose.height + 2 * lay.pad,
        skip_note.height + 2 * lay.pad,
    )
    notice_h = said.height + 2 * lay.notice_pad if said else 0.0
    return Row(
        date_iso=day.isoformat(),
        status=str(admin.status),
        date=tuple(date),
        study_day=str(admin.study_day),
        dose=dose,
        skipped=skipped,
        skip_note=skip_note,
        notice=said,
        urgent=admin.status is Status.OUT_OF_WINDOW,
        cells_h=round(cells_h, 2),
        height=round(cells_h + notice_h, 2),
    )


def cycle_blocks(
    schedule: Schedule, texts: Texts, layout: Layout, cols: tuple[Column, ...]
) -> tuple[CycleBlock, ...]:
    """Every cycle's heading and rows."""
    widths = {c.key: c.width for c in cols}
    room = layout.content_width - 2 * layout.pad
    blocks = []
    for cycle, admins in schedule.by_cycle():
        title = cycle_heading(schedule, cycle, texts)  # the one place a cycle's heading is written
        heading = wrap(title, room, layout.font_text, bold=True)
        continued = wrap(texts("sheet.continued", title=title), room, layout.font_text, bold=True)
        tz = schedule.plan.tz
        rows = tuple(row(a, texts, layout, widths, cycle.window_days, tz) for a in admins)
        head_h = round(max(heading.height, continued.height) + 2 * layout.cycle_head_pad, 2)
        blocks.append(CycleBlock(cycle.number, heading, continued, rows, head_h))
    return tuple(blocks)


def delays_text(schedule: Schedule, texts: Texts) -> str:
    """The postponed cycles in words, for the header; empty when none is."""
    delays = sorted((n, w) for n, w in schedule.plan.delays.items() if w)
    if not delays:
        return ""
    items = texts("sheet.list_sep").join(
        texts("sheet.delay", cycle=n, postponed=texts.plural("sheet.postponed", w)) for n, w in delays
    )
    return f"{items} ({texts('sheet.delays_note')})"


def decisions(schedule: Schedule, texts: Texts, layout: Layout) -> tuple[Decision, ...]:
    """The doses outside their cycle's window, each with a line for the investigator's decision."""
    regimen, room = schedule.regimen, layout.content_width - 2 * layout.pad
    out = []
    for admin in schedule.administrations:
        if admin.status is Status.OUT_OF_WINDOW:
            window = regimen.window_days(admin.cycle)
            text = texts(
                "sheet.decision",
                cycle=admin.cycle,
                day=admin.cycle_day,
                date=texts.date(admin.date),
                note=note(admin, texts, window),
            )
            lines = wrap(f"{MARKS['out_of_window']} {text}", room, layout.font_cell, bold=True)
            out.append(Decision(lines, round(lines.height + layout.sign_h + layout.pad, 2)))
    return tuple(out)


def site_boxes(width: float, layout: Layout) -> tuple[float, float]:
    """Where the left-side and right-side boxes of the site column start, from the cell's left edge."""
    right = width - layout.pad - layout.box
    return round(right - layout.box_gap - layout.box, 2), round(right, 2)


def stack_top(cells_h: float, count: int, layout: Layout, gap: float) -> float:
    """The top of ``count`` tick boxes stacked ``gap`` apart, centred in a cell ``cells_h`` high."""
    return round((cells_h - count * layout.box - (count - 1) * gap) / 2, 2)
