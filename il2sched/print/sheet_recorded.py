"""What the sheet's boxes say once a dose is recorded in the ward record, so a sheet reprinted mid-course
shows what was given where the nurse would have written it, in a look that cannot pass for handwriting.

Each column the nurse fills in declares its recorded text with one function here (:data:`RECORDED`, used by
:mod:`.sheet_record`'s ``RECORD``). A recorded cell is shaded grey (:data:`RECORDED_GREY`) and printed in the
sheet's own type, the given column first saying "Recorded, entry 12" (the ward record's entry, which ``audit
list`` shows); a dose still to give keeps its white boxes. The rule a recorded dose breaks is printed under
its row, framed as urgent (:func:`deviation_notice`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from il2sched.core.reconcile import DoseState, ReconciledDose
from il2sched.core.reconcile_words import deviation_text, reason_text, state_text
from il2sched.core.record import DoseRecord
from il2sched.core.texts import Texts
from il2sched.print.cells import Cell, Slot
from il2sched.print.fonts import Lines, one_line, wrap
from il2sched.print.sheet_pages import Layout

#: The grey of a cell printed from the ward record: darker than a dose not to give (238), light enough to
#: read black type on in black and white.
RECORDED_GREY = 215


@dataclass(frozen=True, slots=True)
class Recorded:
    """A planned dose with its record in force, as its recorded cells are made from it."""

    dose: ReconciledDose
    record: DoseRecord
    texts: Texts
    layout: Layout


def _given(r: Recorded, room: float) -> tuple[Lines, ...]:
    """The recorded look's words ("Recorded · entry 12"), then the column's answer in bold: yes or no."""
    lay, texts = r.layout, r.texts
    said = texts("sheet.yes" if r.record.given else "sheet.no")
    return (
        wrap(texts("sheet.recorded", entry=r.record.entry), room, lay.font_label),
        wrap(said, room, lay.font_cell, bold=True),
    )


def _time(r: Recorded, room: float) -> tuple[Lines, ...]:
    at = r.record.given_at
    if at is None:
        return (one_line("–", r.layout.font_cell),)
    if at.date() == r.dose.admin.date:
        return (one_line(at.strftime("%H:%M"), r.layout.font_cell, bold=True),)
    # Given on another day: the day too, its month in words (a time alone would claim the planned day).
    return (
        wrap(r.texts.day_month(at.date()), room, r.layout.font_label),
        one_line(at.strftime("%H:%M"), r.layout.font_cell, bold=True),
    )


def _site(r: Recorded, room: float) -> tuple[Lines, ...]:
    site = r.record.site
    return (wrap(r.texts(f"site.{site}") if site else "–", room, r.layout.font_cell, bold=bool(site)),)


def _lot(r: Recorded, room: float) -> tuple[Lines, ...]:
    if not r.record.given:
        return (one_line("–", r.layout.font_cell),)
    lay, texts = r.layout, r.texts
    return (
        wrap(texts.labelled(texts("sheet.lot"), r.record.lot), room, lay.font_cell, bold=True),
        wrap(texts.labelled(texts("sheet.expiry"), str(r.record.expiry or "–")), room, lay.font_cell),
    )


def _initials(r: Recorded, room: float) -> tuple[Lines, ...]:
    return (one_line(r.record.by, r.layout.font_cell, bold=True),)


def _check(r: Recorded, room: float) -> tuple[Lines, ...]:
    return (one_line(r.record.checked_by or "–", r.layout.font_cell, bold=bool(r.record.checked_by)),)


def _remarks(r: Recorded, room: float) -> tuple[Lines, ...]:
    """Why not given; for a dose given on another day or at another amount, what its state says."""
    texts, record, state = r.texts, r.record, r.dose.state
    if not record.given:
        said = reason_text(record, texts)
    elif state is DoseState.AS_PLANNED:
        said = ""
    else:
        day = r.dose.given_on
        said = texts.joined(state_text(r.dose, texts), texts.date(day) if day else "")
    if record.replaces is not None:
        said = texts.joined(said, texts("record.corrected", entry=record.entry, replaces=record.replaces,
                                        why=record.correction_reason))  # fmt: skip
    return (wrap(said, room, r.layout.font_label),) if said else ()


#: Each column the nurse fills in -> what it says once the dose is recorded.
RECORDED: dict[str, Callable[[Recorded, float], tuple[Lines, ...]]] = {
    "given": _given, "time": _time, "site": _site, "lot": _lot, "initials": _initials, "check": _check,
    "remarks": _remarks,
}  # fmt: skip


def recorded_cell(layout: Layout, slot: Slot, text: tuple[Lines, ...]) -> Cell:
    """A cell printed from the ward record: shaded, its text from its top, in the ``recorded`` look."""
    pad = layout.pad
    return Cell(
        slot.key,
        slot.col,
        text=text,
        text_x=pad,
        text_y=pad,
        style=f"{slot.key} recorded",
        shade=RECORDED_GREY,
    )


def deviation_notice(dose: ReconciledDose, texts: Texts) -> str:
    """The rules a dose breaks (given outside its window, at another amount, overdue), for under its row."""
    return texts.joined(*(deviation_text(v, texts) for v in dose.deviations))
