"""The sheet's record of administrations: its columns, each declared once with what its cells show, a row of
cells per dose, and the cycles' headings.

A dose that is not plain says so in the row, at the row's size: a skipped dose says "do not give" where the
dose would be and has no box to tick; a dose outside its cycle's window says "investigator to decide"; a
moved or flagged dose says why, across the row under its cells.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from il2sched.core.attention import Attention
from il2sched.core.period import Period
from il2sched.core.reconcile import ReconciledDose
from il2sched.core.record import DoseRef
from il2sched.core.schedule import Administration, Schedule, Status
from il2sched.core.summary import cycle_heading
from il2sched.core.texts import Texts
from il2sched.print.cells import (
    Box,
    Cell,
    ColumnSpec,
    Label,
    Mark,
    Slot,
    Tier,
    at_top,
    in_middle,
    middle,
    resolve,
    stack_top,
    with_notice,
    yes_no,
)
from il2sched.print.decision import decision_block, shifted
from il2sched.print.fonts import Lines, line_height, one_line, wrap
from il2sched.print.layout import Column
from il2sched.print.notices import dose_day, dose_text, notice, planned_time, to_decide
from il2sched.print.sheet_pages import LAYOUT, CycleBlock, Layout, Row
from il2sched.print.sheet_recorded import RECORDED, Recorded, deviation_notice, recorded_cell

#: A dose not to give: its dose and the cell that says why are shaded.
SKIP_GREY = 238
#: Where the decision block of a dose for the investigator to decide on starts: the dose column (the planned
#: date and study day before it stay).
DECISION_FROM = "dose"


@dataclass(frozen=True, slots=True)
class Dose:
    """One administration, as the cells of its row are made from it."""

    admin: Administration
    texts: Texts
    layout: Layout
    window: int  # its cycle's window, in days
    tz: str
    # What the ward record holds of it, on a sheet printed from it.
    judged: ReconciledDose | None = None

    @property
    def stopped(self) -> bool:
        """Not to give: the row has no box to tick, one cell says why instead."""
        return not self.admin.given

    @property
    def recorded(self) -> Recorded | None:
        """Its record in force, when the ward record has one: its boxes are printed, not left to fill in."""
        judged = self.judged
        if judged is None or judged.record is None:
            return None
        return Recorded(judged, judged.record, self.texts, self.layout)


def _from_record(
    text: Callable[[Recorded, float], tuple[Lines, ...]],
) -> Callable[[Dose, float], tuple[Lines, ...]]:
    """A column's recorded text (:data:`~il2sched.print.sheet_recorded.RECORDED`), read from a row's dose."""

    def recorded(d: Dose, room: float) -> tuple[Lines, ...]:
        r = d.recorded
        return text(r, room) if r is not None else ()

    return recorded


def _date(d: Dose, _room: float) -> tuple[Lines, ...]:
    lay, day = d.layout, dose_day(d.admin, d.tz)
    bold = not to_decide(d.admin)  # a dose to decide on: its planned date as information only
    lines = (
        one_line(d.texts.weekday(day), lay.font_cell, bold=bold),
        one_line(d.texts.day_month_long(day), lay.font_label),
        one_line(str(day.year), lay.font_label),
    )
    if d.admin.time is None:
        return lines
    return (*lines, one_line(planned_time(d.admin, d.tz, d.texts, day), lay.font_cell, bold=bold))


def _study_day(d: Dose, _room: float) -> tuple[Lines, ...]:
    return (one_line(str(d.admin.study_day), d.layout.font_number),)


def _dose(d: Dose, room: float) -> tuple[Lines, ...]:
    return (wrap(dose_text(d.admin, d.texts), room, d.layout.font_dose, bold=True),)


def _time_sep(d: Dose, _room: float) -> tuple[Lines, ...]:
    return (one_line(d.texts("sheet.time_sep"), d.layout.font_number, bold=True),)


def _number(_d: Dose, slot: Slot, text: tuple[Lines, ...]) -> Cell:
    height = sum(lines.height for lines in text)
    return Cell(slot.key, slot.col, text=text, text_y=middle(slot.height, height), align="C", style="num")


def _dose_cell(d: Dose, slot: Slot, text: tuple[Lines, ...]) -> Cell:
    cell = in_middle(d, slot, text)
    return replace(cell, style=f"{cell.style} skip", shade=SKIP_GREY) if d.stopped else cell


def _given(d: Dose, slot: Slot, _text: tuple[Lines, ...]) -> Cell:
    lay = d.layout
    return yes_no(slot, d.texts, box=lay.box, gap=lay.given_gap, pad=lay.pad, size=lay.font_cell)


def _time(_d: Dose, slot: Slot, text: tuple[Lines, ...]) -> Cell:
    # The colon between the hours and minutes the nurse writes, near the cell's foot.
    return Cell(slot.key, slot.col, text=text, text_y=slot.height - 5.0, align="C", style=slot.key)


def _site(d: Dose, slot: Slot, _text: tuple[Lines, ...]) -> Cell:
    """Abdomen, thigh, arm: each with a box for the left side and one for the right, centred in the cell."""
    lay = d.layout
    left, right = site_boxes(slot.width, lay)
    top = stack_top(slot.height, 3, lay.box, lay.site_gap)
    marks: list[Mark] = []
    for i, key in enumerate(("sheet.abdomen", "sheet.thigh", "sheet.arm")):
        by = top + i * (lay.box + lay.site_gap)
        label = one_line(d.texts(key), lay.font_label)
        marks += [
            Label(label, None, _beside(by, label, lay), left),
            Box(left, by, lay.box),
            Box(right, by, lay.box),
        ]
    return Cell(slot.key, slot.col, text_x=lay.pad, marks=tuple(marks), style=slot.key)


def _lot(d: Dose, slot: Slot, _text: tuple[Lines, ...]) -> Cell:
    """The batch number over the expiry date, each under its word, written by hand."""
    lay = d.layout
    marks = tuple(
        Label(one_line(d.texts(key), lay.font_label), lay.pad, y, slot.width)
        for key, y in (("sheet.lot", lay.pad), ("sheet.expiry", round(slot.height / 2, 2)))
    )
    return Cell(slot.key, slot.col, text_x=lay.pad, marks=marks, style=slot.key)


def _site_sides(texts: Texts, slot: Slot) -> tuple[Mark, ...]:
    """On the site heading's foot: "side", and the letters of the left and right sides over their boxes."""
    lay = LAYOUT
    left, right = site_boxes(slot.width, lay)
    y = slot.height - lay.pad - line_height(lay.font_label)
    letters = (texts("sheet.side_left"), texts("sheet.side_right"))
    return (
        Label(one_line(texts("sheet.side"), lay.font_label), lay.pad, y, left, foot=True),
        *(
            Label(one_line(letter, lay.font_label, bold=True), bx, y, lay.box, "C", foot=True)
            for bx, letter in zip((left, right), letters, strict=True)
        ),
    )


