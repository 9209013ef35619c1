"""What a dose needs from a person before anyone gives it: one vocabulary, the same words in every output.

A plain dose is given on its day. Two kinds of dose are not, as they stand:

- :attr:`Attention.TO_DECIDE`: the investigator decides whether and when it is given. A dose the shift
  policy could not place within its cycle's window (status ``out_of_window``), or a dose on a day the unit is
  known to be closed, left there by the flag policy (``closed``).
- :attr:`Attention.CHECK`: a dose on a public holiday, left there by the flag policy (``holiday``): the unit
  may or may not open that day, and il2sched cannot know; it is given only if the unit is open.

Every output says these in the same words in one language: the sheet and the worklist (a decision block in
place of the boxes to tick), calendars (a tentative event), the table, CSV, JSON and FHIR notes, the page.
The ward record that reconciles what was given builds on this type too. Pure: no import of the engine.
"""

from __future__ import annotations

from enum import StrEnum


class Attention(StrEnum):
    """What a person must do about a dose before it is given (its value is the machine columns' word)."""

    TO_DECIDE = "to_decide"
    CHECK = "check"

    @property
    def phrase(self) -> str:
        """The key of its words in :data:`ATTENTION_PHRASES`."""
        return f"attention.{self.value}"


#: The engine's status of a dose -> what it needs (a status not listed needs nobody).
_OF_STATUS = {
    "out_of_window": Attention.TO_DECIDE,
    "closed": Attention.TO_DECIDE,
    "holiday": Attention.CHECK,
}


def attention_of(status: str) -> Attention | None:
    """What a dose of engine status ``status`` needs from a person; None for a dose to give as planned (or
    moved, or one the skip policy leaves out: "do not give" needs no decision)."""
    return _OF_STATUS.get(status)


#: The words of this vocabulary, and of what a dose needing a person shows, in English and French (merged
#: into :data:`il2sched.core.phrases.PHRASES`; both languages have the same keys, a test checks it). French
#: puts a narrow no-break space (U+202F) before a colon.
ATTENTION_PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "attention.to_decide": "Investigator to decide",
        "attention.check": "Holiday: give only if the unit is open",
        "attention.private": "Hospital appointment to confirm",
        "attention.private_note": "The day hospital will confirm this appointment.",
        "attention.note": "{attention}: {note}",
        "attention.closed": "the unit is closed ({reason})",
        "attention.no_room": "no open day left within the cycle's {days}-day window ({reason})",
        "attention.needed": "{text}; the window would have needed {date}",
        "attention.no_day_before": "{text}; none after it either before the next cycle begins on {date}",
        "attention.no_day_soon": "{text}; none in the four weeks after it either",
        "attention.planned": "Planned: {dose}, {date}",
        "attention.administer_on": "administer on",
        "attention.do_not": "do not administer",
        "attention.sign": "investigator, signature, date",
        "attention.count_one": "{n} for the investigator to decide",
        "attention.count_many": "{n} for the investigator to decide",
        "attention.reason": "{attention} ({reason})",
        "moved_weekend": "{text}, onto a weekend day (the unit opens at weekends)",
        "note.check": (
            "{dose}, falls on {why}: {check}; --on-holiday shift moves it to the next open day, "
            "--on-holiday skip leaves it out"
        ),
        "note.closed_decide": (
            "{dose}, falls on {why}: {decide}; --on-holiday shift moves it to the next open day, "
            "--on-holiday skip leaves it out"
        ),
        "note.window_decide": "{dose}: {note}",
        "setting.home": "at home",
        "setting.private_summary": "Treatment at home",
        "setting.home_heading": "self-injected at home",
    },
    "fr": {
        "attention.to_decide": "Décision de l'investigateur",
        "attention.check": "Jour férié\u202f: à administrer seulement si le service est ouvert",
        "attention.private": "Rendez-vous hôpital de jour à confirmer",
        "attention.private_note": "L'hôpital de jour confirmera ce rendez-vous.",
        "attention.note": "{attention}\u202f: {note}",
        "attention.closed": "le service est fermé ({reason})",
        "attention.no_room": "aucun jour ouvert dans la fenêtre de {days} jours du cycle ({reason})",
        "attention.needed": "{text}\u202f; la fenêtre aurait dû aller jusqu'au {date}",
        "attention.no_day_before": (
            "{text}\u202f; aucun non plus après elle avant le début du cycle suivant, le {date}"
        ),
        "attention.no_day_soon": "{text}\u202f; aucun non plus dans les quatre semaines qui suivent",
        "attention.planned": "Prévue\u202f: {dose}, {date}",
        "attention.administer_on": "administrer le",
        "attention.do_not": "ne pas administrer",
        "attention.sign": "investigateur, signature, date",
        "attention.count_one": "{n} à décider par l'investigateur",
        "attention.count_many": "{n} à décider par l'investigateur",
        "attention.reason": "{attention} ({reason})",
        "moved_weekend": "{text}, un jour de week-end (le service ouvre le week-end)",
        "note.check": (
            "{dose} ({why})\u202f: {check}\u202f; --on-holiday shift la déplace au prochain jour ouvert, "
            "--on-holiday skip la retire"
        ),
        "note.closed_decide": (
            "{dose} ({why})\u202f: {decide}\u202f; --on-holiday shift la déplace au prochain jour ouvert, "
            "--on-holiday skip la retire"
        ),
        "note.window_decide": "{dose}\u202f: {note}",
        "setting.home": "à domicile",
        "setting.private_summary": "Traitement à domicile",
        "setting.home_heading": "auto-injection à domicile",
    },
}
