"""Site closure files: one date or inclusive range per line, ``#`` comments, blank lines ignored."""

from __future__ import annotations

import datetime as dt

from il2sched.core.closed_days import merge_spans
from il2sched.core.messages import Opt, Phrase, keyed
from il2sched.core.parsing import parse_span
from il2sched.errors import ClosureError, InvalidValue
from il2sched.sources.files import read_input


def read_closed_file(path: str) -> tuple[tuple[dt.date, dt.date], ...]:
    """The closed days listed in ``path``, as sorted spans that neither overlap nor touch (a file may repeat a
    range thousands of times; the days closed are what counts). An error names the file and the line."""
    hint = Phrase("hint.closures", {"closed_file": Opt("closed-file")})
    text = read_input(path, Phrase("term.closures_file"), ClosureError, hint)
    spans: dict[str, tuple[dt.date, dt.date]] = {}  # each distinct line is read once
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split("#", 1)[0].strip()
        if not content or content in spans:
            continue
        try:
            spans[content] = parse_span(content)
        except InvalidValue as exc:
            raise keyed(ClosureError, "file.line", name=path, line=number, problem=exc) from None
    return tuple(merge_spans(spans.values()))
