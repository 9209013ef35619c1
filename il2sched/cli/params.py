"""The declared options as click options: names, help and defaults from :mod:`il2sched.app.commands`.

Click only collects what was typed (texts, a repeatable option's texts, a flag's presence) and shows the help;
the application parses the texts with the declared parsers (:func:`il2sched.app.requests.parse_command`),
exactly as it parses the web page's queries, so both faces give the same request and the same messages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from il2sched.app.options import Command, Kind, Option

F = TypeVar("F", bound=Callable[..., Any])


def click_option(option: Option, *, required: bool = False) -> Callable[[F], F]:
    """The click option of a declared ``option``: it hands its text (or texts, or presence) on unparsed.

    A ``required`` option is checked by the application, like every other value (the page's query too).
    """
    names = [f"--{option.name}", option.key]
    if option.short:
        names.insert(0, option.short)
    help_text = f"{option.help.en}  [required]" if required else option.help.en
    if option.kind is Kind.FLAG:
        return click.option(*names, is_flag=True, help=help_text)
    # The default as typed: parsed like a typed value, it is the declared default (a test checks both ways).
    shown = option.default_text
    return click.option(
        *names, multiple=option.kind is Kind.MANY, metavar=option.metavar, help=help_text, default=shown,
        show_default=shown is not None,
    )  # fmt: skip


def declared_options(command: Command) -> Callable[[F], F]:
    """Give a click command ``command``'s declared options, in their declared order."""

    def decorate(function: F) -> F:
        for option in reversed(command.options):
            function = click_option(option, required=option.name in command.required)(function)
        return function

    return decorate


def typed(values: dict[str, Any]) -> dict[str, Any]:
    """Only the options typed on the command line, not click's defaults (``patients set`` changes those;
    beside ``--db`` they are this output's choices)."""
    from click.core import ParameterSource

    ctx = click.get_current_context()
    return {k: v for k, v in values.items() if ctx.get_parameter_source(k) is ParameterSource.COMMANDLINE}
