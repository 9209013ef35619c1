"""The words of the accounts of people who record (``il2sched users``), in English and French.

Merged into :data:`il2sched.core.phrases.PHRASES` like the ward record's own; both languages have the same
keys (a test checks it).
"""

from __future__ import annotations

#: The accounts' words, in English and French.
USER_PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "audit.action.user.add": "account added",
        "audit.action.user.disable": "account disabled",
        "users.added": "account {initials} added (entry {entry}); they can now sign in on a page served "
        "beyond this computer",
        "users.disabled": "account {initials} disabled (entry {entry}); their sessions end at their next "
        "request",
        "users.none": "no account in the ward record {where}: add one with 'il2sched users add INITIALS --by "
        "INITIALS'",
        "users.column.initials": "Initials",
        "users.column.state": "State",
        "users.column.added": "Added (UTC)",
        "users.column.by": "By",
        "users.column.disabled": "Disabled (UTC)",
        "users.column.why": "Why",
        "users.state.active": "active",
        "users.state.disabled": "disabled",
        "users.prompt": "Password for {initials} (12 characters or more)",
        "users.again": "The same password again",
    },
    "fr": {
        "audit.action.user.add": "compte créé",
        "audit.action.user.disable": "compte désactivé",
        "users.added": "compte {initials} créé (entrée {entry}) ; cette personne peut se connecter à une "
        "page servie au-delà de cet ordinateur",
        "users.disabled": "compte {initials} désactivé (entrée {entry}) ; ses sessions prennent fin à leur "
        "prochaine requête",
        "users.none": "aucun compte dans le registre {where} : en créer un avec « il2sched users add "
        "INITIALES --by INITIALES »",
        "users.column.initials": "Initiales",
        "users.column.state": "État",
        "users.column.added": "Créé (UTC)",
        "users.column.by": "Par",
        "users.column.disabled": "Désactivé (UTC)",
        "users.column.why": "Pourquoi",
        "users.state.active": "actif",
        "users.state.disabled": "désactivé",
        "users.prompt": "Mot de passe de {initials} (12 caractères ou plus)",
        "users.again": "Le même mot de passe à nouveau",
    },
}
