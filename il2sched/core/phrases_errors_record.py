"""The words of ``record``'s refusals a nurse meets on the ward's page (merged into
:mod:`.phrases_errors`): the command line's line (unchanged), the page's English and French, naming the
form's fields by their labels."""

from __future__ import annotations

#: The command line's lines.
RECORD_CLI: dict[str, str] = {
    "patients.taken": (
        "patient {code} is already in the ward record (added {added} by {by}); change it with 'il2sched "
        "patients set {code} ...' or choose another code"
    ),
    "patients.taken_unknown": (
        "patient {code} is already in the ward record; change it with 'il2sched patients set {code} ...' or "
        "choose another code"
    ),
    "record.needs": "a dose given needs {field} {example} (or --not-given --reason ...)",
    "record.not_given_reason": (
        "a dose not given needs {field}: refused, not-tolerated, held-by-physician, drug-unavailable, "
        "unit-closed or other"
    ),
    "record.correction_not_given": (
        "a correction to 'not given' says why with {field} (refused, not-tolerated, held-by-physician, "
        "drug-unavailable, unit-closed, other); {why} says why it is corrected"
    ),
    "record.correction_reason": "a correction says why with {field} TEXT",
    "record.future": "{given} is in the future ({tz}): record a dose once it is given",
    "record.before_start": "{given} is before patient {code}'s start, {start}: check the date",
    "record.expired": (
        "the lot expired ({expiry}) before it was given ({day}): check the vial's expiry, and tell the "
        "pharmacy if it really was out of date"
    ),
    "record.same_checker": "{field} is the nurse who recorded it ({by}): a second check is another person's",
    "record.check_regimen": "patient {code}'s regimen asks for a second nurse's check: give {field} INITIALS",
    "record.sign_in": "sign in with your own account to record a dose: the shared token can only read",
    "record.sign_in_enrol": (
        "sign in with your own account to enrol a patient: the shared token can only read"
    ),
    "record.check_options": (
        "patient {code}'s options ask for a second nurse's check: give {field} INITIALS"
    ),
}

#: The page's English, where the command line's names its options its own way.
RECORD_EN: dict[str, str] = {
    "patients.taken": (
        "patient {code} is already in the ward record (added {added} by {by}): choose another code, or open "
        "the patient's page to change their plan"
    ),
    "patients.taken_unknown": (
        "patient {code} is already in the ward record: choose another code, or open the patient's page to "
        "change their plan"
    ),
    "record.needs": "a dose given needs '{field}' (or record it as not given)",
    "record.not_given_reason": "a dose not given needs '{field}': choose why",
    "record.correction_not_given": (
        "a correction to 'not given' says why in '{field}'; '{why}' says why it is corrected"
    ),
    "record.correction_reason": "a correction says why in '{field}'",
    "record.same_checker": (
        "'{field}' are the initials of the nurse who recorded it ('{by}'): a second check is another person's"
    ),
    "record.check_regimen": "patient {code}'s regimen asks for a second nurse's check: fill in '{field}'",
    "record.sign_in": "sign in with your own account to record a dose: the shared token can only read",
    "record.sign_in_enrol": (
        "sign in with your own account to enrol a patient: the shared token can only read"
    ),
    "record.check_options": "patient {code}'s options ask for a second nurse's check: fill in '{field}'",
}

#: The page's French (ordinary spaces: :mod:`.phrases_errors` sets French typography).
RECORD_FR: dict[str, str] = {
    "patients.taken": (
        "le patient {code} est déjà dans le registre du service (ajouté le {added} par {by}) : choisissez un "
        "autre code, ou ouvrez la page du patient pour modifier son plan"
    ),
    "patients.taken_unknown": (
        "le patient {code} est déjà dans le registre du service : choisissez un autre code, ou ouvrez la "
        "page du patient pour modifier son plan"
    ),
    "record.needs": "une injection faite demande « {field} » (ou enregistrez-la comme non faite)",
    "record.not_given_reason": "une injection non faite demande « {field} » : choisissez pourquoi",
    "record.correction_not_given": (
        "une correction en « non faite » dit pourquoi dans « {field} » ; « {why} » dit pourquoi elle corrige"
    ),
    "record.correction_reason": "une correction dit pourquoi dans « {field} »",
    "record.future": "{given} est dans le futur ({tz}) : enregistrez une injection une fois faite",
    "record.before_start": "{given} est avant le début du patient {code}, le {start} : vérifiez la date",
    "record.expired": (
        "le lot était périmé ({expiry}) avant l'injection ({day}) : vérifiez la péremption du flacon, et "
        "prévenez la pharmacie s'il l'était vraiment"
    ),
    "record.same_checker": (
        "« {field} » sont les initiales de l'infirmière qui l'enregistre (« {by} ») : le second contrôle "
        "est celui d'une autre personne"
    ),
    "record.sign_in": (
        "connectez-vous avec votre propre compte pour enregistrer une injection : le jeton partagé ne permet "
        "que de lire"
    ),
    "record.sign_in_enrol": (
        "connectez-vous avec votre propre compte pour inclure un patient : le jeton partagé ne permet "
        "que de lire"
    ),
    "record.check_regimen": (
        "le protocole du patient {code} demande le contrôle d'une seconde infirmière : remplissez « {field} »"
    ),
    "record.check_options": (
        "les options du patient {code} demandent le contrôle d'une seconde infirmière : remplissez "
        "« {field} »"
    ),
}
