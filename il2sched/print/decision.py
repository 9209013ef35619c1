"""The decision block that stands, on a printed row, where the boxes of a dose to give would be.

A dose the investigator must decide on (:attr:`~il2sched.core.attention.Attention.TO_DECIDE`) is never
printed as a dose to give: no dose in the dose column, no "given" box, no time, site or lot to fill in. In
their place, across the row: the decision words at the dose's size, then "☐ administer on ______ ☐ do not
administer" and "investigator, signature, date: ______", flowed into the room the row has (the sheet's wide
record, the worklist's narrower table). The same words on both, from :mod:`il2sched.core.attention`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from il2sched.core.texts import Texts
from il2sched.print.cells import Box, Label, Mark
from il2sched.print.fonts import line_height, one_line, width

#: Room for a date written by hand after "administer on", and at least for a signature (millimetres).
DATE_BLANK = 18.0
SIGN_BLANK = 30.0
#: Between a box and its words, and between two things on one line (millimetres).
NEAR, APART = 1.0, 4.0
#: What is written on by hand.
BLANK = "_"


@dataclass(frozen=True, slots=True)
class _Piece:
    """One thing on a line of the block: a tick box (no text), words, or a blank to write on."""

    text: str = ""
    bold: bool = False
    blank: float = 0.0  # a blank to write on, at least this wide; the last one runs to the line's end
    before: float = 0.0  # the room before it, on its line


def decision_block(
    texts: Texts, room: float, *, words_size: float, size: float, box: float, gap: float
) -> tuple[tuple[Mark, ...], float]:
    """The block's marks, from the top-left corner of a space ``room`` millimetres wide, and its height.

    The decision words are bold at ``words_size`` (the dose's size); the rest at ``size``; tick boxes are
    ``box`` millimetres square and lines ``gap`` apart. What belongs together (a box and its words) stays on
    one line; a group the line has no room for starts the next one.
    """
    sign = texts.labelled(texts("attention.sign"), "").rstrip()
    groups = (
        (_Piece(texts("attention.to_decide"), bold=True),),
        (
            _Piece(),
            _Piece(texts("attention.administer_on"), before=NEAR),
            _Piece(blank=DATE_BLANK, before=NEAR),
        ),
        (_Piece(), _Piece(texts("attention.do_not"), before=NEAR)),
        (_Piece(sign), _Piece(blank=SIGN_BLANK, before=NEAR)),
    )
    sizes = {True: words_size, False: size}
    line_h = max(box, line_height(words_size)) + gap

    def wide(piece: _Piece) -> float:
        if piece.blank:
            return piece.blank
        return width(piece.text, sizes[piece.bold], piece.bold) if piece.text else box

    marks: list[Mark] = []
    x = y = 0.0
    for index, group in enumerate(groups):
        need = sum(piece.before + wide(piece) for piece in group)
        if index and x + APART + need > room:
            x, y = 0.0, y + line_h
        elif index:
            x += APART
        for number, piece in enumerate(group):
            if number and x + piece.before + wide(piece) > room:  # a long word: the group breaks here
                x, y = 0.0, y + line_h
            else:
                x += piece.before
            if not piece.text and not piece.blank:
                marks.append(Box(x, y, box))
                x += box
                continue
            text = piece.text
            if piece.blank:  # the last blank runs to the line's end: as much room to sign as there is
                room_for = room - x if index == len(groups) - 1 else piece.blank
                text = BLANK * max(1, int(room_for // width(BLANK, size)))
            font = sizes[piece.bold]
            drawn = width(text, font, piece.bold)
            marks.append(Label(one_line(text, font, piece.bold), x, y + (box - line_height(font)) / 2, drawn))
            x += drawn
    return tuple(marks), round(y + line_h - gap, 2)


def shifted(marks: tuple[Mark, ...], dx: float, dy: float) -> tuple[Mark, ...]:
    """``marks`` moved by ``dx`` and ``dy`` millimetres (the block placed in its cell)."""
    return tuple(
        replace(m, x=(m.x or 0.0) + dx, y=m.y + dy)
        if isinstance(m, Label)
        else replace(m, x=m.x + dx, y=m.y + dy)
        for m in marks
    )
