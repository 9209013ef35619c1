"""What the sheet and the worklist print on a dose that is not plain, in the same words on both.

A skipped dose says "do not give" where the dose would be; a dose for the investigator to decide on says so
where the dose would be, with a decision block (:mod:`.decision`) in place of the boxes, and its planned dose
and date under it as information; a public holiday's dose says it is given only if the unit is open; a moved
dose says why. The words come at the row's own size, never as a small remark.
"""

from __future__ import annotations

import datetime as dt

from il2sched.core.attention import Attention
from il2sched.core.clock import clock_note, shown_day, time_on
from il2sched.core.closed_days import note
from il2sched.core.grid import MARKS
from il2sched.core.schedule import Administration, Status
from il2sched.core.texts import Texts
from il2sched.print.layout import MAX_CLOSURE_NAME, clip
from il2sched.sources.zones import dose_time


def capital(text: str) -> str:
    """``text`` with its first letter in capitals (a note that starts a line)."""
    return text[:1].upper() + text[1:]


def _note(admin: Administration, texts: Texts, window: int, *, words: bool = True) -> str:
    text = note(admin, texts, window, words=words)
    if admin.reason is not None:
        text = text.replace(admin.reason.name, clip(admin.reason.name, MAX_CLOSURE_NAME))
    return text


def dose_text(admin: Administration, texts: Texts) -> str:
    """The dose, or "Do not give" for a skipped dose: what the dose column says."""
    return texts("sheet.do_not_give") if admin.status is Status.SKIPPED else texts.dose(admin.dose_iu)


def to_decide(admin: Administration) -> bool:
    """A dose for the investigator to decide on: printed with a decision block, never as a dose to give."""
    return admin.attention is Attention.TO_DECIDE


def dose_day(admin: Administration, tz: str | None) -> dt.date:
    """The date a dose is given on: its own, or the next one when the clocks skip past midnight over it."""
    return shown_day(admin.date, dose_time(admin.date, admin.time, tz))


def planned_time(admin: Administration, tz: str | None, texts: Texts, day: dt.date | None = None) -> str:
    """The time a dose is given ("09:00", the wall time it really happens on a night the clocks change), or
    "all day"; with its date when that is not ``day`` (by default the dose's own date: the row's heading)."""
    return time_on(day or admin.date, dose_time(admin.date, admin.time, tz), texts)


def notice(
    admin: Administration, texts: Texts, window: int, tz: str | None = None, position: str = ""
) -> str:
    """The line printed across a dose that is not plain, led by its calendar mark; empty for a plain one.

    A public holiday's dose says that it is given only if the unit is open; a dose for the investigator to
    decide on gives its planned dose and date as information (and ``position``, its cycle and day, where the
    row has no column left for them), and why. On a night the clocks change, it also says which hour the
    dose is given at (``tz``: the plan's zone).
    """
    symbol = MARKS.get(str(admin.status), "")
    if to_decide(admin):
        planned = texts("attention.planned", dose=texts.dose(admin.dose_iu), date=texts.date(admin.date))
        planned = f"{planned}, {position}" if position else planned
        said = f"{symbol} {planned} – {capital(_note(admin, texts, window, words=False))}"
    elif admin.status is Status.HOLIDAY or admin.status in (Status.SHIFTED, Status.SKIPPED):
        said = f"{symbol} {capital(_note(admin, texts, window))}"
    else:
        said = ""
    clock = clock_note(dose_time(admin.date, admin.time, tz), texts)
    return texts.joined(said, capital(clock) if not said else clock)
