"""Closed days: the map the engine reads, built from public holidays and site closures, and their notes.

The engine (:mod:`il2sched.core.schedule`) only sees a ready ``Mapping[date, Closure]``; this module builds
it from holiday dates (fetched at the edge, :mod:`il2sched.sources.holidays`) and closure spans, and says in
words what the closed days did to a schedule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from il2sched.core.schedule import Administration, Closure, Plan, Schedule, Status
from il2sched.core.texts import Texts


def plan_years(plan: Plan) -> range:
    """Every calendar year a schedule of ``plan`` can touch, shifts and delays included."""
    regimen = plan.regimen
    end = max(regimen.end_day, regimen.cycles[-1].window_end) + 7 * sum(plan.delays.values())
    # A dose pushed out of the last window may go a little further: four weeks past the longest tolerance.
    slack = max(max(c.window_end - c.days[-1] for c in regimen.cycles), 0) + 28
    room = dt.date.max.toordinal() - plan.start.toordinal()
    last = plan.start + dt.timedelta(days=min(end + slack, room))  # never past year 9999
    return range(plan.start.year, last.year + 1)


def build_closures(
    holidays: Iterable[tuple[dt.date, str]],
    spans: Iterable[tuple[dt.date, dt.date]],
    closure_name: str,
) -> dict[dt.date, Closure]:
    """The closed days: site closures named ``closure_name``, then public holidays (which name the day: a
    holiday on a closure stays a ``closed`` day, since the unit is known to be shut).

    Overlapping and repeated spans are merged first, so the work is bounded by the distinct days closed, not
    by the lines of a closures file (200,000 copies of one year's range are 365 days).
    """
    closed: dict[dt.date, Closure] = {}
    site = Closure("closed", closure_name)
    for first, last in merge_spans(spans):
        for offset in range((last - first).days + 1):
            closed[first + dt.timedelta(days=offset)] = site
    for day, name in holidays:
        # A holiday inside a site closure is a day the unit is known to be closed: named by the holiday.
        closed[day] = Closure("closed" if day in closed else "holiday", name)
    return closed


def merge_spans(spans: Iterable[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Inclusive (first, last) spans, sorted, with overlapping and touching ones joined."""
    merged: list[tuple[dt.date, dt.date]] = []
    # Sorted on day numbers: comparing dates is several times slower, and a file may hold 400,000 spans.
    for first, last in sorted(set(spans), key=lambda span: (span[0].toordinal(), span[1].toordinal())):
        if merged and first.toordinal() <= merged[-1][1].toordinal() + 1:
            if last > merged[-1][1]:
                merged[-1] = (merged[-1][0], last)
        else:
            merged.append((first, last))
    return merged


def note(admin: Administration, texts: Texts, window: int, *, words: bool = True) -> str:
    """Why an administration is not plainly planned, in words; empty when it is.

    A dose that needs a person starts with what it needs, in the words every output uses
    (:mod:`il2sched.core.attention`), unless ``words`` is false (the output shows them beside, as its
    status: :func:`status_words`). ``window`` is the cycle's window in days, which an out-of-window dose's
    note names, with the open day the window would have needed.
    """
    reason = admin.reason.name if admin.reason else ""
    if admin.status is Status.SHIFTED and admin.planned_date:
        text = texts("moved_from", date=texts.date(admin.planned_date), reason=reason)
        return texts("moved_weekend", text=text) if admin.date.weekday() >= 5 else text
    if admin.status is Status.SKIPPED:
        return texts("not_given", reason=reason)
    if admin.status is Status.OUT_OF_WINDOW:
        text = texts("attention.no_room", days=window, reason=reason)
        if admin.proposed is not None:
            text = texts("attention.needed", text=text, date=texts.date(admin.proposed))
        elif admin.limit is not None:
            text = texts("attention.no_day_before", text=text, date=texts.date(admin.limit))
        else:
            text = texts("attention.no_day_soon", text=text)
    elif admin.status is Status.CLOSED:
        text = texts("attention.closed", reason=reason)
    elif admin.status is Status.HOLIDAY:
        if not words:
            return reason
        return texts("attention.reason", attention=texts("attention.check"), reason=reason)
    else:
        return ""
    return texts("attention.note", attention=texts("attention.to_decide"), note=text) if words else text


def status_words(admin: Administration, texts: Texts) -> str:
    """The status a person reads: what the dose needs ("Investigator to decide", "Holiday: give only if the
    unit is open") when it needs someone, "at home" for a home dose, else its status ("planned", "moved",
    "skipped")."""
    attention = admin.attention
    if attention is not None:
        return texts(attention.phrase)
    return texts("setting.home") if admin.home else texts.status(admin.status)


def dose_label(admin: Administration, texts: Texts) -> str:
    """ "cycle 1 day 3, Wed 29 Apr 2026": an administration as stderr notes name it (its planned date)."""
    planned = admin.planned_date or admin.date
    return texts("note.dose", cycle=admin.cycle, day=admin.cycle_day, date=texts.date(planned))


def conflict_notes(schedule: Schedule, texts: Texts) -> list[str]:
    """One line per administration a closed day affects, for stderr, in ``texts``' language.

    A flagged dose's line says what it needs and how to move or leave it out instead.
    """
    lines = []
    for admin in schedule.administrations:
        if admin.status is Status.PLANNED:
            continue
        window = schedule.regimen.window_days(admin.cycle)
        reason = admin.reason
        if reason is not None and reason.kind == "holiday":
            why = texts("note.reason.holiday", name=reason.name)
        else:
            why = texts("note.reason.closed")
        values = {"dose": dose_label(admin, texts), "why": why, "new": texts.date(admin.date)}
        if admin.status is Status.HOLIDAY:
            lines.append(texts("note.check", check=texts("attention.check"), **values))
        elif admin.status is Status.CLOSED:
            lines.append(texts("note.closed_decide", decide=texts("attention.to_decide"), **values))
        elif admin.status is Status.SKIPPED:
            lines.append(texts("note.skipped", **values))
        elif admin.status is Status.SHIFTED:
            lines.append(texts("note.shifted", **values))
        elif admin.status is Status.OUT_OF_WINDOW:
            lines.append(texts("note.window_decide", note=note(admin, texts, window), **values))
    return lines


def holiday_lines(days: Iterable[tuple[dt.date, str]], weekday: Callable[[dt.date], str]) -> list[str]:
    """``holidays`` command output: ISO date, weekday (via ``weekday(date)``) and name, one per line."""
    items = list(days)
    width = max((len(weekday(d)) for d, _ in items), default=0)
    return [f"{d.isoformat()}  {weekday(d).ljust(width)}  {name}" for d, name in items]
