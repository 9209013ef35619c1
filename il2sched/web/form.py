"""The page's forms, from the options' declaration: every option with a :class:`~il2sched.app.options.Field`
is a labelled field, in the declared order, in the part of the form it names.

Pure: the declaration and the query's current values in, what the templates lay out out.
"""

from __future__ import annotations

from dataclasses import dataclass

from il2sched.app.options import Command, Field, Kind
from il2sched.web.phrases import PAGE_PHRASES
from il2sched.web.query import Query, QueryProblem

#: The folded parts of the schedule form: their summary (a page phrase), and whether a value typed in one of
#: their fields keeps them open (the body size does; the rarer options open only to show a problem).
SECTIONS = {"body": ("form.body", True), "more": ("form.more", False)}


@dataclass(frozen=True, slots=True)
class FormField:
    """One field as the template draws it."""

    name: str
    widget: str  # "text", "area", "choice" or "flag"
    label: str
    value: str
    hint: str = ""
    input_type: str = "text"
    attrs: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the form: the main fields (no summary), or a folded part."""

    summary: str
    fields: tuple[FormField, ...]
    open: bool = True


def current_values(command: Command, query: Query) -> dict[str, str]:
    """The form's values of ``query``: a repeatable option's values as a text area's lines, the last value
    of any other."""
    values: dict[str, str] = {}
    for name, value in query:
        option = command.option(name)
        if option is not None and option.kind is Kind.MANY and name in values:
            values[name] = f"{values[name]}\n{value}"
        else:
            values[name] = value
    return values


def sections(
    command: Command, values: dict[str, str], lang: str, problem: QueryProblem | None, *, ward: bool = False
) -> tuple[Section, ...]:
    """The parts of ``command``'s form (``ward``: the worklist page's fields only), filled with ``values``."""
    parts: dict[str, list[FormField]] = {}
    for option in command.options:
        page = option.page
        if not isinstance(page, Field) or (ward and not page.ward):
            continue
        choices = tuple((c.value, c.label(lang)) for c in option.choices)
        if page.empty is not None:
            choices = (("", page.empty(lang)), *choices)
        value = values.get(option.name, option.default_text or "")
        hint = page.hint(lang) if page.hint is not None else ""
        drawn = FormField(
            option.name, page.widget, option.label(lang), value, hint, page.input_type, page.attrs, choices
        )
        parts.setdefault("main" if ward else page.section, []).append(drawn)
    out = []
    for key, fields in parts.items():
        if key not in SECTIONS:
            out.append(Section("", tuple(fields)))
            continue
        phrase, filled_opens = SECTIONS[key]
        names = {f.name for f in fields}
        opened = (problem is not None and problem.parameter in names) or (
            filled_opens and any(values.get(n) for n in names)
        )
        out.append(Section(PAGE_PHRASES[lang][phrase], tuple(fields), opened))
    return tuple(out)
