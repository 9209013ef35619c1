"""The flat row shared by CSV, JSON and the worklist: one administration, machine and human columns."""

from __future__ import annotations

from il2sched.core.closed_days import note
from il2sched.core.schedule import Administration
from il2sched.core.texts import Texts

COLUMNS = (
    "patient", "cycle", "cycle_day", "study_day", "date", "weekday", "time",
    "dose_iu", "dose", "route", "drug", "status", "note",
)  # fmt: skip


def row(admin: Administration, texts: Texts, window: int) -> dict[str, str | int]:
    """The columns of :data:`COLUMNS` for one administration; ``window`` is the cycle window in days."""
    return {
        "patient": admin.patient,
        "cycle": admin.cycle,
        "cycle_day": admin.cycle_day,
        "study_day": admin.study_day,
        "date": admin.date.isoformat(),
        "weekday": texts.weekday(admin.date),
        "time": admin.time.strftime("%H:%M") if admin.time else "",
        "dose_iu": admin.dose_iu,
        "dose": texts.dose(admin.dose_iu),
        "route": texts.route(admin.route),
        "drug": admin.drug,
        "status": str(admin.status),
        "note": note(admin, texts, window),
    }
