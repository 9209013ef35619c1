"""The sentences that describe regimens of any pattern and body-size doses, in English and French.

Kept beside :mod:`.phrases` (which merges them into ``PHRASES``) so the regimen's words live together; both
languages have exactly the same keys (a test checks it). Wording follows :mod:`.phrases`: doses in words,
never IU; numbers with the language's decimal separator.
"""

from __future__ import annotations

REGIMEN_PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "phase_n": "phase {n}",
        "day_range_n": "{first} to {last}",
        "phase_position": "{phase}, cycle {cycle}, day {day}",
        "study_day_n": "study day {first}",
        "study_days_n": "study days {first} to {last}",
        "per_dose": "{dose} per dose",
        "dose_per.m2": "{dose}/m²",
        "dose_per.kg": "{dose}/kg",
        "pattern.named": "{name}: {text}",
        "summary.phase_separator": "; ",
        "summary.phase_count": " ({count})",
        "summary.totals": "{count}, {total} in all",
        "body.bsa": "Body surface area",
        "body.weight": "Weight",
        "body.m2": "{n} m²",
        "body.kg": "{n} kg",
        "body.mosteller": "{bsa} (Mosteller: √({height} cm × {weight} kg / 3600))",
        "basis.label": "Dose basis",
        "basis.m2": "{amount}/m² × {size} m² = {exact}",
        "basis.kg": "{amount}/kg × {size} kg = {exact}",
        "basis.rounded": "{text}, rounded to the nearest {step}: {dose}",
        "basis.capped": "{text}, capped at {cap}",
        "basis.phase": "{name}: {text}",
        "note.align_unused": "regimen {regimen} starts on any day: keeping {start}, --align is not used",
    },
    "fr": {
        "phase_n": "phase {n}",
        "day_range_n": "{first} à {last}",
        "phase_position": "{phase}, cycle {cycle}, jour {day}",
        "study_day_n": "jour d'étude {first}",
        "study_days_n": "jours d'étude {first} à {last}",
        "per_dose": "{dose} par dose",
        "dose_per.m2": "{dose}/m²",
        "dose_per.kg": "{dose}/kg",
        "pattern.named": "{name} : {text}",
        "summary.phase_separator": " ; ",
        "summary.phase_count": " ({count})",
        "summary.totals": "{count}, {total} au total",
        "body.bsa": "Surface corporelle",
        "body.weight": "Poids",
        "body.m2": "{n} m²",
        "body.kg": "{n} kg",
        "body.mosteller": "{bsa} (Mosteller : √({height} cm × {weight} kg / 3600))",
        "basis.label": "Calcul de la dose",
        "basis.m2": "{amount}/m² × {size} m² = {exact}",
        "basis.kg": "{amount}/kg × {size} kg = {exact}",
        "basis.rounded": "{text}, arrondi à {step} près : {dose}",
        "basis.capped": "{text}, plafonné à {cap}",
        "basis.phase": "{name} : {text}",
        "note.align_unused": (
            "le protocole {regimen} commence n'importe quel jour : {start} est gardé, --align est sans effet"
        ),
    },
}
