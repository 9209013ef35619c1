"""The flat row shared by CSV, JSON and the worklist: one administration, machine and human columns.

A dose that needs a person says so twice: in words at the start of its note (the words every output uses)
and as a machine word in ``attention``.
"""

from __future__ import annotations

from il2sched.core.clock import clock_note, shown_day
from il2sched.core.closed_days import note
from il2sched.core.schedule import Administration
from il2sched.core.texts import Texts
from il2sched.sources.zones import dose_time

#: ``attention`` is what a person must do first (``to_decide``, ``check``: :mod:`il2sched.core.attention`),
#: empty for a dose to give as it stands; ``setting`` is where it is given (``site``, ``home``). Both come
#: last so that scripts reading the older columns by position keep working.
COLUMNS = (
    "patient", "cycle", "cycle_day", "study_day", "date", "weekday", "time",
    "dose_iu", "dose", "route", "drug", "status", "note", "attention", "setting",
)  # fmt: skip


def row(admin: Administration, texts: Texts, window: int, tz: str | None) -> dict[str, str | int]:
    """The columns of :data:`COLUMNS` for one administration; ``window`` is the cycle window in days, ``tz``
    the zone of its time (a time the clocks skip is the wall time it happens at, and the note says why)."""
    local = dose_time(admin.date, admin.time, tz)
    day = shown_day(admin.date, local)  # the date of the instant every output gives the dose
    return {
        "patient": admin.patient,
        "cycle": admin.cycle,
        "cycle_day": admin.cycle_day,
        "study_day": admin.study_day,
        "date": day.isoformat(),
        "weekday": texts.weekday(day),
        "time": local.wall.strftime("%H:%M") if local else "",
        "dose_iu": admin.dose_iu,
        "dose": texts.dose(admin.dose_iu),
        "route": texts.route(admin.route),
        "drug": admin.drug,
        "status": str(admin.status),
        "note": texts.joined(note(admin, texts, window), clock_note(local, texts)),
        "attention": str(admin.attention or ""),
        "setting": "home" if admin.home else "site",
    }
