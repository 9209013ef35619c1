"""The words of a printed period of a long course (:mod:`.period`), in English and French.

Kept apart from :mod:`.period` (which needs the schedule's model, itself worded with :mod:`.phrases`), and
merged into ``PHRASES`` by :mod:`.phrases`; both languages have the same keys (a test checks it).
"""

from __future__ import annotations

#: The words of a period, in English and French (merged into :data:`il2sched.core.phrases.PHRASES`).
PERIOD_PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "period.doses": "Doses {first} to {last} of {total} ({span})",
        "period.dose": "Dose {n} of {total} ({span})",
        "period.span": "{first} to {last}",
        "period.grid": "Calendar, weeks {first} to {last}",
        "period.grid_one": "Calendar, week {n}",
        "period.whole": (
            "--from/--to restrict the printed sheet and the table; this {format} holds the whole course"
        ),
    },
    "fr": {
        "period.doses": "Doses {first} à {last} sur {total} ({span})",
        "period.dose": "Dose {n} sur {total} ({span})",
        "period.span": "du {first} au {last}",
        "period.grid": "Calendrier, semaines {first} à {last}",
        "period.grid_one": "Calendrier, semaine {n}",
        "period.whole": (
            "--from/--to limitent la fiche imprimée et le tableau ; ce fichier {format} contient tout le "
            "traitement"
        ),
    },
}
