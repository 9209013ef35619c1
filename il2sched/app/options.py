"""How an option is declared, once for every face and every use (the declarations themselves:
:mod:`il2sched.app.option_table` and :mod:`il2sched.app.commands`).

An :class:`Option` says everything about one option of ``generate``, ``worklist``, ``batch`` and ``publish``:
its name (the long option, the query parameter), how its text is parsed (core.parsing's parsers) and written
back, its default, its help and its label on the page in English and French, its field on the page's form,
its roster column (or why it has none) and its name in the ward record (or why it has none). The rest
derives from it:

- the command line's click options (``cli/params.py``) and the web page's query (``web/query.py``) hand the
  same texts to :func:`parse_values`, so both faces build the same request with the same checks and the
  same messages; an error names its option (``Il2schedError.option``), and the page shows it by that name
  beside the field;
- :class:`~il2sched.app.requests.ScheduleOptions`'s defaults, and its stored record (``options_record``);
- the page's forms (``web/form.py``) and the roster's columns (``app/roster.py``).

Pure data and plain functions: no click, no HTTP, so every run imports it for almost nothing. The records
are named tuples (immutable and typed like frozen dataclasses) because every run creates these classes, and a
named tuple's class costs a seventh of a dataclass's at start-up.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

from il2sched.core.messages import Alternatives, Opt, Phrase, keyed
from il2sched.core.typography import french_spacing
from il2sched.errors import Il2schedError, InvalidValue

#: An option's value as typed: a text, a repeatable option's texts, a flag's presence; None when absent.
Raw = str | bool | Sequence[str] | None
#: An option's field as the ward record stores it (JSON).
Json = None | bool | str | list[str]


class Kind(enum.Enum):
    """How an option is written."""

    VALUE = "value"  # --tz ZONE; given twice, the last counts (as on every command line)
    MANY = "many"  # repeatable: --remind 1h --remind 1d (on the page, one value a line)
    FLAG = "flag"  # present or not: --no-weekends (in a query: no-weekends=1)


class Words(NamedTuple):
    """A text in English and in French."""

    en: str
    fr: str

    def __call__(self, lang: str) -> str:
        """The text in ``lang`` (English for any language il2sched does not write; French set as French
        printers set it)."""
        return french_spacing(self.fr) if lang == "fr" else self.en


class Choice(NamedTuple):
    """One value a choice option accepts, and its label on the page."""

    value: str
    label: Words


class Field(NamedTuple):
    """The option's field on the page's form: in which part, drawn how, with which browser checks."""

    section: str  # "main"; "body" and "more" are folded (web/form.py's SECTIONS)
    widget: str = "text"  # "text", "area" (one value a line), "choice" or "flag"
    input_type: str = "text"  # an <input>'s type: "date", "time", "number"...
    attrs: str = ""  # further attributes of the field, the limits the browser checks as one types
    hint: Words | None = None
    ward: bool = False  # on the worklist page's form too
    empty: Words | None = None  # a choice's entry for leaving the option out, if it has one


class ByLink(NamedTuple):
    """Taken in a query but not a field of the form: the page's links set it."""

    reason: str
    variant_of: str | None = None  # offered as its own download of this format (excel: of csv)


class NotOnPage(NamedTuple):
    """Refused in a query, saying why."""

    reason: str


class Column(NamedTuple):
    """The roster column that gives the option per patient (an empty cell takes the command's value)."""

    name: str
    required: bool = False
    split: bool = False  # several values in one cell, separated by spaces ("3:1 4:1")


class NotRoster(NamedTuple):
    """Why the option is not a roster column."""

    reason: str


class Stored(NamedTuple):
    """The name of the option's field in the ward record; never renamed once records exist."""

    name: str


class NotStored(NamedTuple):
    """Why the ward record does not keep the option (it says how to run a command, not about a patient)."""

    reason: str


class Option(NamedTuple):
    """One option, declared once (see the module's documentation)."""

    name: str  # the long option without its dashes, and the query parameter: "on-holiday"
    field: str  # the attribute of ScheduleOptions (or of the command's request) its value sets
    help: Words  # the command line's help
    label: Words  # the page's label
    page: Field | ByLink | NotOnPage
    roster: Column | NotRoster
    stored: Stored | NotStored
    kind: Kind = Kind.VALUE
    parse: Callable[[str], Any] = str  # a text as typed to the field's value (InvalidValue if malformed)
    show: Callable[[Any], str] = str  # a value back to the text parse reads
    default: Any = None  # the field's value when the option is absent
    metavar: str = ""
    short: str = ""  # "-o"
    choices: tuple[Choice, ...] = ()
    sets: Any = True  # a flag: its field's value when it is given
    collect: Callable[[tuple[Any, ...]], Any] = tuple  # repeatable: the field's value of all the values
    items: Callable[[Any], Iterable[Any]] = iter  # repeatable: the field's value back to the values

    @property
    def key(self) -> str:
        """The option as a Python name (click's parameter name): ``on_holiday``."""
        return self.name.replace("-", "_")

    @property
    def default_text(self) -> str | None:
        """The default as one would type it (the help's ``[default: ...]``, the form's value), if any."""
        if self.kind is not Kind.VALUE or self.default is None:
            return None
        return self.show(self.default) or None


