"""The page's French words for the errors of :mod:`.phrases_errors` (same keys as the command line's table).

Written with ordinary spaces; :mod:`.phrases_errors` sets French typography once. A field is named by its
label, in « »: the page shows the message beside it.
"""

from __future__ import annotations

FRENCH: dict[str, str] = {
    "word.or": " ou ",
    "term.roster": "liste des patients",
    "term.regimen_file": "fichier de protocole",
    "term.closures_file": "fichier des fermetures",
    "term.site_name": "le nom du service",
    "term.language": "la langue",
    "term.policy": "la règle des jours fermés",
    "term.yes_no": "la valeur oui ou non",
    "term.alignment": "l'alignement",
    "term.paper": "le papier",
    "term.minutes": "minutes",
    "term.days": "jours",
    "term.processes": "processus",
    "term.bsa": "surface corporelle",
    "term.weight": "poids",
    "term.height": "taille",
    "reading.number": "un nombre",
    "reading.date": "une date",
    "reading.truth value": "une valeur vrai/faux",
    "term.option": "« {field} »",
    "term.start_date": "la date de début",
    "term.regimen_text": "le champ {key} du protocole",
    "term.mosteller": "surface corporelle (Mosteller, {height} cm, {weight} kg)",
    "term.format": "format",
    "term.worklist_format": "format de liste de travail",
    "weekday.0": "lundi",
    "weekday.1": "mardi",
    "weekday.2": "mercredi",
    "weekday.3": "jeudi",
    "weekday.4": "vendredi",
    "weekday.5": "samedi",
    "weekday.6": "dimanche",
    "option.invalid": "valeur refusée pour « {field} » : {problem}",
    "option.missing": "« {field} » est obligatoire : remplissez-le",
    "option.missing_bare": "« {field} » est obligatoire : remplissez-le",
    "option.one_of": "{text} n'est pas possible pour {what} ; choisissez {choices}",
    "option.number": "{text} n'est pas un nombre de {what} de {low} à {high}",
    "date.format": "{text} n'est pas une date ; écrivez-la AAAA-MM-JJ, par exemple 2026-04-27",
    "date.unreal": "{text} n'existe pas dans le calendrier ; vérifiez le jour et le mois",
    "date.range": (
        "{day} est hors limites : il2sched traite les dates du {first} au {last} ; vérifiez l'année"
    ),
    "date.range_of": (
        "{what} {day} est hors limites : il2sched traite les dates du {first} au {last} ; vérifiez l'année"
    ),
    "time.format": "{text} n'est pas une heure ; écrivez-la HH:MM sur 24 heures, par exemple 09:30",
    "duration.format": "{text} n'est pas une durée ; écrivez par exemple 30m, 2h, 1d ou 1h30m",
    "duration.range": "{text} doit être supérieur à 0 et d'au plus 4 semaines",
    "delay.format": "{text} n'est pas un report ; écrivez CYCLE:SEMAINES, par exemple 3:1",
    "delay.zero": "{text} : le cycle et les semaines doivent valoir 1 ou plus",
    "delay.twice": (
        "le cycle {cycle} est reporté deux fois ({cycle}:{first} et {cycle}:{second}) : indiquez chaque "
        "cycle "
        "une seule fois, avec tout son report (par exemple {cycle}:{whole})"
    ),
    "delay.cycle": (
        "report {cycle}:{weeks} impossible : le cycle doit être de 1 à {count} et le report de 0 semaine "
        "ou plus"
    ),
    "span.format": "{text} n'est pas une date ; écrivez AAAA-MM-JJ ou AAAA-MM-JJ..AAAA-MM-JJ",
    "span.reversed": "{text} finit avant de commencer ; écrivez d'abord la date la plus ancienne",
    "span.long": "{text} couvre plus d'un an ; vérifiez les années ou coupez la période en deux",
    "text.forbidden": (
        "{what} contient {char} (un saut de ligne, un caractère de contrôle, de sens d'écriture ou qui n'est "
        "pas du texte) ; écrivez-le sur une ligne, sans ce caractère"
    ),
    "text.long": (
        "{what} fait {length} caractères, mais une page imprimée n'a de place que pour {limit} ; "
        "raccourcissez-le à {limit} au plus"
    ),
    "text.undrawable": (
        "{what} contient « {char} » ({code}), que la police de la page imprimée ne sait pas dessiner (elle a "
        "les lettres latines, grecques et cyrilliques) ; écrivez-le sans ce caractère"
    ),
    "measure.format": (
        "{text} n'est pas une valeur de {what} ; écrivez un nombre de {unit}, par exemple {example}"
    ),
    "measure.range": "{what} : {value} {unit} n'est pas plausible ; indiquez de {low} à {high} {unit}",
    "measure.implausible": "{what} : {value} {unit} n'est pas plausible ; indiquez de {low} à {high} {unit}",
    "flag.value": "valeur refusée pour « {field} » : {text} ; cochez la case ou laissez-la vide",
    "body.both": "indiquez « {bsa} », ou « {height} » avec « {weight} », pas les deux",
    "body.height_alone": (
        "« {height} » demande aussi « {weight} » (formule de Mosteller) ; ou indiquez « {bsa} »"
    ),
    "body.missing_m2": (
        "le protocole {regimen} est dosé par m² de surface corporelle : remplissez « {bsa} », ou « "
        "{height} » "
        "et « {weight} »"
    ),
    "body.missing_kg": "le protocole {regimen} est dosé par kg de poids : remplissez « {weight} »",
    "body.zero": (
        "protocole {regimen} : la dose de {amount} unités/{unit} × {size} {unit} s'arrondit à 0 unité "
        "(pas de "
        "{step}) ; vérifiez les mensurations, ou le round_to_iu du protocole"
    ),
    "body.too_much": (
        "protocole {regimen} : la dose atteint {iu} unités, plus que les {most} permises ; vérifiez les "
        "mensurations"
    ),
    "patient.invalid": (
        "code patient {code} refusé : de 1 à 32 lettres, chiffres, « . », « _ » ou « - » (un code "
        "pseudonyme, jamais un nom ; pas un nom réservé d'appareil comme CON)"
    ),
    "patient.spreadsheet": (
        "un tableur ouvrant le CSV (Excel, LibreOffice Calc) lirait le code patient {code} comme {kind} "
        "et le changerait : on ne saurait plus à qui sont les doses ; prenez un code qui reste du texte, "
        "commençant par une lettre, comme « P-{bare} »"
    ),
    "start.monday": (
        "la date de début {day} est un {weekday}, mais la semaine 1 commence un lundi : prenez le "
        "{before} ou "
        "le {after}"
    ),
    "start.monday_align": (
        "la date de début {day} est un {weekday}, mais la semaine 1 commence un lundi : prenez le "
        "{before} ou "
        "le {after}, ou choisissez le lundi dans « {align} »"
    ),
    "schedule.past_9999": (
        "un calendrier commençant le {start} dépasserait l'an 9999 ; choisissez un début plus tôt"
    ),
    "schedule.no_open_day": (
        "aucun jour ouvert avant l'an 10000 pour une dose déplacée ; choisissez un début plus tôt"
    ),
    "schedule.before_first": (
        "les rappels d'un calendrier commençant le {start} tomberaient avant le {first}, la première date "
        "que traite il2sched ; vérifiez l'année et les rappels"
    ),
    "schedule.past_last": (
        "un calendrier commençant le {start} (reports et doses déplacées compris) pourrait dépasser le "
        "{last}, "
        "la dernière date que traite il2sched ; vérifiez l'année de début et les reports"
    ),
    "period.reversed": (
        "« {from_} » {first} est après « {to} » {last} : indiquez d'abord le premier jour de la période"
    ),
    "period.empty": (
        "aucune dose entre le {first} et le {last} : le traitement va du {start} au {end} ; choisissez des "
        "jours dans cet intervalle"
    ),
    "remind_at.late": (
        "« {remind_at} » {at} n'est pas avant l'heure de la dose, {time} : choisissez une heure plus tôt, ou "
        "« {remind} » pour un rappel avant chaque dose"
    ),
    "reminders.many": "{count} rappels par dose (« {remind} » et « {remind_at} ») ; {most} au plus",
    "country.empty": (
        "« {country} » est vide : indiquez un code de pays ISO comme FR, ou cochez « {no_holidays} »"
    ),
    "subdiv.empty": "« {subdiv} » est vide : indiquez un code de région comme 57, ou laissez le champ vide",
    "weekends.both": "« {open} » et « {closed} » se contredisent : gardez-en un",
    "country.unknown": (
        "pays {country} inconnu pour les jours fériés : indiquez un code ISO 3166 comme FR, BE ou CH, ou "
        "cochez « {no_holidays} »"
    ),
    "subdiv.unknown": "subdivision {subdiv} inconnue pour {country} : choisissez parmi {valid}",
    "subdiv.none": "aucune (laissez « {subdiv} » vide)",
    "zone.unknown": (
        "fuseau horaire {zone} inconnu : indiquez un nom IANA comme Europe/Paris ou America/New_York"
    ),
    "regimen.unknown": (
        "protocole {name} inconnu : indiquez un nom intégré ({known}) ou le chemin d'un fichier .toml"
    ),
    "paper.unknown": "papier {name} inconnu ; choisissez parmi : {known}",
    "format.unknown": "{what} {name} inconnu : choisissez parmi {known}",
    "lang.unknown": "langue {lang} non prise en charge ; choisissez {known}",
    "page.not_offered": "« {name} » n'est pas proposé par la page web : {reason}",
    "page.unknown": "cette page n'a pas de champ « {name} » ; vérifiez l'adresse",
    "page.local_file": (
        "« {field} » désigne un fichier de l'ordinateur qui sert cette page, qu'une page servie à d'autres "
        "machines ne lit pas ; utilisez un protocole intégré et « {closed} »"
    ),
    "page.no_roster": "pas de liste des patients : le serveur a été lancé sans",
    "page.roster_reading": "la liste des patients a changé et est relue ; réessayez dans quelques secondes",
    "file.nul": "{name} : un nom de fichier ne peut pas contenir le caractère NUL ; {hint}",
    "file.missing": "{name} : {what} introuvable ; {hint}",
    "file.unreadable": "{name} : lecture impossible ({reason})",
    "file.folder": "{name} : c'est un dossier ; indiquez un fichier texte",
    "file.kind": "{name} : ce n'est pas un fichier ordinaire ({kind}) ; indiquez un fichier texte",
    "file.large": "{name} : le fichier dépasse {size}, le plus qu'il2sched lise ; vérifiez-le",
    "file.utf8": "{name} ligne {line} : ce n'est pas du texte UTF-8 ; enregistrez le fichier en UTF-8",
    "hint.option_path": "vérifiez le chemin indiqué pour « {option} »",
    "hint.path": "vérifiez le chemin",
    "hint.closures": "vérifiez le chemin indiqué dans « {closed_file} »",
    "file.line": "{name} ligne {line} : {problem}",
    "roster.utf8": (
        "{name} ligne {line} : ce n'est pas du texte UTF-8 ; enregistrez la liste en « CSV UTF-8 »"
    ),
    "roster.empty": (
        "{name} : la liste est vide ; écrivez un en-tête « patient,start » puis une ligne par patient"
    ),
    "roster.no_patient": "{name} : la liste a un en-tête mais aucun patient ; ajoutez une ligne par patient",
    "roster.cells": "{name} ligne {line} : plus de cellules que de colonnes ; vérifiez les séparateurs",
    "roster.twice": (
        "{name} ligne {line} : le patient {patient} est déjà à la ligne {first} ; chaque code une seule fois"
    ),
    "roster.missing_column": "{name} ligne 1 : colonne {missing} manquante ; l'en-tête doit avoir {needed}",
    "roster.unknown_column": "{name} ligne 1 : colonne {listed} inconnue ; colonnes possibles : {allowed}",
    "roster.more_columns": "{listed} et {more} autres",
    "roster.column_twice": "{name} ligne 1 : la colonne {twice} apparaît deux fois ; gardez-en une",
    "roster.too_many": (
        "{name} ligne {line} : plus de {most} patients ; partagez la liste en plusieurs fichiers "
        "(un par service ou par équipe)"
    ),
    "roster.cell_long": (
        "une cellule de plus de {limit} caractères ; vérifiez les guillemets et les séparateurs"
    ),
    "roster.csv": (
        "illisible en CSV (un guillemet non fermé ?) ; vérifiez les guillemets et les séparateurs"
    ),
    "code.ward": "le code patient {code} est le nom des fichiers du service ; choisissez un autre code",
    "code.device": (
        "le code patient {code} commence par {device}, un nom que Windows réserve à un appareil : ses "
        "fichiers n'y pourraient pas être ouverts ; choisissez un autre code"
    ),
    "code.batch": (
        "le code patient {code} écrirait {file}, un fichier du lot lui-même ; choisissez un autre code"
    ),
    "code.clash": (
        "le code patient {code} écrirait {file}, le fichier du patient {other} (ligne {line}) ; "
        "choisissez des "
        "codes qui ne finissent pas par le suffixe d'un format"
    ),
}
