"""Query strings as the options' texts: ``/generate?start=...&remind=1h&remind=1d&no-weekends=1`` hands the
application the very texts ``il2sched generate --start ... --remind 1h --remind 1d --no-weekends`` hands it,
so the page parses, checks and defaults every value with the command line's own builder and messages.

A parameter is named like its long option without the leading dashes (``on-holiday``, ``no-weekends``); a
repeatable option is repeated (``remind=1h&remind=1d``) or gives one value a line (a form's text area); a
flag is ``1``/``true``/``on``/``yes`` (or ``0``/``false``/``off``/``no``, the same as leaving it out). An
empty value counts as absent, since a form sends its empty fields. Which parameters exist, and which the page
refuses, is the options' declaration (:mod:`il2sched.app.commands`): an option declared is a parameter at
once.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from il2sched.app.options import Command, Kind, NotOnPage, Raw, parse_text
from il2sched.core.messages import Opt, keyed
from il2sched.errors import Il2schedError, InvalidValue

Query = list[tuple[str, str]]

_TRUE = {"1", "true", "on", "yes"}
_FALSE = {"0", "false", "off", "no"}


@dataclass(frozen=True, slots=True)
class QueryProblem:
    """A request the command line would refuse: the command line's own message, and the query parameter it
    is about when there is one (so the page shows it beside that field)."""

    message: str
    parameter: str | None = None
    lines: tuple[str, ...] = field(default=())
    error: Il2schedError | None = None  # the error itself, whose key says it in the page's language
    others: tuple[Il2schedError, ...] = ()  # the other fields' errors, which the page shows at once

    def text(self) -> str:
        """The lines the command line prints on stderr for this problem."""
        return "".join(f"il2sched: error: {line}\n" for line in self.lines or (self.message,))


def problem_of(exc: Il2schedError) -> QueryProblem:
    """An error as the command line prints it (one line, or one per bad roster row), placed by its option."""
    lines = tuple(str(exc).splitlines()) or ("failed",)
    return QueryProblem(lines[-1], exc.option, lines, exc)


def canonical(command: Command, query: Query) -> Query:
    """``query`` as the HTTP contract writes it: empty values left out, a text area's lines repeated."""
    out: Query = []
    for name, value in query:
        option = command.option(name)
        lines = value.splitlines() if option is not None and option.kind is Kind.MANY else [value]
        out += [(name, line.strip()) for line in lines if line.strip() != ""]
    return out


def is_set(value: str) -> bool:
    """True when a flag's query value sets it."""
    return value.strip().lower() in _TRUE


def options_of(command: Command, query: Query) -> dict[str, Raw]:
    """The texts ``query`` (canonical) gives ``command``'s options, by key, as the command line hands them on.

    A parameter the command does not have, or that the page refuses (``output``), is an :class:`InvalidValue`
    saying so; the last value of a one-value option counts, as on the command line.
    """
    raw: dict[str, Raw] = {}
    for name, value in query:
        option = command.option(name)
        if option is None:
            raise unknown(command, name)
        if isinstance(option.page, NotOnPage):
            raise keyed(InvalidValue, "page.not_offered", option=name, name=name, reason=option.page.reason)
        if option.kind is Kind.FLAG:
            word = value.strip().lower()
            if word not in _TRUE | _FALSE:
                raise keyed(
                    InvalidValue, "flag.value", option=name, field=Opt(name), text=repr(value), name=name
                )
            raw[option.key] = word in _TRUE
        elif option.kind is Kind.MANY:
            earlier = raw.get(option.key)
            raw[option.key] = (*(earlier if isinstance(earlier, tuple) else ()), value)
        else:
            raw[option.key] = value
    return raw


def unknown(command: Command, name: str) -> InvalidValue:
    """A parameter ``command`` does not have, in the command line's words for an unknown option."""
    given = f"--{name}"
    close = difflib.get_close_matches(given, [f"--{o.name}" for o in command.options] + ["--help"])
    shown = ", ".join(repr(c) for c in sorted(close))
    hint = (
        f" Did you mean {shown}?" if len(close) == 1 else f" (Did you mean one of: {shown}?)" if close else ""
    )
    return keyed(InvalidValue, "page.unknown", given=repr(given), name=name, hint=hint, command=command.name)


def field_errors(command: Command, query: Query) -> tuple[Il2schedError, ...]:
    """The error of each field of ``query`` (canonical) whose text its option refuses, each field checked on
    its own: the page shows every bad field at once, where the command line stops at the first."""
    errors: dict[str, Il2schedError] = {}
    for name, value in query:
        option = command.option(name)
        if option is None or option.kind is Kind.FLAG or isinstance(option.page, NotOnPage) or name in errors:
            continue
        try:
            parse_text(option, value)
        except Il2schedError as exc:
            errors[name] = exc
    return tuple(errors.values())
