"""Words, dates and numbers in the output language (English or French).

Month and weekday names and number symbols come from CLDR through Babel; the sentences are ours. Because
importing Babel costs more than a whole CSV export, the few CLDR items we use are kept in the on-disk cache
(:mod:`il2sched.cache`), keyed on Babel's version.

Wording follows the ISMP list of error-prone abbreviations: "1.5 million units", never IU/U/MIU/MU, no
trailing zeros, a leading zero below one, routes written out, dates with the month in letters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

LANGUAGES = ("en", "fr")

_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "units": "units",
        "million_units_one": "{n} million units",
        "million_units_many": "{n} million units",
        "units_plain": "{n} units",
        "international_units": "{n} international units",
        "route.subcutaneous": "subcutaneous",
        "route.intravenous": "intravenous",
        "route.intramuscular": "intramuscular",
        "route.oral": "oral",
        "status.planned": "planned",
        "status.holiday": "public holiday",
        "status.closed": "site closed",
        "status.shifted": "moved",
        "status.skipped": "skipped",
        "status.out_of_window": "outside the cycle's window",
        "cycle_day": "cycle {cycle}, day {day}",
        "cycle": "Cycle",
        "cycle_n": "Cycle {cycle}",
        "week": "Week",
        "week_n": "week {week}",
        "day": "Day",
        "study_day": "Study day",
        "date": "Date",
        "time": "Time",
        "dose": "Dose",
        "status": "Status",
        "note": "Note",
        "patient": "Patient",
        "start": "Start",
        "regimen": "Regimen",
        "trial": "Trial",
        "drug": "Drug",
        "route": "Route",
        "all_day": "all day",
        "per_day": "{dose} per day",
        "summary": "{drug} {dose} – cycle {cycle}, day {day}",
        "summary_status": "{drug} {dose} – cycle {cycle}, day {day} ({status})",
        "calendar_name": "{drug} – {patient} – {trial}",
        "description": (
            "Trial {trial}{local}: {title}.\n"
            "Patient: {patient}.\n"
            "Cycle {cycle}, day {day} (study day {study_day}).\n"
            "Dose: {dose} ({dose_words}).\n"
            "Drug: {drug}{brand}, {route} injection."
        ),
        "description_note": "\nNote: {note}",
        "total": "Total: {count} administrations, {dose}",
        "total_given": "Total planned: {count} administrations, {dose} ({skipped} not given)",
        "grid_title": "Calendar, weeks 1 to {weeks}",
        "grid_legend": "Legend",
        "mark.dose": "dosing day",
        "mark.holiday": "dose on a public holiday",
        "mark.closed": "dose on a site closure",
        "mark.shifted": "moved dose",
        "mark.skipped": "skipped dose",
        "mark.out_of_window": "dose outside the window",
        "mark.off": "closed day, no dose",
        "closed_days": "Closed days",
        "moved_from": "moved from {date} ({reason})",
        "not_given": "not given ({reason})",
        "no_room": "planned {date}; no open day left within the {days}-day window ({reason})",
        "site_closure": "site closure",
        "ward_name": "{trial} – ward",
        "worklist_title": "Worklist {first} to {last}",
        "worklist_none": "no administration",
        "worklist.continued": "{day} (continued)",
        "worklist.days_one": "{n} day",
        "worklist.days_many": "{n} days",
        "worklist.total": "{administrations} in {days}",
        "alarm": "Reminder: {summary}",
        "sheet.title": "Nurse administration sheet",
        "sheet.local_code": "{trial} (local code {code})",
        "sheet.site": "Ward / site",
        "sheet.cycles_one": "{n} cycle",
        "sheet.cycles_many": "{n} cycles",
        "sheet.and": "and",
        "sheet.day_range": "{first} to {last}",
        "sheet.days_of_week_one": "{days} of week {weeks}",
        "sheet.days_of_week_many": "{days} of weeks {weeks}",
        "sheet.dose_in_week_one": "{dose} a day in week {weeks}",
        "sheet.dose_in_week_many": "{dose} a day in weeks {weeks}",
        "sheet.administrations_one": "{n} administration",
        "sheet.administrations_many": "{n} administrations",
        "sheet.summary": "{cycles}, {days}: {doses}; {count}, {total} in all",
        "sheet.record": "Record of administrations",
        "sheet.col.date": "Planned date",
        "sheet.col.cycle": "Cycle",
        "sheet.col.day": "Day",
        "sheet.col.study_day": "Study day",
        "sheet.col.dose": "Prescribed dose",
        "sheet.col.given": "Given?",
        "sheet.col.time": "Time given",
        "sheet.col.site": "Injection site",
        "sheet.col.lot": "Batch (lot) number",
        "sheet.col.initials": "Nurse initials",
        "sheet.col.remarks": "Remarks (late; not given: why)",
        "sheet.yes": "yes",
        "sheet.no": "no",
        "sheet.abdomen": "abdomen",
        "sheet.thigh": "thigh",
        "sheet.arm": "arm",
        "sheet.left": "left",
        "sheet.right": "right",
        "sheet.time_sep": ":",
        "sheet.page": "Page {n} / {total}",
        "sheet.generated": "Generated on {date} by il2sched {version}",
        "sheet.prescriber": "Prescriber (name, signature, date)",
        "sheet.verified": "Verified by (name, signature, date)",
        "sheet.label_value": "{label}: {value}",
    },
    "fr": {
        "units": "unités",
        "million_units_one": "{n} million d'unités",
        "million_units_many": "{n} millions d'unités",
        "units_plain": "{n} unités",
        "international_units": "{n} unités internationales",
        "route.subcutaneous": "sous-cutanée",
        "route.intravenous": "intraveineuse",
        "route.intramuscular": "intramusculaire",
        "route.oral": "orale",
        "status.planned": "prévue",
        "status.holiday": "jour férié",
        "status.closed": "site fermé",
        "status.shifted": "déplacée",
        "status.skipped": "non administrée",
        "status.out_of_window": "hors de la fenêtre du cycle",
        "cycle_day": "cycle {cycle}, jour {day}",
        "cycle": "Cycle",
        "cycle_n": "Cycle {cycle}",
        "week": "Semaine",
        "week_n": "semaine {week}",
        "day": "Jour",
        "study_day": "Jour d'étude",
        "date": "Date",
        "time": "Heure",
        "dose": "Dose",
        "status": "Statut",
        "note": "Remarque",
        "patient": "Patient",
        "start": "Début",
        "regimen": "Protocole",
        "trial": "Essai",
        "drug": "Médicament",
        "route": "Voie",
        "all_day": "toute la journée",
        "per_day": "{dose} par jour",
        "summary": "{drug} {dose} – cycle {cycle}, jour {day}",
        "summary_status": "{drug} {dose} – cycle {cycle}, jour {day} ({status})",
        "calendar_name": "{drug} – {patient} – {trial}",
        "description": (
            "Essai {trial}{local} : {title}.\n"
            "Patient : {patient}.\n"
            "Cycle {cycle}, jour {day} (jour d'étude {study_day}).\n"
            "Dose : {dose} ({dose_words}).\n"
            "Médicament : {drug}{brand}, injection {route}."
        ),
        "description_note": "\nRemarque : {note}",
        "total": "Total : {count} administrations, {dose}",
        "total_given": "Total prévu : {count} administrations, {dose} ({skipped} non administrées)",
        "grid_title": "Calendrier, semaines 1 à {weeks}",
        "grid_legend": "Légende",
        "mark.dose": "jour d'injection",
        "mark.holiday": "injection un jour férié",
        "mark.closed": "injection pendant une fermeture",
        "mark.shifted": "injection déplacée",
        "mark.skipped": "injection non administrée",
        "mark.out_of_window": "injection hors fenêtre",
        "mark.off": "jour fermé, sans injection",
        "closed_days": "Jours fermés",
        "moved_from": "déplacée du {date} ({reason})",
        "not_given": "non administrée ({reason})",
        "no_room": "prévue le {date} ; aucun jour ouvert dans la fenêtre de {days} jours ({reason})",
        "site_closure": "fermeture du site",
        "ward_name": "{trial} – service",
        "worklist_title": "Liste de travail du {first} au {last}",
        "worklist_none": "aucune administration",
        "worklist.continued": "{day} (suite)",
        "worklist.days_one": "{n} jour",
        "worklist.days_many": "{n} jours",
        "worklist.total": "{administrations} en {days}",
        "alarm": "Rappel : {summary}",
        "sheet.title": "Fiche d'administration infirmière",
        "sheet.local_code": "{trial} (code local {code})",
        "sheet.site": "Service / site",
        "sheet.cycles_one": "{n} cycle",
        "sheet.cycles_many": "{n} cycles",
        "sheet.and": "et",
        "sheet.day_range": "du {first} au {last}",
        "sheet.days_of_week_one": "{days} de la semaine {weeks}",
        "sheet.days_of_week_many": "{days} des semaines {weeks}",
        "sheet.dose_in_week_one": "{dose} par jour la semaine {weeks}",
        "sheet.dose_in_week_many": "{dose} par jour les semaines {weeks}",
        "sheet.administrations_one": "{n} administration",
        "sheet.administrations_many": "{n} administrations",
        "sheet.summary": "{cycles}, {days} : {doses} ; {count}, {total} au total",
        "sheet.record": "Relevé des administrations",
        "sheet.col.date": "Date prévue",
        "sheet.col.cycle": "Cycle",
        "sheet.col.day": "Jour",
        "sheet.col.study_day": "Jour d'étude",
        "sheet.col.dose": "Dose prescrite",
        "sheet.col.given": "Administrée ?",
        "sheet.col.time": "Heure réelle",
        "sheet.col.site": "Site d'injection",
        "sheet.col.lot": "Numéro de lot",
        "sheet.col.initials": "Initiales infirmier",
        "sheet.col.remarks": "Remarques (retard ; non faite : pourquoi)",
        "sheet.yes": "oui",
        "sheet.no": "non",
        "sheet.abdomen": "abdomen",
        "sheet.thigh": "cuisse",
        "sheet.arm": "bras",
        "sheet.left": "gauche",
        "sheet.right": "droite",
        "sheet.time_sep": "h",
        "sheet.page": "Page {n} / {total}",
        "sheet.generated": "Généré le {date} par il2sched {version}",
        "sheet.prescriber": "Prescripteur (nom, signature, date)",
        "sheet.verified": "Vérifié par (nom, signature, date)",
        "sheet.label_value": "{label} : {value}",
    },
}


@dataclass(frozen=True, slots=True)
class LocaleData:
    """The CLDR items we use: names Monday-first / January-first, and number symbols."""

    days_wide: tuple[str, ...]
    days_abbr: tuple[str, ...]
    months_wide: tuple[str, ...]
    months_abbr: tuple[str, ...]
    decimal: str
    group: str


def _from_babel(lang: str) -> dict[str, Any]:
    from babel import Locale  # heavy: only on a cache miss

    loc = Locale.parse(lang)
    return {
        "days_wide": [loc.days["format"]["wide"][i] for i in range(7)],
        "days_abbr": [loc.days["format"]["abbreviated"][i] for i in range(7)],
        "months_wide": [loc.months["format"]["wide"][i] for i in range(1, 13)],
        "months_abbr": [loc.months["format"]["abbreviated"][i] for i in range(1, 13)],
        "decimal": loc.number_symbols["latn"]["decimal"],
        "group": loc.number_symbols["latn"]["group"],
    }


def locale_data(lang: str, *, use_cache: bool = True) -> LocaleData:
    """CLDR data for ``lang``; from the on-disk cache unless ``use_cache`` is false."""
    if use_cache:
        from il2sched.cache import cached_json, package_version

        key = {"lang": lang, "babel": package_version("babel")}
        raw = cached_json("locale", key, lambda: _from_babel(lang))
    else:
        raw = _from_babel(lang)
    return LocaleData(
        days_wide=tuple(raw["days_wide"]),
        days_abbr=tuple(raw["days_abbr"]),
        months_wide=tuple(raw["months_wide"]),
        months_abbr=tuple(raw["months_abbr"]),
        decimal=raw["decimal"],
        group=raw["group"],
    )


def million_text(dose_iu: int, decimal: str) -> str:
    """``dose_iu`` in millions, exact, with no trailing zero and a leading zero below one."""
    value = Decimal(dose_iu) / Decimal(1_000_000)
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", decimal)


@dataclass(frozen=True, slots=True)
class Texts:
    """Everything an exporter writes for people, in one language."""

    lang: str
    locale: LocaleData

    @classmethod
    def for_lang(cls, lang: str, *, use_cache: bool = True) -> Texts:
        """Texts for ``lang`` (``en`` or ``fr``)."""
        if lang not in LANGUAGES:
            raise ValueError(f"unsupported language {lang!r}")
        return cls(lang, locale_data(lang, use_cache=use_cache))

    def __call__(self, key: str, **values: object) -> str:
        """The sentence ``key`` with ``values`` filled in."""
        return _TEXTS[self.lang][key].format(**values)

    def field(self, key: str, value: object) -> str:
        """A label and its value: "Patient: P-01", or "Patient : P-01" in French."""
        return self.labelled(self(key), value)

    def plural(self, key: str, count: int, **values: object) -> str:
        """``key_one`` or ``key_many`` by ``count`` (French counts 0 and 1 as singular), ``n`` = count."""
        singular = count < 2 if self.lang == "fr" else count == 1
        return self(f"{key}_{'one' if singular else 'many'}", **{"n": count, **values})

    def labelled(self, label: str, value: object) -> str:
        """``label`` and ``value`` joined by a colon, spaced as the language wants."""
        colon = " : " if self.lang == "fr" else ": "
        return f"{label}{colon}{value}"

    def integer(self, value: int) -> str:
        """A whole number with the language's thousands separator (1,500,000 / 1 500 000)."""
        return f"{value:,}".replace(",", self.locale.group)

    def dose(self, dose_iu: int) -> str:
        """A dose for people: "1.5 million units", "3 millions d'unités", "500 units"."""
        if dose_iu < 100_000:
            return self("units_plain", n=self.integer(dose_iu))
        number = million_text(dose_iu, self.locale.decimal)
        plural = Decimal(dose_iu) >= 2_000_000
        return self("million_units_many" if plural else "million_units_one", n=number)

    def dose_words(self, dose_iu: int) -> str:
        """The exact dose in words: "1,500,000 international units"."""
        return self("international_units", n=self.integer(dose_iu))

    def route(self, route: str) -> str:
        """The route written out in the language ("subcutaneous", "sous-cutanée")."""
        return self(f"route.{route}")

    def status(self, status: str) -> str:
        """A status for people."""
        return self(f"status.{status}")

    def weekday(self, day: dt.date) -> str:
        """Full weekday name ("Monday", "lundi")."""
        return self.locale.days_wide[day.weekday()]

    def weekday_abbr(self, index: int) -> str:
        """Abbreviated weekday name, Monday = 0 ("Mon", "lun.")."""
        return self.locale.days_abbr[index]

    def date(self, day: dt.date) -> str:
        """A date nobody can misread: "Mon 27 Apr 2026" / "lun. 27 avr. 2026"."""
        loc = self.locale
        return f"{loc.days_abbr[day.weekday()]} {day.day} {loc.months_abbr[day.month - 1]} {day.year}"

    def date_long(self, day: dt.date) -> str:
        """A date in full: "Monday 27 April 2026" / "lundi 27 avril 2026"."""
        loc = self.locale
        return f"{loc.days_wide[day.weekday()]} {day.day} {loc.months_wide[day.month - 1]} {day.year}"

    def day_month(self, day: dt.date) -> str:
        """Day and abbreviated month: "27 Apr" / "27 avr."."""
        return f"{day.day} {self.locale.months_abbr[day.month - 1]}"

    def time(self, value: dt.time | None) -> str:
        """24-hour time "09:00", or "all day"."""
        return value.strftime("%H:%M") if value else self("all_day")
