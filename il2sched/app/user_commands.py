"""The options of ``il2sched users add|list|disable``, declared once (what a declaration means:
:mod:`il2sched.app.options`); ``--by``, ``--reason`` and ``--db`` are the ward record's own."""

from __future__ import annotations

from il2sched.app.commands import DB
from il2sched.app.option_table import LANG
from il2sched.app.options import Command, Kind, Words
from il2sched.app.ward_commands import BY, REASON, _ward

PASSWORD_STDIN = _ward(
    "password-stdin",
    Words("Read the password from the first line of standard input (for scripts) instead of asking it twice "
          "on the terminal.",
          "Lire le mot de passe sur la première ligne de l'entrée standard (pour les scripts) au lieu de le "
          "demander deux fois au terminal."),
    Words("Password on standard input", "Mot de passe sur l'entrée standard"),
    kind=Kind.FLAG,
)  # fmt: skip

USERS_ADD = Command("users add", (BY, REASON, PASSWORD_STDIN, LANG, DB), frozenset({"by"}))
USERS_LIST = Command("users list", (LANG, DB))
USERS_DISABLE = Command("users disable", (BY, REASON, LANG, DB), frozenset({"by", "reason"}))

#: Every account command.
USER_COMMANDS = (USERS_ADD, USERS_LIST, USERS_DISABLE)
