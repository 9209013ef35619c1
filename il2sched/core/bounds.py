"""The dates il2sched handles, and the arithmetic that keeps a plan within them before the engine runs.

Python's dates end on 9999-12-31, and the renderers need room beyond a schedule's last dose (an event's end,
a year of time zone rules around it) and before its first (reminders). A schedule near either end would
otherwise stop with an overflow deep in a renderer; instead every date a plan can reach, delays, shifted
doses and reminders included, is checked first (:func:`il2sched.core.schedule.check_plan`, with the
functions here) and a plan that goes too far is one clear error. The arithmetic is on day numbers (integers),
so the check itself can never overflow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from il2sched.core.messages import Phrase, keyed
from il2sched.errors import ScheduleError

#: The first and last date any schedule may reach (documented in the README). 1900 is before any trial this
#: tool will plan; the last two years Python can date are left for what the renderers compute around a
#: schedule (a calendar's VTIMEZONE covers a year either side of its events and reads the year after that).
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(9997, 12, 31)


def check_date(day: dt.date, what: str) -> dt.date:
    """``day`` if it is within :data:`FIRST_DATE` and :data:`LAST_DATE`, else a one-line error naming it
    (``what``: a ``term.`` key of the error tables, "start_date")."""
    if not FIRST_DATE <= day <= LAST_DATE:
        raise keyed(
            ScheduleError, "date.range_of", what=Phrase(f"term.{what}"), day=day.isoformat(),
            first=FIRST_DATE.isoformat(), last=LAST_DATE.isoformat(),
        )  # fmt: skip
    return day


def reach(
    start: dt.date,
    last_study_day: int,
    delays: Iterable[int],
    window_days: int,
    administrations: int,
    closed_days: int,
    reminders: Iterable[dt.timedelta] = (),
) -> tuple[int, int]:
    """The first and last day numbers (proleptic ordinals) a schedule can touch, with generous margins.

    Reminders come before the first dose. A dose shifted out of its window moves past closed days, doses
    already placed and weekends, at most one day for each of those (and two weekend days per five), after
    the last window; an all-day event ends the next day. (A timed event may fall on another date in UTC: the
    years between :data:`LAST_DATE` and the end of Python's dates have room for that and for time zone rules.)
    """
    later = sum(w for w in delays if w > 0)
    earlier = sum(w for w in delays if w < 0)  # refused by the engine, but never an overflow here
    earliest_reminder = max((-(-r // dt.timedelta(days=1)) for r in reminders), default=0)  # days, rounded up
    first = start.toordinal() + 7 * earlier - earliest_reminder
    shifts = 2 * (closed_days + administrations) + 7
    last = start.toordinal() + last_study_day + 7 * later + 4 * window_days + shifts + 1
    return first, last


def check_reach(first: int, last: int, start: dt.date) -> None:
    """Refuse a plan whose :func:`reach` leaves :data:`FIRST_DATE`..:data:`LAST_DATE`, naming the fix."""
    if first < FIRST_DATE.toordinal():
        raise keyed(
            ScheduleError, "schedule.before_first", start=start.isoformat(), first=FIRST_DATE.isoformat()
        )
    if last > LAST_DATE.toordinal():
        raise keyed(ScheduleError, "schedule.past_last", start=start.isoformat(), last=LAST_DATE.isoformat())
