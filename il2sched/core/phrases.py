"""The sentences il2sched writes for people, in English and French, by key.

Wording follows the ISMP list of error-prone abbreviations: "1.5 million units", never IU/U/MIU/MU, no
trailing zeros, a leading zero below one, routes written out, dates with the month in letters. Both
languages have exactly the same keys (a test checks it).
"""

from __future__ import annotations

from il2sched.core.phrases_regimen import REGIMEN_PHRASES

PHRASES: dict[str, dict[str, str]] = {
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
        "summary": "{drug} {dose} – {position}",
        "summary_status": "{drug} {dose} – {position} ({status})",
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
        # --- calendars, clock changes and stderr notes ---
        "clock.gap": (
            "{time} does not exist on {date} in {zone} (the clocks go forward): the dose is at {wall}"
        ),
        "clock.fold": (
            "{time} happens twice on {date} in {zone} (the clocks go back): the dose is at the first {time} "
            "({offset})"
        ),
        "summary.shared": "{patient} · {summary}",
        "private.summary": "Hospital appointment",
        "private.description": "Appointment at the day hospital.",
        "private.calendar_name": "Hospital appointments",
        "private.ward_name": "Day hospital – ward",
        "note.dose": "cycle {cycle} day {day}, {date}",
        "note.reason.holiday": "a public holiday ({name})",
        "note.reason.closed": "a site closure",
        "note.flagged": (
            "{dose}, falls on {why}: the dose stays on that day; --on-holiday shift moves it to the next "
            "open day, --on-holiday skip leaves it out"
        ),
        "note.skipped": "{dose}, falls on {why}: skipped, not given",
        "note.shifted": "{dose}, moved to {new} because of {why}",
        "note.out_of_window": (
            "{dose}: no open day left within the cycle's {days}-day window because of {why}; earliest open "
            "day {new} is outside it: ask the investigator"
        ),
        "note.clock": "{dose}: {note}",
        "note.align": "start {start} is not a Monday; using {monday} (--align {align})",
        "note.all_skipped": (
            "all {count} doses are skipped (closed days with --on-holiday skip): there is nothing to give; "
            "check the closed days, or use --on-holiday flag or shift"
        ),
        "note.remind": (
            "all-day events start at midnight, so --remind {before} fires at {when}; use --remind-at HH:MM "
            "for a time of day, or --time HH:MM for timed events"
        ),
        "note.remind.day_before": "{time} the day before",
        "note.remind.days_before": "{time}, {n} days before",
        "note.body_unused": "the body size given is not used: regimen {regimen}'s doses are fixed",
        "note.batch_affected": (
            "closed days affect {affected} of {patients} patients ({counts}); each file's status column and "
            "notes say which doses"
        ),
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
        "summary": "{drug} {dose} – {position}",
        "summary_status": "{drug} {dose} – {position} ({status})",
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
        # --- calendars, clock changes and stderr notes ---
        "clock.gap": (
            "{time} n'existe pas le {date} à {zone} (on avance les horloges) : la dose est à {wall}"
        ),
        "clock.fold": (
            "{time} a lieu deux fois le {date} à {zone} (on recule les horloges) : la dose est au premier "
            "{time} ({offset})"
        ),
        "summary.shared": "{patient} · {summary}",
        "private.summary": "Rendez-vous hôpital de jour",
        "private.description": "Rendez-vous à l'hôpital de jour.",
        "private.calendar_name": "Rendez-vous hôpital de jour",
        "private.ward_name": "Hôpital de jour – service",
        "note.dose": "cycle {cycle} jour {day}, {date}",
        "note.reason.holiday": "jour férié : {name}",
        "note.reason.closed": "fermeture du site",
        "note.flagged": (
            "{dose} ({why}) : la dose reste ce jour-là ; --on-holiday shift la déplace au prochain jour "
            "ouvert, --on-holiday skip la retire"
        ),
        "note.skipped": "{dose} ({why}) : non administrée",
        "note.shifted": "{dose}, déplacée au {new} ({why})",
        "note.out_of_window": (
            "{dose} : aucun jour ouvert dans la fenêtre de {days} jours du cycle ({why}) ; le premier jour "
            "ouvert, {new}, est hors fenêtre : demandez à l'investigateur"
        ),
        "note.clock": "{dose} : {note}",
        "note.align": "le début {start} n'est pas un lundi ; début le {monday} (--align {align})",
        "note.all_skipped": (
            "les {count} doses sont toutes non administrées (jours fermés avec --on-holiday skip) : il n'y a "
            "rien à administrer ; vérifiez les jours fermés, ou utilisez --on-holiday flag ou shift"
        ),
        "note.remind": (
            "les événements sur la journée entière commencent à minuit : --remind {before} sonne {when} ; "
            "--remind-at HH:MM choisit une heure, --time HH:MM donne des événements à heure fixe"
        ),
        "note.remind.day_before": "la veille à {time}",
        "note.remind.days_before": "{n} jours avant, à {time}",
        "note.body_unused": (
            "la taille et le poids donnés ne servent pas : les doses du protocole {regimen} sont fixes"
        ),
        "note.batch_affected": (
            "des jours fermés concernent {affected} des {patients} patients ({counts}) ; la colonne statut "
            "et les remarques de chaque fichier disent quelles doses"
        ),
    },
}

for _lang, _phrases in REGIMEN_PHRASES.items():
    PHRASES[_lang].update(_phrases)
