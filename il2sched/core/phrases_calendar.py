"""The sentences about a dose's time on a night the clocks change, and a private calendar's status words,
in English and French.

Kept beside :mod:`.phrases` (which merges them into ``PHRASES``); both languages have exactly the same keys
(a test checks it). A clock note names the instant every output gives the dose (:mod:`il2sched.core.clock`):
a gap that crosses midnight, or a day the zone skipped, names the date too. "{subject}" is "the dose", or
"the appointment" in a private calendar, which names no drug; there a status agrees with "rendez-vous"
(masculine), where the staff's words agree with "dose" (feminine).
"""

from __future__ import annotations

CALENDAR_PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "clock.dose": "the dose",
        "clock.appointment": "the appointment",
        "clock.gap": (
            "{time} does not exist on {date} in {zone} (the clocks go forward): {subject} is at {wall}"
        ),
        "clock.gap_next_day": (
            "{time} does not exist on {date} in {zone} (the clocks go forward past midnight): "
            "{subject} is at {wall} on {day}"
        ),
        "clock.skipped_day": (
            "{date} does not exist in {zone} (the clocks skip the whole day): {subject} is at {wall} on {day}"
        ),
        "clock.fold": (
            "{time} happens twice on {date} in {zone} (the clocks go back): {subject} is at the first {time} "
            "({offset})"
        ),
        "clock.time_on": "{time}, {date}",
        "private.status.shifted": "moved",
    },
    "fr": {
        "clock.dose": "la dose",
        "clock.appointment": "le rendez-vous",
        "clock.gap": (
            "{time} n'existe pas le {date} à {zone} (on avance les horloges) : {subject} est à {wall}"
        ),
        "clock.gap_next_day": (
            "{time} n'existe pas le {date} à {zone} (on avance les horloges au-delà de minuit) : "
            "{subject} est à {wall} le {day}"
        ),
        "clock.skipped_day": (
            "le {date} n'existe pas à {zone} (les horloges sautent toute la journée) : "
            "{subject} est à {wall} le {day}"
        ),
        "clock.fold": (
            "{time} a lieu deux fois le {date} à {zone} (on recule les horloges) : {subject} est au premier "
            "{time} ({offset})"
        ),
        "clock.time_on": "{time}, {date}",
        "private.status.shifted": "déplacé",
    },
}
