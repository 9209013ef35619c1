"""Error messages by key: the command line's English line and the page's words in English and French, from
one raise.

An error a person can meet on the page is raised with :func:`keyed`: a key of the tables in
:mod:`.phrases_errors` and its parameters. Its text (``str(error)``) is the command line's line, written
from the ``cli`` table; the page says the same error in its own language (:func:`say`), naming a field by
its label where the command line names an option (a parameter :class:`Opt`). Nothing reads an English
message back: the key and the parameters travel with the error (``Il2schedError.key``, ``.params``).

Parameters are plain values (shown as ``str`` gives them: numbers, ISO dates, texts already quoted), or:

- :class:`Opt`: an option, ``--name`` on the command line, the field's label on the page;
- :class:`Phrase`: words of the tables (a weekday, "the roster", "a number"), in the message's language;
- :class:`Alternatives`: values listed with "or" ("a, b or c"; "a, b ou c");
- an :class:`~il2sched.errors.Il2schedError`: another error's message, said in the same language (the
  problem a wrapper such as "invalid value for '--remind': ..." is about).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from il2sched.core.phrases_errors import CLI, ERROR_PHRASES
from il2sched.errors import Il2schedError

E = TypeVar("E", bound=Il2schedError)
#: How a face names an option: the command line writes ``--name``, the page the field's label.
OptionWords = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Opt:
    """An option a message names (``--closed`` on the command line, "Site closures" on the page)."""

    name: str


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words of the error tables, with their own parameters, in the message's language."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Alternatives:
    """Values to choose from, joined with the language's "or"."""

    values: tuple[str, ...]


def cli_option(name: str) -> str:
    """An option as the command line names it."""
    return f"--{name}"


def keyed(make: Callable[[str], E], key: str, /, *, option: str | None = None, **params: object) -> E:
    """The error ``make`` builds (an :class:`~il2sched.errors.Il2schedError` class, or a function making
    one of a message) for ``key`` of the tables and ``params``: its text is the command line's line."""
    error = make(render(key, params, CLI, cli_option))
    error.key, error.params = key, dict(params)
    if option is not None:
        error.option = option
    return error


def say(error: Il2schedError, lang: str, option_words: OptionWords = cli_option) -> str | None:
    """``error`` in ``lang`` (``"cli"``, ``"en"`` or ``"fr"``), options named by ``option_words``; ``None``
    when it carries no key (an error the page cannot meet, or one not yet worded)."""
    if error.key is None:
        return None
    return render(error.key, error.params, lang, option_words)


def render(key: str, params: Mapping[str, object], lang: str, option_words: OptionWords) -> str:
    """The template ``key`` in ``lang`` with ``params`` filled in."""
    values = {name: _value(value, lang, option_words) for name, value in params.items()}
    return template(key, lang).format(**values)


def template(key: str, lang: str) -> str:
    """The words of ``key`` in ``lang``: the page's English is the command line's unless it names an option
    the command line's way (then it has its own)."""
    table = ERROR_PHRASES[lang]
    if key in table:
        return table[key]
    if lang == "en":
        return ERROR_PHRASES[CLI][key]
    raise KeyError(f"no {lang} words for the error {key!r}")


def _value(value: Any, lang: str, option_words: OptionWords) -> str:
    if isinstance(value, Opt):
        return option_words(value.name)
    if isinstance(value, Phrase):
        return render(value.key, value.params, lang, option_words)
    if isinstance(value, Alternatives):
        *first, last = value.values or ("",)
        return f"{', '.join(first)}{template('word.or', lang)}{last}" if first else last
    if isinstance(value, Il2schedError):
        said = say(value, lang, option_words)
        return str(value) if said is None else said
    return str(value)
