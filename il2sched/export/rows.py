"""The flat row shared by CSV, JSON and the worklist: one administration, machine and human columns."""

from __future__ import annotations

from il2sched.i18n import Texts
from il2sched.schedule import Administration, Status

COLUMNS = (
    "patient", "cycle", "cycle_day", "study_day", "date", "weekday", "time",
    "dose_iu", "dose", "route", "drug", "status", "note",
)  # fmt: skip


def note(admin: Administration, texts: Texts, window: int) -> str:
    """Why an administration is not plainly planned, in words; empty when it is."""
    reason = admin.reason.name if admin.reason else ""
    if admin.status is Status.SHIFTED and admin.planned_date:
        return texts("moved_from", date=texts.date(admin.planned_date), reason=reason)
    if admin.status is Status.OUT_OF_WINDOW:
        planned = texts.date(admin.planned_date or admin.date)
        return texts("no_room", date=planned, days=window, reason=reason)
    if admin.status is Status.SKIPPED:
        return texts("not_given", reason=reason)
    if admin.status in (Status.HOLIDAY, Status.CLOSED):
        return reason
    return ""


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
