"""Errors as the page says them: in its language, each beside the field it is about, and all of them in a
summary at the top.

The command line's line stays what ``/generate`` answers a script (:meth:`QueryProblem.text`); a person reads
the error's own words in the page's language (:func:`il2sched.core.messages.say`), options named by their
field's label, never ``--like-this``. Pure: an error and a language in, texts out.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from il2sched.app.commands import COMMANDS, GENERATE
from il2sched.app.options import Command
from il2sched.core.messages import say
from il2sched.errors import Il2schedError, RosterError
from il2sched.web.phrases import PAGE_PHRASES
from il2sched.web.query import QueryProblem


@dataclass(frozen=True, slots=True)
class PageError:
    """One error as the page shows it."""

    field: str  # the field it is about (its name: "start"), or "" when it is about no field
    label: str  # that field's label in the page's language, or ""
    beside: str  # the words beside its field or roster row
    summary: str  # the summary's line: the field's label and the message, or the whole message
    line: int = 0  # the roster line it is about, if any
    linked: bool = False  # the field is on the page's form: the summary links to it


def label_of(name: str, lang: str, command: Command = GENERATE) -> str:
    """The label of the field ``name`` in ``lang``: ``command``'s (its page's form), else the first command
    that declares it, else the name."""
    for each in (command, *COMMANDS):
        option = each.option(name)
        if option is not None:
            return option.label(lang)
    return name


def words(error: Il2schedError, lang: str, command: Command = GENERATE) -> str:
    """``error`` in the page's ``lang``, options named by their labels on ``command``'s form; an error not
    yet worded for the page (no key) in its own words, each ``--option`` named by its label."""
    said = say(error, lang, lambda name: label_of(name, lang, command))
    if said is not None:
        return said
    own = " ".join(str(error).split())
    if not own:
        return PAGE_PHRASES[lang]["error.unworded"]
    return _OPTION.sub(lambda found: f"'{label_of(found.group(1), lang, command)}'", own)


#: An option as the command line names it, in an error's own words.
_OPTION = re.compile(r"(?<![\w-])--([a-z][a-z0-9-]*)")


#: Errors that only say where another one is: beside that place, the other one says it all.
WRAPPERS = ("option.invalid", "file.line")


def beside(error: Il2schedError, lang: str, command: Command = GENERATE) -> str:
    """What the page shows beside the field or the roster row ``error`` is about: a wrapper naming the field
    ("invalid value for 'Reminders': ...") or the line gives way to the problem itself, since the field or
    the row is right there."""
    problem = error.params.get("problem") if error.key in WRAPPERS else None
    return words(problem if isinstance(problem, Il2schedError) else error, lang, command)


def page_errors(
    problem: QueryProblem | Il2schedError | None,
    lang: str,
    command: Command = GENERATE,
    on_form: Collection[str] = (),
) -> tuple[PageError, ...]:
    """The errors of ``problem`` as ``command``'s page shows them (a roster's: one per line); those about
    a field ``on_form`` link to it."""
    error = problem.error if isinstance(problem, QueryProblem) else problem
    if error is None:
        return ()
    others = problem.others if isinstance(problem, QueryProblem) else ()
    return tuple(
        _shown(e, lang, line, command, on_form) for each in (error, *others) for e, line in _each(each)
    )


def _each(error: Il2schedError) -> Iterable[tuple[Il2schedError, int]]:
    if isinstance(error, RosterError) and error.errors:
        return zip(error.errors, error.lines or (0,) * len(error.errors), strict=False)
    return ((error, 0),)


def _shown(
    error: Il2schedError, lang: str, line: int, command: Command, on_form: Collection[str]
) -> PageError:
    field = "" if line else error.option or ""  # a roster row's error is about its row, not a field
    said = beside(error, lang, command)
    if not field:
        return PageError("", "", said, words(error, lang, command), line)
    label = label_of(field, lang, command)
    colon = "\u202f: " if lang == "fr" else ": "
    return PageError(field, label, said, f"{label}{colon}{said}", line, field in on_form)
