"""The web page's own words, in English and French, by key (the outputs' words: :mod:`il2sched.core.phrases`).

Same rules as every output: doses and dates come from :class:`~il2sched.core.texts.Texts` (doses in words,
dates with the month in letters); both languages have exactly the same keys (a test checks it).
"""

from __future__ import annotations

from il2sched.core.typography import french_spacing
from il2sched.web.ward_phrases import WARD_PAGE_PHRASES

PAGE_PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "lang_name": "English",
        "lang.switch": "Language",
        "error.summary": "There is a problem",
        "error.unworded": "This value is refused; check it.",
        "preview.see_errors": ": correct what the list at the top of the page says.",
        "preview.jump": "Go to the schedule",
        "reminder.title": "Reminders",
        "reminder.none": "No reminders: the calendar's events ring nothing.",
        "reminder.before": "{before} before each dose: rings at {when}",
        "reminder.same_day": "{time} the same day",
        "reminder.at": "At {time} on the day of each dose",
        "reminder.all_day": (
            "The calendar's events last all day and start at midnight, so a reminder before a dose counts "
            "from midnight. For a reminder at a set hour, fill in '{at}', or give '{time}'."
        ),
        "worklist.heading_one": "{day}",
        "worklist.incomplete_one": (
            "{n} row of the roster has an error (listed at the top): its patient is not on this list, which "
            "cannot be printed or downloaded until the roster is corrected."
        ),
        "worklist.incomplete_many": (
            "{n} rows of the roster have errors (listed at the top): their patients are not on this list, "
            "which cannot be printed or downloaded until the roster is corrected."
        ),
        "roster.bad_one": "{n} row has an error.",
        "roster.bad_many": "{n} rows have errors.",
        "roster.col.line": "Line",
        "roster.col.error": "Error",
        "roster.row_error": "Not listed:",
        "print.bar": "The sheet as it prints.",
        "title": "Administration schedule",
        "subtitle": "Dated administrations of one patient, exactly as the command line writes them.",
        "skip": "Skip to the main content",
        "nav.schedule": "Schedule",
        "nav.roster": "Roster",
        "nav.worklist": "Worklist",
        "nav.logout": "Sign out",
        "form.legend": "Patient and protocol",
        "form.body": "Body size (regimens dosed per m² or per kg)",
        "form.more": "More options",
        "form.submit": "Show the schedule",
        "preview.title": "Schedule",
        "preview.empty": "Fill in the start date to see the schedule.",
        "preview.error": "The schedule cannot be made",
        "preview.downloads": "Download",
        "preview.print": "Print the administration sheet",
        "preview.conflicts": "Doses affected by closed days",
        "preview.no_conflicts": "No dose falls on a public holiday or a site closure.",
        "preview.administrations": "Administrations",
        "preview.grid": "Calendar",
        "preview.align": "The start date {given} is not a Monday; the schedule starts on {used}.",
        "preview.updating": "Schedule updated.",
        "format.ics": "Calendar (.ics)",
        "format.csv": "Spreadsheet (CSV)",
        "format.json": "JSON",
        "format.table": "Text table",
        "format.html": "Administration sheet (HTML)",
        "format.pdf": "Administration sheet (PDF)",
        "format.fhir": "FHIR R4 Bundle",
        "roster.title": "Roster",
        "roster.file": "Roster file: {path}",
        "roster.count_one": "{n} patient",
        "roster.count_many": "{n} patients",
        "roster.error": "The roster has errors; fix the file and reload this page",
        "roster.none": (
            "No roster: this page was started without a ward's roster file; whoever starts it can give one."
        ),
        "roster.col.patient": "Patient",
        "roster.col.start": "Start",
        "roster.col.time": "Time",
        "roster.col.regimen": "Regimen",
        "roster.col.delays": "Postponed cycles",
        "roster.col.lang": "Language",
        "roster.preview": "Schedule of {patient}",
        "roster.reading": (
            "The roster file changed and is being read again: this page shows it as it was. "
            "Reload in a moment."
        ),
        "roster.reading_first": (
            "The roster is being read (a large one takes a few seconds); reload in a moment."
        ),
        "worklist.title": "Worklist",
        "worklist.show": "Show the worklist",
        "worklist.print": "Print the worklist",
        "worklist.heading": "{first} to {last}",
        "worklist.format.table": "Worklist (text)",
        "worklist.format.csv": "Worklist (CSV)",
        "worklist.format.html": "Printable worklist (HTML)",
        "worklist.format.pdf": "Printable worklist (PDF)",
        "print.title": "Print",
        "print.hint": (
            "The print dialog opens by itself; if it does not, use the browser's Print command: it prints "
            "the sheet alone, whole."
        ),
        "print.again": "Print",
        "print.back": "Back",
        "error.title": "Error",
        "error.back": "Back to the form",
        "login.title": "Sign in",
        "login.token": "Access token",
        "login.hint": "The token the person who started the server gave you (IL2SCHED_SERVE_TOKEN).",
        "login.submit": "Sign in",
        "login.wrong": "Wrong token; ask the person who started the server.",
        "login.personal": "With your own account (to record doses)",
        "login.personal_hint": (
            "Your initials and your password (il2sched users add): the records you make carry your initials."
        ),
        "login.initials": "Your initials",
        "login.password": "Password",
        "login.person_wrong": "Wrong initials or password.",
        "login.person_disabled": "This account has been disabled; ask the person who manages the accounts.",
        "login.shared": "With the shared access token (to read only)",
        "login.shared_hint": "The shared token shows the ward's pages but cannot record a dose.",
        "footer": "il2sched {version}: this page runs on this computer only; nothing is sent elsewhere.",
    },
    "fr": {
        "lang_name": "Français",
        "lang.switch": "Langue",
        "error.summary": "Il y a un problème",
        "error.unworded": "Cette valeur est refusée ; vérifiez-la.",
        "preview.see_errors": " : corrigez ce que dit la liste en haut de la page.",
        "preview.jump": "Aller au calendrier",
        "reminder.title": "Rappels",
        "reminder.none": "Aucun rappel : les événements de l'agenda ne sonnent pas.",
        "reminder.before": "{before} avant chaque dose : sonne {when}",
        "reminder.same_day": "le jour même à {time}",
        "reminder.at": "À {time} le jour de chaque dose",
        "reminder.all_day": (
            "Les événements de l'agenda durent toute la journée et commencent à minuit : un rappel avant une "
            "dose compte depuis minuit. Pour un rappel à heure fixe, remplissez « {at} », ou indiquez "
            "« {time} »."
        ),
        "worklist.heading_one": "{day}",
        "worklist.incomplete_one": (
            "{n} ligne de la liste des patients a une erreur (voir en haut) : son patient n'est pas sur "
            "cette liste de travail, qui ne peut être ni imprimée ni téléchargée avant correction."
        ),
        "worklist.incomplete_many": (
            "{n} lignes de la liste des patients ont une erreur (voir en haut) : leurs patients ne sont pas "
            "sur cette liste de travail, qui ne peut être ni imprimée ni téléchargée avant correction."
        ),
        "roster.bad_one": "{n} ligne a une erreur.",
        "roster.bad_many": "{n} lignes ont une erreur.",
        "roster.col.line": "Ligne",
        "roster.col.error": "Erreur",
        "roster.row_error": "Non listé :",
        "print.bar": "La fiche telle qu'elle s'imprime.",
        "title": "Calendrier d'administration",
        "subtitle": (
            "Les administrations datées d'un patient, exactement comme les écrit la ligne de commande."
        ),
        "skip": "Aller au contenu principal",
        "nav.schedule": "Calendrier",
        "nav.roster": "Liste des patients",
        "nav.worklist": "Liste de travail",
        "nav.logout": "Se déconnecter",
        "form.legend": "Patient et protocole",
        "form.body": "Mensurations (protocoles dosés par m² ou par kg)",
        "form.more": "Autres options",
        "form.submit": "Afficher le calendrier",
        "preview.title": "Calendrier",
        "preview.empty": "Indiquez la date de début pour voir le calendrier.",
        "preview.error": "Le calendrier ne peut pas être établi",
        "preview.downloads": "Télécharger",
        "preview.print": "Imprimer la fiche d'administration",
        "preview.conflicts": "Injections concernées par des jours fermés",
        "preview.no_conflicts": "Aucune injection ne tombe un jour férié ou pendant une fermeture.",
        "preview.administrations": "Administrations",
        "preview.grid": "Calendrier",
        "preview.align": "La date de début {given} n'est pas un lundi ; le calendrier commence le {used}.",
        "preview.updating": "Calendrier mis à jour.",
        "format.ics": "Agenda (.ics)",
        "format.csv": "Tableur (CSV)",
        "format.json": "JSON",
        "format.table": "Tableau texte",
        "format.html": "Fiche d'administration (HTML)",
        "format.pdf": "Fiche d'administration (PDF)",
        "format.fhir": "Bundle FHIR R4",
        "roster.title": "Liste des patients",
        "roster.file": "Fichier : {path}",
        "roster.count_one": "{n} patient",
        "roster.count_many": "{n} patients",
        "roster.error": (
            "La liste des patients contient des erreurs ; corrigez le fichier puis rechargez la page"
        ),
        "roster.none": (
            "Pas de liste des patients : cette page a été lancée sans le fichier du service ; la personne "
            "qui la lance peut l'indiquer."
        ),
        "roster.col.patient": "Patient",
        "roster.col.start": "Début",
        "roster.col.time": "Heure",
        "roster.col.regimen": "Protocole",
        "roster.col.delays": "Cycles reportés",
        "roster.col.lang": "Langue",
        "roster.preview": "Calendrier de {patient}",
        "roster.reading": (
            "Le fichier de la liste a changé et est en cours de lecture : cette page le montre tel "
            "qu'il était. Rechargez dans un instant."
        ),
        "roster.reading_first": (
            "La liste est en cours de lecture (quelques secondes pour une longue liste) ; "
            "rechargez dans un instant."
        ),
        "worklist.title": "Liste de travail",
        "worklist.show": "Afficher la liste de travail",
        "worklist.print": "Imprimer la liste de travail",
        "worklist.heading": "du {first} au {last}",
        "worklist.format.table": "Liste de travail (texte)",
        "worklist.format.csv": "Liste de travail (CSV)",
        "worklist.format.html": "Liste de travail imprimable (HTML)",
        "worklist.format.pdf": "Liste de travail imprimable (PDF)",
        "print.title": "Impression",
        "print.hint": (
            "La fenêtre d'impression s'ouvre d'elle-même ; sinon, utilisez la commande Imprimer du "
            "navigateur : elle imprime la fiche seule, en entier."
        ),
        "print.again": "Imprimer",
        "print.back": "Retour",
        "error.title": "Erreur",
        "error.back": "Retour au formulaire",
        "login.title": "Connexion",
        "login.token": "Jeton d'accès",
        "login.hint": "Le jeton que vous a donné la personne qui a lancé le serveur (IL2SCHED_SERVE_TOKEN).",
        "login.submit": "Se connecter",
        "login.wrong": "Jeton incorrect ; demandez-le à la personne qui a lancé le serveur.",
        "login.personal": "Avec votre propre compte (pour enregistrer les injections)",
        "login.personal_hint": (
            "Vos initiales et votre mot de passe (il2sched users add) : vos enregistrements portent vos "
            "initiales."
        ),
        "login.initials": "Vos initiales",
        "login.password": "Mot de passe",
        "login.person_wrong": "Initiales ou mot de passe incorrects.",
        "login.person_disabled": (
            "Ce compte a été désactivé ; adressez-vous à la personne qui gère les comptes."
        ),
        "login.shared": "Avec le jeton d'accès partagé (en lecture seule)",
        "login.shared_hint": (
            "Le jeton partagé montre les pages du service mais ne peut pas enregistrer d'injection."
        ),
        "footer": (
            "il2sched {version} : cette page fonctionne sur cet ordinateur "
            "seulement ; rien n'est envoyé ailleurs."
        ),
    },
}

for _lang, _words in WARD_PAGE_PHRASES.items():  # the ward record's pages
    PAGE_PHRASES[_lang].update(_words)
PAGE_PHRASES["fr"] = {key: french_spacing(text) for key, text in PAGE_PHRASES["fr"].items()}
