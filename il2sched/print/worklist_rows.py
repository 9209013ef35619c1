"""The printed worklist's table: its sizes, its columns (each declared once with what its cells show), and a
row of cells per administration due (:mod:`.cells`), which the HTML and PDF painters draw as they are.

A dose that is not plain says so in the same words as the sheet (:mod:`.notices`), across the row under its
cells; a dose not to give has a dash in every box the nurse would fill in, and no box to tick by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from il2sched.core.attention import Attention
from il2sched.core.regimen import Regimen
from il2sched.core.schedule import Administration, Status
from il2sched.core.summary import position
from il2sched.core.texts import Texts
from il2sched.core.worklist import Entry
from il2sched.print.cells import (
    Cell,
    ColumnSpec,
    Mark,
    Slot,
    TableRow,
    Tier,
    at_top,
    in_middle,
    middle,
    resolve,
    with_notice,
    yes_no,
)
from il2sched.print.decision import decision_block, shifted
from il2sched.print.fonts import Lines, line_height, one_line, wrap
from il2sched.print.layout import Column, PageLayout
from il2sched.print.notices import capital, dose_text, notice, planned_time, to_decide


@dataclass(frozen=True, slots=True)
class WorkLayout(PageLayout):
    """Every size both worklist renderers use, in millimetres (font sizes in points, none under 7)."""

    pad: float = 0.6
    day_head_pad: float = 1.2
    row_min_h: float = 9.0  # room to write a time and initials by hand
    none_h: float = 6.0
    day_total_h: float = 5.0
    day_gap: float = 3.0
    total_h: float = 7.0
    notice_pad: float = 0.7
    box: float = 4.0  # the "given" tick boxes: at least 4 mm
    given_gap: float = 1.5  # between "yes" and the "no" box beside it
    font_day: float = 9.0
    font_text: float = 8.0
    font_head: float = 7.0
    font_cell: float = 7.5
    font_code: float = 8.0
    font_small: float = 7.0


LAYOUT = WorkLayout()

#: The ink of a box not to fill in: a skipped dose has nothing to record.
DASH = "–"
#: Where the decision block of a dose for the investigator to decide on starts: the dose column.
DECISION_FROM = "dose"


@dataclass(frozen=True, slots=True)
class Due:
    """One administration due, as the cells of its row are made from it."""

    entry: Entry
    texts: Texts
    layout: WorkLayout

    @property
    def admin(self) -> Administration:
        """The administration."""
        return self.entry.administration

    @property
    def stopped(self) -> bool:
        """Not to give here (skipped, or self-injected at home): a dash in every box the nurse would fill
        in, nothing to tick by mistake."""
        return not self.admin.given or self.admin.home


def _time(d: Due, room: float) -> tuple[Lines, ...]:
    return (wrap(planned_time(d.admin, d.entry.tz, d.texts), room, d.layout.font_cell, True),)


def _code(d: Due, _room: float) -> tuple[Lines, ...]:
    return (one_line(d.admin.patient, d.layout.font_code, bold=True),)  # whole: its column is wide enough


def _treatment(d: Due, room: float) -> tuple[Lines, ...]:
    trial, drug, route = treatment(d.entry.regimen, d.entry, d.texts)
    return (wrap(f"{drug}, {route}\n{trial}", room, d.layout.font_small),)


def _dose(d: Due, room: float) -> tuple[Lines, ...]:
    return (wrap(dose_text(d.admin, d.texts), room, d.layout.font_text, True),)


def _cycle(d: Due, room: float) -> tuple[Lines, ...]:
    a = d.admin
    return (wrap(position(d.entry.regimen, a.cycle, a.cycle_day, d.texts), room, d.layout.font_cell),)


def _study_day(d: Due, room: float) -> tuple[Lines, ...]:
    return (wrap(str(d.admin.study_day), room, d.layout.font_cell),)


def _given(d: Due, slot: Slot, _text: tuple[Lines, ...]) -> Cell:
    """Given, yes or no: a box for each, as on the sheet (a dose not given is recorded, not left blank)."""
    lay = d.layout
    cell = yes_no(slot, d.texts, box=lay.box, gap=lay.given_gap, pad=lay.pad, size=lay.font_cell, across=True)
    return replace(cell, style=f"blank {slot.key}")


def to_fill(_d: Due, slot: Slot, _text: tuple[Lines, ...]) -> Cell:
    """A box the nurse fills in by hand."""
    return Cell(slot.key, slot.col, style=f"blank {slot.key}")


def _dash(d: Due, slot: Slot) -> Cell:
    """A box of a dose not to give: a dash, and nothing to tick by mistake."""
    dash = one_line(DASH, d.layout.font_cell)
    # Centred on 3.2 mm, about a line of its size: where it has always been drawn.
    return Cell(
        slot.key, slot.col, text=(dash,), text_y=(slot.height - 3.2) / 2, align="C", style=f"blank {slot.key}"
    )


WorkColumn = ColumnSpec[Due]  # a type: build one with ColumnSpec(...)

#: The worklist's columns, left to right: what is planned, then what the nurse fills in. The patient's column
#: takes what the others leave; when a code is too long for it, it goes and the codes get their own lines.
COLUMNS: tuple[WorkColumn, ...] = (
    ColumnSpec("time", 13.0, "worklist.col.time", _time, at_top, planned=True),  # "journée" whole
    ColumnSpec("patient", 0.0, "worklist.col.patient", _code, in_middle, planned=True),
    ColumnSpec("treatment", 32.0, "worklist.col.treatment", _treatment, in_middle, planned=True),
    ColumnSpec("dose", 20.0, "worklist.col.dose", _dose, in_middle, planned=True),
    ColumnSpec("cycle", 15.0, "worklist.col.cycle", _cycle, in_middle, planned=True),
    ColumnSpec("study_day", 11.0, "worklist.col.study_day", _study_day, in_middle, planned=True),
    ColumnSpec("given", 22.0, "sheet.col.given", place=_given),  # yes and no, side by side
    ColumnSpec("reason", 18.0, "worklist.col.reason", place=to_fill),  # why a dose was not given
    ColumnSpec("time_given", 12.0, "sheet.col.time", place=to_fill),
    ColumnSpec("initials", 12.0, "sheet.col.initials", place=to_fill),
    ColumnSpec("check", 13.0, "sheet.col.check", place=to_fill, second_check=True),
)


@dataclass(frozen=True, slots=True)
class WorkRow(TableRow):
    """One administration due, as printed: its cells, its code's line above them when the code is too long for
    its column, and the notice under them when it is not plain."""

    patient: str
    status_key: str  # planned, holiday, shifted, skipped...


def treatment(regimen: Regimen | None, entry: Entry, texts: Texts) -> tuple[str, str, str]:
    """The trial, drug (with brand) and route of an entry, in the output's language."""
    admin = entry.administration
    if regimen is None:
        return entry.trial_id, admin.drug, texts.route(admin.route)
    drug = regimen.drug_in(texts.lang)
    drug = f"{drug} ({regimen.brand})" if regimen.brand else drug
    return regimen.trial_id, drug, texts.route(regimen.route)