class Command(NamedTuple):
    """A command's options, in the order the help and the page list them, and those it cannot do without."""

    name: str
    options: tuple[Option, ...]
    required: frozenset[str] = frozenset()

    def option(self, name: str) -> Option | None:
        """The option called ``name`` (as typed: ``on-holiday``), if the command has it."""
        return next((o for o in self.options if o.name == name), None)


def invalid(option: Option, problem: Il2schedError) -> InvalidValue:
    """``problem`` with a value of ``option``, as one line naming the option (the page shows ``problem``
    beside the option's field)."""
    return keyed(InvalidValue, "option.invalid", option=option.name, field=Opt(option.name), problem=problem)


def parse_text(option: Option, text: str) -> Any:
    """``text`` as ``option``'s value, or :class:`InvalidValue` naming the option."""
    try:
        return option.parse(text)
    except Il2schedError as exc:
        raise invalid(option, exc) from None


def collect(option: Option, values: tuple[Any, ...]) -> Any:
    """A repeatable option's field value of its parsed ``values`` (a cycle delayed twice is refused)."""
    try:
        return option.collect(values)
    except Il2schedError as exc:
        raise invalid(option, exc) from None


def parse_values(
    options: Iterable[Option], raw: Mapping[str, Raw], required: Collection[str] = ()
) -> dict[str, Any]:
    """Every option's value, by key: ``raw``'s texts parsed, the defaults for the others, in declaration
    order (so the first bad option is the one reported, whichever face it came from).

    A flag's value is whether it was given; an absent option in ``required`` is an error.
    """
    values: dict[str, Any] = {}
    for option in options:
        given = raw.get(option.key)
        if option.kind is Kind.FLAG:
            values[option.key] = bool(given)
        elif option.kind is Kind.MANY:
            texts = () if given is None or isinstance(given, bool | str) else tuple(given)
            values[option.key] = collect(option, tuple(parse_text(option, t) for t in texts))
        elif isinstance(given, str):
            values[option.key] = parse_text(option, given)
        elif option.name in required:
            key = "option.missing" if option.metavar else "option.missing_bare"
            raise keyed(InvalidValue, key, option=option.name, metavar=option.metavar, field=Opt(option.name))
        else:
            values[option.key] = option.default
    return values


def field_values(options: Iterable[Option], values: Mapping[str, Any]) -> dict[str, Any]:
    """The fields ``options`` set from their parsed ``values``: a flag sets its field only when given (so
    ``--no-holidays`` clears the country ``--country`` set)."""
    fields: dict[str, Any] = {}
    for option in options:
        value = values[option.key]
        if option.kind is not Kind.FLAG:
            fields[option.field] = value
        elif value:
            fields[option.field] = option.sets
    return fields


@contextmanager
def about(name: str) -> Iterator[None]:
    """An error raised inside is about option ``name`` unless it already names one (the page shows it
    beside that field)."""
    try:
        yield
    except Il2schedError as exc:
        if exc.option is None:
            exc.option = name
        raise


def one_of(what: str, values: Sequence[str]) -> Callable[[str], str]:
    """A parser of one of ``values``, whatever the letters' case (a roster typed ``FR``); ``what`` is a
    ``term.`` key of the error tables ("language")."""

    def parse(text: str) -> str:
        word = text.strip().lower()
        if word not in values:
            raise keyed(
                InvalidValue, "option.one_of", what=Phrase(f"term.{what}"), text=repr(text),
                choices=Alternatives(tuple(values)),
            )  # fmt: skip
        return word

    return parse


def whole_number(what: str, low: int, high: int) -> Callable[[str], int]:
    """A parser of a whole number from ``low`` to ``high`` (ASCII digits); ``what`` is a ``term.`` key of
    the error tables ("days")."""

    def parse(text: str) -> int:
        digits = text.strip()
        if not (digits.isascii() and digits.isdigit()) or not low <= int(digits) <= high:
            raise keyed(
                InvalidValue,
                "option.number",
                text=repr(text),
                what=Phrase(f"term.{what}"),
                low=low,
                high=high,
            )
        return int(digits)

    return parse


def dump(option: Option, value: Any) -> Json:
    """The field value ``value`` of ``option`` as the ward record stores it (a text, texts, a flag, null)."""
    if option.kind is Kind.FLAG:
        return bool(value)
    if option.kind is Kind.MANY:
        return [option.show(item) for item in option.items(value)]
    return None if value is None else option.show(value)


def load(option: Option, stored: Json) -> Any:
    """The field value ``stored`` by :func:`dump`, parsed and checked again as if typed."""
    if option.kind is Kind.FLAG and isinstance(stored, bool):
        return stored
    if option.kind is Kind.MANY and isinstance(stored, list):
        return collect(option, tuple(parse_text(option, text) for text in stored))
    if option.kind is Kind.VALUE and (stored is None or isinstance(stored, str)):
        return None if stored is None else parse_text(option, stored)
    raise InvalidValue(f"the stored value of '--{option.name}' is {stored!r}, not a {option.kind.value}")