def _beside(box_y: float, label: Lines, layout: Layout) -> float:
    """The top of a one-line ``label`` centred on a tick box whose top is ``box_y``."""
    return box_y + (layout.box - line_height(label.size)) / 2


RecordColumn = ColumnSpec[Dose]  # a type: build one with ColumnSpec(...)

#: The record's columns, left to right: what is planned, then what the nurse fills in. A new column is one
#: line here (and its heading's phrase, ``sheet.col.<key>``, in English and French).
RECORD: tuple[RecordColumn, ...] = (
    ColumnSpec(
        "date", 19.5, "sheet.col.date", _date, at_top, planned=True, timed_heading="sheet.col.date_time"
    ),
    ColumnSpec("study_day", 11.0, "sheet.col.study_day", _study_day, _number, planned=True),
    ColumnSpec("dose", 22.2, "sheet.col.dose", _dose, _dose_cell, planned=True),  # "administrer" whole
    ColumnSpec("given", 18.0, "sheet.col.given", place=_given, recorded=_from_record(RECORDED["given"])),
    ColumnSpec("time", 11.0, "sheet.col.time", _time_sep, _time, recorded=_from_record(RECORDED["time"])),
    ColumnSpec(
        "site",
        24.0,
        "sheet.col.site",
        place=_site,
        head_marks=_site_sides,
        recorded=_from_record(RECORDED["site"]),
    ),
    # batch number over expiry, by hand
    ColumnSpec("lot", 25.0, "sheet.col.lot", place=_lot, recorded=_from_record(RECORDED["lot"])),
    ColumnSpec("initials", 12.0, "sheet.col.initials", recorded=_from_record(RECORDED["initials"])),
    # the second nurse's initials
    ColumnSpec("check", 13.0, "sheet.col.check", second_check=True, recorded=_from_record(RECORDED["check"])),
    # What is left, at least 30 mm with the second check: room to write why a dose was late or not given.
    ColumnSpec("remarks", 0.0, "sheet.col.remarks", recorded=_from_record(RECORDED["remarks"])),
)


def record_columns(*, double_check: bool) -> tuple[RecordColumn, ...]:
    """The record's columns on this sheet: the second check's with ``double_check``."""
    return tuple(c for c in RECORD if double_check or not c.second_check)


def columns(
    specs: tuple[RecordColumn, ...], texts: Texts, layout: Layout, *, timed: bool
) -> tuple[Column, ...]:
    """The record's columns, their headings broken into lines; they fill the page's width exactly."""
    return resolve(specs, texts, layout.content_width, layout.pad, layout.font_label, timed=timed)


