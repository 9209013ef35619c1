"""The accounts of the people who record on a page served beyond loopback: ``il2sched users add|list|
disable``, and what the web face asks of them (:class:`Accounts`: may these initials still sign in, is this
their password).

An account is initials (1 to 4 letters, as on a record; never a name) and a password, kept only as its
argon2id hash (argon2-cffi's defaults, the RFC 9106 recommendation: a guess costs 64 MiB and a fraction of a
second). The password must be at least :data:`MIN_PASSWORD` characters: a ward account guards the record of
what was given to patients, and a phrase of a few words is both long and easy to remember. argon2 is imported
only by these commands and by a server with accounts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from il2sched.app.options import Raw
from il2sched.app.requests import parse_command
from il2sched.app.user_commands import USERS_ADD, USERS_DISABLE, USERS_LIST
from il2sched.app.ward import open_ward
from il2sched.core.record_parsing import parse_initials
from il2sched.errors import InvalidValue, StoreError
from il2sched.sources.locale import texts_for
from il2sched.store.users import Account, accounts, add_account, disable_account, find_account, taken

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from il2sched.store.database import Store

#: The shortest password accepted.
MIN_PASSWORD = 12
#: The longest (hashing a megabyte on every sign-in would be a way to tie the server up).
MAX_PASSWORD = 256
#: The fewest different characters a password must hold (``aaaaaaaaaaaa`` is a guess).
MIN_DISTINCT = 6


def password_problem(password: str, initials: str) -> str | None:
    """Why ``password`` may not guard the account of ``initials``, or None."""
    if len(password) < MIN_PASSWORD:
        return (
            f"the password is too short ({len(password)} characters): use at least {MIN_PASSWORD}, such as a "
            "few words one remembers"
        )
    if len(password) > MAX_PASSWORD:
        return f"the password is too long: use at most {MAX_PASSWORD} characters"
    if any(not ch.isprintable() for ch in password):
        return "the password holds a control character or a line break: use letters, digits, signs, spaces"
    if len(set(password.casefold())) < MIN_DISTINCT:
        return f"the password has fewer than {MIN_DISTINCT} different characters, which is easy to guess"
    if initials.casefold() * 3 in password.casefold() or password.casefold() in ("il2sched" * 4):
        return "the password repeats the initials or the program's name, which is easy to guess"
    return None


def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id, RFC 9106's low-memory recommendation


@dataclass(frozen=True, slots=True)
class NewUser:
    """An account to add, checked before its password is asked: its initials, who adds it and why, where."""

    initials: str
    by: str
    reason: str
    lang: str
    db: str | None


def new_user(initials_text: str, raw: Mapping[str, Raw]) -> NewUser:
    """``users add INITIALS``'s request, checked (initials, options, and initials not taken) before anyone
    types a password."""
    values = parse_command(USERS_ADD, raw)
    user = NewUser(
        parse_initials(initials_text), values["by"], values["reason"] or "", values["lang"], values["db"]
    )
    with open_ward(user.db, create=True) as store:
        existing = find_account(store, user.initials)
    if existing is not None:
        raise StoreError(taken(existing))
    return user


def add_user(user: NewUser, password: str) -> str:
    """Add ``user``'s account with ``password`` (its hash); the line saying so."""
    problem = password_problem(password, user.initials)
    if problem is not None:
        raise InvalidValue(problem)
    hashed = _hasher().hash(password)
    with open_ward(user.db, create=True) as store:
        entry = add_account(store, user.initials, hashed, user.by, user.reason)
    return texts_for(user.lang)("users.added", initials=user.initials, entry=entry)


def disable_user(initials_text: str, raw: Mapping[str, Raw]) -> str:
    """``users disable INITIALS``: the account may no longer sign in, and its sessions end."""
    values = parse_command(USERS_DISABLE, raw)
    initials = parse_initials(initials_text)
    with open_ward(values["db"]) as store:
        entry = disable_account(store, initials, values["by"], values["reason"] or "")
    return texts_for(values["lang"])("users.disabled", initials=initials, entry=entry)


def user_list(raw: Mapping[str, Raw]) -> str:
    """``users list``: every account, its state, who added it and when, and who disabled it and why."""
    values = parse_command(USERS_LIST, raw)
    texts = texts_for(values["lang"])
    with open_ward(values["db"]) as store:
        with store.reading() as conn:
            found = accounts(conn)
        where = store.location.shown
    if not found:
        return texts("users.none", where=where) + "\n"
    keys = ("initials", "state", "added", "by", "disabled", "by", "why")
    rows = [tuple(texts(f"users.column.{key}") for key in keys)]
    rows += [_row(account, texts) for account in found]
    widths = [max(len(row[i]) for row in rows) for i in range(len(keys))]
    return "".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n" for row in rows
    )


def _row(account: Account, texts: Callable[..., str]) -> tuple[str, ...]:
    off = account.disabled
    state = texts("users.state.active" if off is None else "users.state.disabled")
    return (
        account.initials, state, account.added.at, account.added.by,
        off.at if off else "-", off.by if off else "-", (off.reason or "-") if off else "-",
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class SignedIn:
    """The answer to a personal sign-in: the account's initials when it may sign in; ``disabled`` when the
    password was right but the account is disabled."""

    initials: str | None
    disabled: bool


class Accounts:
    """The accounts of one ward record as the web face asks about them, its store opened once."""

    def __init__(self, db: str | None) -> None:
        self.db = db
        self._store: Store | None = None
        self._lock = threading.Lock()
        self._dummy: str | None = None

    def _account(self, initials: str) -> Account | None:
        with self._lock:
            if self._store is None:
                self._store = open_ward(self.db, create=True)
            store = self._store
        return find_account(store, initials)

    def usable(self, initials: str) -> bool:
        """True while the account of ``initials`` exists and is not disabled."""
        account = self._account(initials)
        return account is not None and account.active

    def sign_in(self, initials_text: str, password: str) -> SignedIn:
        """Whether ``password`` is the password of the account of ``initials_text``, and whether that account
        is still active. An unknown account costs the same hash as a known one, so timing tells nobody which
        initials exist; only someone who knows an account's password learns it was disabled."""
        from argon2.exceptions import Argon2Error

        try:
            initials = parse_initials(initials_text)
        except InvalidValue:
            initials = ""
        account = self._account(initials) if initials else None
        hasher = _hasher()
        if self._dummy is None:
            self._dummy = hasher.hash("not the password of anyone")
        known = account is not None and len(password) <= MAX_PASSWORD
        hashed = account.password if known and account is not None else self._dummy
        try:
            hasher.verify(hashed, password[:MAX_PASSWORD])
        except Argon2Error:
            return SignedIn(None, False)
        if not known or account is None:
            return SignedIn(None, False)
        return SignedIn(account.initials, False) if account.active else SignedIn(None, True)

    def close(self) -> None:
        """Release the store's connections."""
        if self._store is not None:
            self._store.close()
