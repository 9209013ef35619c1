"""The words of the ward record (patients, records, the audit trail), in English and French.

Kept beside :mod:`.phrases` (which merges them into ``PHRASES``); both languages have the same keys (a test
checks it).
"""

from __future__ import annotations

#: The ward record's words, in English and French (merged into :data:`il2sched.core.phrases.PHRASES`).
WARD_PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "audit.column.entry": "Entry",
        "audit.column.at": "Time (UTC)",
        "audit.column.by": "By",
        "audit.column.action": "Change",
        "audit.column.patient": "Patient",
        "audit.column.what": "What",
        "audit.column.why": "Why",
        "audit.action.patient.add": "patient added",
        "audit.action.patient.set": "options changed",
        "audit.action.patient.delay": "cycle postponed",
        "audit.action.patient.withdraw": "withdrawn",
        "audit.action.dose.record": "dose recorded",
        "audit.action.dose.correct": "record corrected",
        "audit.added": "{regimen}, start {start}",
        "audit.replaces": "replaces entry {entry}",
        "audit.none": "no entry in the ward record {where}",
        "audit.holds": (
            "the ward record {where} holds: {count} entries, each chained to the one before; last entry's "
            "SHA-256 {digest}"
        ),
        "audit.missing": "entry {n} is missing: it was removed",
        "audit.altered": "entry {n} does not match its digest: it was altered, or moved from another place",
        "audit.unchained": (
            "entry {n} does not follow the entry before it: an entry before it was removed, altered or moved"
        ),
        "audit.row-missing": "entry {n}'s row (patient or dose record) is missing: it was removed",
        "audit.row-altered": (
            "entry {n}'s row (patient or dose record) differs from what the entry says: it was altered"
        ),
        "audit.row-extra": (
            "entry {n} has a row of a patient or dose record it did not make: a row was added or moved"
        ),
        "audit.row-orphan": (
            "a patient or dose record row names entry {n}, which does not hold it: a row was added or its "
            "entry removed"
        ),
        "audit.broken": (
            "the ward record {where} does not hold: {problem} (first of {count} entries checked); restore "
            "it from a backup and find out who changed it"
        ),
        "ward.planned_amount": "the planned dose",
        "ward.reason.refused": "refused",
        "ward.reason.not-tolerated": "not tolerated",
        "ward.reason.held-by-physician": "held by the physician",
        "ward.reason.drug-unavailable": "drug unavailable",
        "ward.reason.unit-closed": "unit closed",
        "ward.reason.other": "other reason",
        "ward.site.abdomen-left": "abdomen, left",
        "ward.site.abdomen-right": "abdomen, right",
        "ward.site.thigh-left": "thigh, left",
        "ward.site.thigh-right": "thigh, right",
        "ward.site.arm-left": "arm, left",
        "ward.site.arm-right": "arm, right",
        "ward.site.none": "site not said",
        "ward.added": "added patient {code} (entry {entry}): {regimen}, start {start}, {doses}",
        "ward.changed": "changed patient {code} (entry {entry}): {what}",
        "ward.withdrawn": "withdrew patient {code} (entry {entry})",
        "ward.imported": "added {count} patients from {roster} (entries {first} to {last})",
        "ward.more_notes": "{count} more notes like these; 'il2sched generate --patient CODE' shows a "
        "patient's",
        "ward.recorded": "recorded {code} dose {dose} (entry {entry}): {what}",
        "ward.corrected": "recorded {code} dose {dose} (entry {entry}), replacing entry {replaces}: {what}",
        "ward.status.active": "active",
        "ward.status.finished": "finished",
        "ward.status.withdrawn": "withdrawn",
        "ward.column.code": "Patient",
        "ward.column.regimen": "Regimen",
        "ward.column.start": "Start",
        "ward.column.next": "Next dose",
        "ward.column.status": "Status",
        "ward.none": "no patient in the ward record {where}",
        "ward.next": "{date}, cycle {cycle}, day {day}",
        "ward.given": "given {at}, {amount}, lot {lot} (expiry {expiry}), {site}, by {by}",
        "ward.checked": "checked by {by}",
        "ward.not_given": "not given ({reason}), by {by}",
        "ward.delays": "postponed cycles: {delays}",
        "ward.options": "options: {options}",
        "ward.show.regimen": "Regimen: {regimen} ({title}), version {version}",
        "ward.show.start": "Start: {start}",
        "ward.show.status": "Status: {status}",
        "ward.show.options": "Options: {options}",
        "ward.show.doses": "Doses: {planned} planned, {recorded} recorded",
        "ward.show.next": "Next dose: {next}",
        "ward.show.history": "History:",
        "ward.show.records": "Records:",
        "ward.show.replaced": "(replaced by entry {entry})",
    },
    "fr": {
        "audit.column.entry": "Entrée",
        "audit.column.at": "Heure (UTC)",
        "audit.column.by": "Par",
        "audit.column.action": "Modification",
        "audit.column.patient": "Patient",
        "audit.column.what": "Quoi",
        "audit.column.why": "Pourquoi",
        "audit.action.patient.add": "patient ajouté",
        "audit.action.patient.set": "options modifiées",
        "audit.action.patient.delay": "cycle reporté",
        "audit.action.patient.withdraw": "sorti de l'étude",
        "audit.action.dose.record": "injection enregistrée",
        "audit.action.dose.correct": "enregistrement corrigé",
        "audit.added": "{regimen}, début le {start}",
        "audit.replaces": "remplace l'entrée {entry}",
        "audit.none": "aucune entrée dans le registre {where}",
        "audit.holds": (
            "le registre {where} est intact : {count} entrées, chacune chaînée à la précédente ; SHA-256 "
            "de la dernière entrée {digest}"
        ),
        "audit.missing": "l'entrée {n} manque : elle a été supprimée",
        "audit.altered": "l'entrée {n} ne correspond pas à son empreinte : elle a été modifiée, ou déplacée",
        "audit.unchained": (
            "l'entrée {n} ne suit pas l'entrée précédente : une entrée avant elle a été supprimée, "
            "modifiée ou déplacée"
        ),
        "audit.row-missing": (
            "la ligne de l'entrée {n} (patient ou enregistrement d'injection) manque : elle a été supprimée"
        ),
        "audit.row-altered": (
            "la ligne de l'entrée {n} (patient ou enregistrement d'injection) diffère de ce que dit "
            "l'entrée : elle a été modifiée"
        ),
        "audit.row-extra": (
            "l'entrée {n} a une ligne de patient ou d'enregistrement qu'elle n'a pas faite : une ligne a "
            "été ajoutée ou déplacée"
        ),
        "audit.row-orphan": (
            "une ligne de patient ou d'enregistrement nomme l'entrée {n}, qui ne la contient pas : une "
            "ligne a été ajoutée ou son entrée supprimée"
        ),
        "audit.broken": (
            "le registre {where} n'est pas intact : {problem} (la première des {count} entrées vérifiées) "
            "; restaurez-le depuis une sauvegarde et cherchez qui l'a modifié"
        ),
        "ward.planned_amount": "la dose prévue",
        "ward.reason.refused": "refusée",
        "ward.reason.not-tolerated": "non tolérée",
        "ward.reason.held-by-physician": "suspendue par le médecin",
        "ward.reason.drug-unavailable": "médicament indisponible",
        "ward.reason.unit-closed": "service fermé",
        "ward.reason.other": "autre raison",
        "ward.site.abdomen-left": "abdomen, gauche",
        "ward.site.abdomen-right": "abdomen, droite",
        "ward.site.thigh-left": "cuisse, gauche",
        "ward.site.thigh-right": "cuisse, droite",
        "ward.site.arm-left": "bras, gauche",
        "ward.site.arm-right": "bras, droit",
        "ward.site.none": "site non précisé",
        "ward.added": "patient {code} ajouté (entrée {entry}) : {regimen}, début le {start}, {doses}",
        "ward.changed": "patient {code} modifié (entrée {entry}) : {what}",
        "ward.withdrawn": "patient {code} sorti de l'étude (entrée {entry})",
        "ward.imported": "{count} patients ajoutés depuis {roster} (entrées {first} à {last})",
        "ward.more_notes": "{count} autres remarques du même genre ; 'il2sched generate --patient CODE' "
        "montre celles d'un patient",
        "ward.recorded": "{code} injection {dose} enregistrée (entrée {entry}) : {what}",
        "ward.corrected": "{code} injection {dose} enregistrée (entrée {entry}), à la place de l'entrée "
        "{replaces} : {what}",
        "ward.status.active": "en cours",
        "ward.status.finished": "terminé",
        "ward.status.withdrawn": "sorti de l'étude",
        "ward.column.code": "Patient",
        "ward.column.regimen": "Protocole",
        "ward.column.start": "Début",
        "ward.column.next": "Prochaine injection",
        "ward.column.status": "Statut",
        "ward.none": "aucun patient dans le registre {where}",
        "ward.next": "{date}, cycle {cycle}, jour {day}",
        "ward.given": "faite le {at}, {amount}, lot {lot} (péremption {expiry}), {site}, par {by}",
        "ward.checked": "contrôlée par {by}",
        "ward.not_given": "non faite ({reason}), par {by}",
        "ward.delays": "cycles reportés : {delays}",
        "ward.options": "options : {options}",
        "ward.show.regimen": "Protocole : {regimen} ({title}), version {version}",
        "ward.show.start": "Début : {start}",
        "ward.show.status": "Statut : {status}",
        "ward.show.options": "Options : {options}",
        "ward.show.doses": "Injections : {planned} prévues, {recorded} enregistrées",
        "ward.show.next": "Prochaine injection : {next}",
        "ward.show.history": "Historique :",
        "ward.show.records": "Enregistrements :",
        "ward.show.replaced": "(remplacé par l'entrée {entry})",
    },
}
