"""The accounts of the people who record on a page served beyond loopback: ``il2sched users add|list|
disable``. The password is asked twice on the terminal, never echoed, or read from standard input for a
script (``--password-stdin``); it is never an argument, which other users of the computer could see."""

from __future__ import annotations

import sys
from typing import Any

import click

from il2sched.app.user_commands import USERS_ADD, USERS_DISABLE, USERS_LIST
from il2sched.cli.params import declared_options
from il2sched.errors import InvalidValue


@click.group()
def users() -> None:
    """Accounts of the people who record on a page served beyond this computer (initials, no names).

    \b
    Examples:
      il2sched users add CD --by AB
      printf '%s\\n' "$PASSWORD" | il2sched users add CD --by AB --password-stdin
      il2sched users disable CD --reason "left the ward" --by AB
    """


@users.command("add")
@click.argument("initials")
@declared_options(USERS_ADD)
def add(initials: str, **values: Any) -> None:
    """Add an account: its initials (1 to 4 letters) and a password of 12 characters or more."""
    from il2sched.app.users import add_user, new_user

    user = new_user(initials, values)  # refused before a password is typed for nothing
    password = _stdin_password() if values["password_stdin"] else _password(user.initials, user.lang)
    click.echo(add_user(user, password))


@users.command("list")
@declared_options(USERS_LIST)
def list_command(**values: Any) -> None:
    """List the accounts: initials, active or disabled, who added and who disabled each, and why."""
    from il2sched.app.users import user_list

    click.echo(user_list(values), nl=False)


@users.command("disable")
@click.argument("initials")
@declared_options(USERS_DISABLE)
def disable(initials: str, **values: Any) -> None:
    """Disable an account, saying why: it can no longer sign in, and its sessions end (the record keeps
    it)."""
    from il2sched.app.users import disable_user

    click.echo(disable_user(initials, values))


def _stdin_password() -> str:
    line = sys.stdin.readline()
    if not line:
        raise InvalidValue(
            "--password-stdin read nothing: send the password on the first line of standard input"
        )
    return line.removesuffix("\n").removesuffix("\r")


def _password(initials: str, lang: str) -> str:
    """The password, typed twice on the terminal without echo."""
    from il2sched.sources.locale import texts_for

    if not sys.stdin.isatty():
        raise InvalidValue(
            "no terminal to ask the password on: type the command in a terminal, or send the password on "
            "standard input with --password-stdin"
        )
    texts = texts_for(lang)
    first = click.prompt(texts("users.prompt", initials=initials), hide_input=True, err=True)
    again = click.prompt(texts("users.again"), hide_input=True, err=True)
    if first != again:
        raise InvalidValue("the two passwords differ: nothing was added; type the same password twice")
    return str(first)
