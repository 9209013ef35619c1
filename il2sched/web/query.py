"""Query strings as command lines: ``/generate?start=...&remind=1h&remind=1d&no-weekends=1`` is parsed by the
``generate`` command's own click options, so every option the command has is a query parameter by itself.

A parameter is named like its long option without the leading dashes (``on-holiday``, ``no-weekends``); a
repeatable option is repeated (``remind=1h&remind=1d``); a flag is ``1``/``true``/``on``/``yes`` (or
``0``/``false``/``off``/``no``, the same as leaving it out). An empty value counts as absent, since a form
sends its empty fields. A repeatable option's value may also hold several lines, one value each (a form's
text area). Click then converts, checks and defaults every value exactly as on the command line, and the
command's own request builder turns them into the typed request: the two faces cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import click

#: Options of the commands that a query cannot carry, and why (the web page says so when one is sent).
NOT_ON_THE_WEB = {"output": "the response itself is the output"}

_TRUE = {"1", "true", "on", "yes"}
_FALSE = {"0", "false", "off", "no"}


@dataclass(frozen=True, slots=True)
class CommandForm:
    """A command of the command line as the web page sees it: the click command that names, types and checks
    its options, and the function that turns click's values into the command's typed request."""

    command: click.Command
    request: Callable[..., Any]
    prog: str = "il2sched"


@dataclass(frozen=True, slots=True)
class QueryProblem:
    """A request the command line would refuse: the command line's own message, and the query parameter it
    is about when there is one (so the page shows it beside that field)."""

    message: str
    parameter: str | None = None
    lines: tuple[str, ...] = field(default=())

    def text(self) -> str:
        """The lines the command line prints on stderr for this problem."""
        return "".join(f"il2sched: error: {line}\n" for line in self.lines or (self.message,))


@dataclass(frozen=True, slots=True)
class Parameter:
    """One query parameter: the click option it stands for, and the command-line token it becomes."""

    option: click.Option
    token: str  # "--start"; for a "--x/--no-x" flag, the token of this side
    negative: bool = False  # the "--no-x" side of a two-sided flag


def parameters(command: click.Command) -> dict[str, Parameter]:
    """The query parameters of ``command``: every long option, named without its leading dashes."""
    found: dict[str, Parameter] = {}
    for param in command.params:
        if not isinstance(param, click.Option) or param.name in NOT_ON_THE_WEB:
            continue
        for token in param.opts:
            if token.startswith("--"):
                found[token[2:]] = Parameter(param, token)
        for token in param.secondary_opts:
            if token.startswith("--"):
                found[token[2:]] = Parameter(param, token, negative=True)
    return found


def parameter_name(option: click.Parameter) -> str | None:
    """The query parameter of a click option (its first long option without dashes), if it has one."""
    longs = [o for o in option.opts if o.startswith("--")]
    return longs[0][2:] if longs else None


def _flag_tokens(name: str, entry: Parameter, value: str) -> list[str]:
    word = value.strip().lower()
    if word in _TRUE:
        on = True
    elif word in _FALSE:
        on = False
    else:
        raise click.BadParameter(
            f"{value!r} is not a valid flag value; write {name}=1 to set it, or leave it out",
            param=entry.option,
        )
    if on:
        return [entry.token]
    if entry.option.secondary_opts and not entry.negative:
        return [entry.option.secondary_opts[0]]  # "x=0" on a "--x/--no-x" flag means "--no-x"
    return [entry.option.opts[-1]] if entry.negative else []


def command_line(command: click.Command, query: Iterable[tuple[str, str]]) -> list[str]:
    """The command-line tokens of ``query`` (raising :class:`click.UsageError` as click itself would).

    Every value is glued to its option (``--patient=-x``), so no value can be read as an option.
    """
    known = parameters(command)
    tokens: list[str] = []
    for name, raw in query:
        if name in NOT_ON_THE_WEB:
            raise click.UsageError(f"no '{name}' on the web page: {NOT_ON_THE_WEB[name]}")
        entry = known.get(name)
        if entry is None:
            if raw != "":
                tokens.append(f"--{name}={raw}")  # click names the unknown option in its own words
            continue
        if entry.option.is_flag:
            if raw != "":
                tokens += _flag_tokens(name, entry, raw)
            continue
        values = raw.splitlines() if entry.option.multiple else [raw]
        tokens += [f"{entry.token}={value}" for value in values if value.strip() != ""]
    return tokens


def parse(form: CommandForm, query: Iterable[tuple[str, str]], arguments: Sequence[str] = ()) -> Any:
    """The typed request of ``query`` for ``form``'s command; ``arguments`` are its positional arguments
    (the server's roster). Raise :class:`click.UsageError` or an ``Il2schedError`` as the command would."""
    group = click.Context(click.Group(form.prog), info_name=form.prog)
    try:
        tokens = command_line(form.command, query)
    except click.UsageError as exc:
        exc.ctx = click.Context(form.command, info_name=form.command.name, parent=group)
        raise
    if arguments:
        tokens += ["--", *arguments]
    with form.command.make_context(form.command.name, tokens, parent=group) as ctx:
        return form.request(**ctx.params)


def usage_problem(exc: click.UsageError) -> QueryProblem:
    """A click usage error as the command line prints it (``... (see 'il2sched generate --help')``)."""
    command = exc.ctx.command_path if exc.ctx else "il2sched"
    param = getattr(exc, "param", None)
    name = parameter_name(param) if isinstance(param, click.Parameter) else None
    return QueryProblem(f"{exc.format_message()} (see '{command} --help')", name)


def error_problem(message: str, parameter: str | None = None) -> QueryProblem:
    """An application error as the command line prints it: one line, or one line per bad roster row."""
    lines = tuple(message.splitlines()) or ("failed",)
    return QueryProblem(lines[-1], parameter, lines)