def columns(
    texts: Texts, layout: WorkLayout, *, code_line: bool, double_check: bool
) -> tuple[tuple[WorkColumn, ...], tuple[Column, ...]]:
    """The table's columns, their headings broken into lines; they fill the page's width exactly."""
    specs = tuple(c for c in COLUMNS if double_check or not c.second_check)
    if code_line:  # the codes have their own lines: the treatment gets the patient's room
        rest = layout.content_width - sum(c.width for c in specs)
        specs = tuple(
            replace(c, width=c.width + rest) if c.key == "treatment" else c
            for c in specs
            if c.key != "patient"
        )
    room, pad = layout.content_width, layout.pad
    return specs, resolve(specs, texts, room, pad, layout.font_head, timed=False)


def work_row(due: Due, specs: tuple[WorkColumn, ...], cols: tuple[Column, ...], code_line: bool) -> WorkRow:
    """One administration due: its cells, as tall as its tallest text, its code's line above them when the
    codes are too long for a column, and its notice under them.

    A dose for the investigator to decide on keeps its time, patient and treatment; from the dose column on,
    one cell holds the decision words and block (:mod:`.decision`), no "given" box; the notice gives its
    planned dose, date, cycle and day as information.
    """
    a, lay = due.admin, due.layout
    decide = to_decide(a)
    kept = next(i for i, spec in enumerate(specs) if spec.key == DECISION_FROM) if decide else len(specs)
    texts = [
        spec.text(due, col.width - 2 * lay.pad) for spec, col in zip(specs[:kept], cols[:kept], strict=True)
    ]
    # Under the cells, beside the time (whose cell runs down beside it): it belongs to this row.
    room = lay.content_width - cols[0].width - 2 * lay.pad
    where = position(due.entry.regimen, a.cycle, a.cycle_day, due.texts) if decide else ""
    size = lay.font_text if a.attention is Attention.CHECK else lay.font_cell  # the check: the dose's size
    said_text = notice(a, due.texts, due.entry.window, due.entry.tz, where)
    if a.home:  # listed, so the ward knows, but not given on the ward
        said_text = due.texts.joined(capital(due.texts("setting.home_heading")), said_text)
    said = wrap(said_text, room, size, bold=not decide)
    block: tuple[Mark, ...] = ()
    block_h = 0.0
    if decide:
        rest = sum(c.width for c in cols[kept:]) - 2 * lay.pad
        block, block_h = decision_block(
            due.texts, rest, words_size=lay.font_text, size=lay.font_small, box=lay.box, gap=lay.pad * 2
        )
    cells_h = max(
        lay.row_min_h,
        *(sum(lines.height for lines in text) + 2 * lay.pad for text in texts),
        block_h + 2 * lay.pad,
    )
    code_h = round(line_height(lay.font_code) + 2 * lay.pad, 2) if code_line else 0.0
    notice_h = said.height + 2 * lay.notice_pad if said else 0.0
    height = round(code_h + cells_h + notice_h, 2)
    h = round(cells_h, 2)
    cells = tuple(
        spec.place(due, slot, text) if spec.planned or not due.stopped else _dash(due, slot)
        for i, (spec, col, text) in enumerate(zip(specs[:kept], cols[:kept], texts, strict=True))
        for slot in (Slot(spec.key, i, col.width, h),)
    )
    if decide:
        marks = shifted(block, lay.pad, middle(h, block_h))
        cells = (*cells, Cell("decide", kept, span=len(specs) - kept, marks=marks, style="decide"))
    tiers = with_notice(
        Tier(h, cells, style="cells"),
        said,
        height - code_h - h,
        pad=lay.pad,
        notice_pad=lay.notice_pad,
        urgent=a.status is Status.OUT_OF_WINDOW or decide,
    )
    if code_line:  # a code too long for a column: its own line, across the row
        code = Cell("code", 0, span=len(cols), text=_code(due, 0.0), text_x=lay.pad, text_y=lay.pad)
        tiers = (Tier(code_h, (code,), style="code"), *tiers)
    return WorkRow(tiers, height, patient=a.patient, status_key=str(a.status))
