"""The accounts of the people who record on a page served beyond loopback, in the ward record.

Each change is an entry of the audit trail and a row of ``users`` (written in one transaction, under the
record's write lock): ``user.add`` with the hash of the password, ``user.disable`` with the reason in its
entry. Nothing is updated: an account's state is its rows. The entry of an account added holds the SHA-256
of its password's hash, so ``audit verify`` notices a hash swapped in the table (another person's password
put in its place); the hash itself stays out of the trail, which ``audit list`` shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from il2sched.core.audit import Action, text_digest
from il2sched.errors import StoreError
from il2sched.store.database import Store
from il2sched.store.schema import ENTRIES, USERS
from il2sched.store.trail import append


@dataclass(frozen=True, slots=True)
class Change:
    """One change of an account: its entry, when (UTC), by whom, why."""

    entry: int
    at: str
    by: str
    reason: str


@dataclass(frozen=True, slots=True)
class Account:
    """An account as its rows say: the initials, the password's hash, when it was added and disabled."""

    initials: str
    password: str
    added: Change
    disabled: Change | None

    @property
    def active(self) -> bool:
        """True while the account may sign in."""
        return self.disabled is None


def user_detail(initials: str, password: str | None) -> dict[str, Any]:
    """What an account change's entry says (``audit verify`` compares it with the row)."""
    detail: dict[str, Any] = {"initials": initials}
    if password is not None:
        detail["password_sha256"] = text_digest(password)
    return detail


def _changes(conn: Connection, initials: str | None = None) -> Iterator[tuple[Any, Change]]:
    query = (
        select(USERS, ENTRIES.c.at, ENTRIES.c.by, ENTRIES.c.reason)
        .join(ENTRIES, ENTRIES.c.number == USERS.c.entry)
        .order_by(USERS.c.entry)
    )
    if initials is not None:
        query = query.where(USERS.c.initials == initials)
    for row in conn.execute(query):
        yield row, Change(row.entry, row.at[:16].replace("T", " "), row.by, row.reason)


def accounts(conn: Connection, initials: str | None = None) -> list[Account]:
    """Every account (or the one of ``initials``), in the order they were added."""
    added: dict[str, tuple[str, Change]] = {}
    disabled: dict[str, Change] = {}
    for row, change in _changes(conn, initials):
        if row.kind == "add":
            added[row.initials] = (row.password, change)
        else:
            disabled[row.initials] = change
    return [Account(who, hashed, change, disabled.get(who)) for who, (hashed, change) in added.items()]


def taken(existing: Account) -> str:
    """The line refusing to add an account whose initials are taken."""
    return (
        f"{existing.initials} already has an account (added {existing.added.at} UTC by {existing.added.by}); "
        "initials name one person: choose others (such as a third letter)"
    )


def find_account(store: Store, initials: str) -> Account | None:
    """The account of ``initials`` (in capitals), or None."""
    with store.reading() as conn:
        found = accounts(conn, initials)
    return found[0] if found else None


def add_account(store: Store, initials: str, password: str, by: str, reason: str = "") -> int:
    """Add the account of ``initials`` with ``password`` (its hash); its entry's number. Initials already
    there are one line naming when and by whom they were added."""
    try:
        with store.changing() as conn:
            entry = append(conn, by, Action.USER_ADD, None, reason, user_detail(initials, password))
            row = {"entry": entry.number, "initials": initials, "kind": "add", "password": password}
            conn.execute(insert(USERS).values(**row))
            return entry.number
    except IntegrityError:
        existing = find_account(store, initials)
        if existing is None:
            raise
        raise StoreError(taken(existing)) from None


def disable_account(store: Store, initials: str, by: str, reason: str) -> int:
    """Disable the account of ``initials``; its entry's number. An unknown or already disabled account is
    one line."""
    existing = find_account(store, initials)
    if existing is None:
        raise StoreError(f"{initials} has no account; 'il2sched users list' shows those there are")
    if existing.disabled is None:
        try:
            with store.changing() as conn:
                entry = append(conn, by, Action.USER_DISABLE, None, reason, user_detail(initials, None))
                conn.execute(insert(USERS).values(entry=entry.number, initials=initials, kind="disable"))
                return entry.number
        except IntegrityError:
            pass  # disabled by someone else meanwhile: said below
    again = find_account(store, initials)
    if again is None or again.disabled is None:
        raise StoreError(f"the account of {initials} could not be disabled; try again")
    raise StoreError(
        f"the account of {initials} is already disabled (entry {again.disabled.entry}, "
        f"{again.disabled.at} UTC by {again.disabled.by})"
    )


def user_rows(conn: Connection) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each account row's entry number and what its entry should say (for ``audit verify``)."""
    for row in conn.execute(select(USERS)):
        yield row.entry, user_detail(row.initials, row.password if row.kind == "add" else None)