def row(dose: Dose, specs: tuple[RecordColumn, ...], cols: tuple[Column, ...]) -> Row:
    """One administration's row of cells, as tall as its tallest text, and its notice under them.

    A dose for the investigator to decide on keeps its planned date and study day; from the dose column on,
    one cell holds the decision words and block (:mod:`.decision`) instead of the dose and the boxes, and
    the notice under it gives the planned dose as information. A public holiday's dose keeps its boxes and
    says its check at the dose's size.
    """
    lay, admin, recorded = dose.layout, dose.admin, dose.recorded
    decide = to_decide(admin) and recorded is None  # the record is the decision
    # Under the cells, beside the first column (whose cell runs down beside it): it belongs to this row.
    room = lay.content_width - cols[0].width - 2 * lay.pad
    size = lay.font_dose if admin.attention is Attention.CHECK else lay.font_cell  # the check: dose's size
    planned_notice = "" if recorded is not None else notice(admin, dose.texts, dose.window, dose.tz)
    deviations = deviation_notice(dose.judged, dose.texts) if dose.judged is not None else ""
    said = wrap(dose.texts.joined(planned_notice, deviations), room, size, bold=not decide)
    if decide:
        shown = list(range(next(i for i, spec in enumerate(specs) if spec.key == DECISION_FROM)))
    else:
        shown = [i for i, spec in enumerate(specs) if spec.planned or not dose.stopped]
    texts = [_text(specs[i], dose, cols[i].width - 2 * lay.pad) for i in shown]
    rest = sum(c.width for c in cols[len(shown) :]) - 2 * lay.pad  # the cell after the planned ones
    why = Lines((), lay.font_cell, True)
    block: tuple[Mark, ...] = ()
    block_h = 0.0
    if decide:
        block, block_h = decision_block(
            dose.texts, rest, words_size=lay.font_dose, size=lay.font_cell, box=lay.box, gap=lay.given_gap
        )
    elif dose.stopped:  # said in the one cell that stands where the boxes would be
        why = wrap(said.text, rest, lay.font_cell, bold=True)
        said = Lines((), lay.font_cell, True)
    cells_h = max(
        lay.skipped_min_h if dose.stopped or decide else lay.row_min_h,
        *(sum(lines.height for lines in text) + 2 * lay.pad for text in texts),
        why.height + 2 * lay.pad,
        block_h + 2 * lay.pad,
    )
    h = round(cells_h, 2)
    cells = [
        _place(specs[i], dose, Slot(specs[i].key, i, cols[i].width, h), t)
        for i, t in zip(shown, texts, strict=True)
    ]
    if decide:
        marks = shifted(block, lay.pad, middle(h, block_h))
        cells.append(Cell("decide", len(shown), span=len(specs) - len(shown), marks=marks, style="decide"))
    elif dose.stopped:
        cells.append(
            Cell(
                "skip",
                len(shown),
                span=len(specs) - len(shown),
                text=(why,),
                text_x=lay.pad,
                text_y=middle(h, why.height),
                style="skip",
                shade=SKIP_GREY,
            )
        )
    notice_h = said.height + 2 * lay.notice_pad if said else 0.0
    height = round(cells_h + notice_h, 2)
    tier = Tier(h, tuple(cells), style=f"row {admin.status}", date=admin.date.isoformat())
    urgent = admin.status is Status.OUT_OF_WINDOW or decide or bool(deviations)
    tiers = with_notice(tier, said, height - h, pad=lay.pad, notice_pad=lay.notice_pad, urgent=urgent)
    return Row(tiers, height, date_iso=admin.date.isoformat(), status=str(admin.status))


def _text(spec: RecordColumn, dose: Dose, room: float) -> tuple[Lines, ...]:
    """A cell's text: what is planned, or what the ward record holds in a box the nurse would fill in."""
    if dose.recorded is not None and spec.recorded is not None:
        return spec.recorded(dose, room)
    return spec.text(dose, room)


def _place(spec: RecordColumn, dose: Dose, slot: Slot, text: tuple[Lines, ...]) -> Cell:
    """A cell of the row: as its column places it, or printed from the ward record in the recorded look."""
    if dose.recorded is not None and spec.recorded is not None:
        return recorded_cell(dose.layout, slot, text)
    return spec.place(dose, slot, text)


def cycle_blocks(
    schedule: Schedule,
    texts: Texts,
    layout: Layout,
    specs: tuple[RecordColumn, ...],
    cols: tuple[Column, ...],
    period: Period | None = None,
    judged: Mapping[DoseRef, ReconciledDose] | None = None,
) -> tuple[CycleBlock, ...]:
    """Every cycle's heading and rows (those of ``period``: a cycle without a dose in it is left out);
    ``judged``: each dose's reconciliation with the ward record, whose records fill its boxes."""
    judged = judged or {}
    room = layout.content_width - 2 * layout.pad
    blocks = []
    for cycle, all_admins in schedule.by_cycle():
        admins = [a for a in all_admins if period is None or period.holds(a.date)]
        if not admins:
            continue
        title = cycle_heading(schedule, cycle, texts)  # the one place a cycle's heading is written
        heading = wrap(title, room, layout.font_text, bold=True)
        continued = wrap(texts("sheet.continued", title=title), room, layout.font_text, bold=True)
        tz = schedule.plan.tz
        rows = tuple(
            row(
                Dose(a, texts, layout, cycle.window_days, tz, judged.get(DoseRef(a.cycle, a.cycle_day))),
                specs,
                cols,
            )
            for a in admins
        )
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


def site_boxes(width: float, layout: Layout) -> tuple[float, float]:
    """Where the left-side and right-side boxes of the site column start, from the cell's left edge."""
    right = width - layout.pad - layout.box
    return round(right - layout.box_gap - layout.box, 2), round(right, 2)
