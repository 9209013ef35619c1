"""What a worker process draws (:class:`~il2sched.web.workers.Sheets`): the printed documents, by the
application's own functions, so the bytes are the command line's. Plain functions of picklable values: a
worker imports this module, not the web stack."""

from __future__ import annotations

from typing import Any

from il2sched.app.formats import WORKLIST_FORMATS
from il2sched.app.generate import generate
from il2sched.app.requests import GenerateRequest
from il2sched.errors import Il2schedError
from il2sched.web.query import QueryProblem, problem_of


def schedule_document(request: GenerateRequest) -> bytes | QueryProblem:
    """``request``'s document (``il2sched generate``'s bytes), or the problem the command line would report
    (an error's own class may not survive the way back: its words do)."""
    try:
        return generate(request).data
    except Il2schedError as exc:
        return problem_of(exc)


def worklist_document(format_name: str, days: Any, options: Any) -> bytes:
    """A worklist's days drawn in the format called ``format_name``, with the planner's render options."""
    data: bytes = WORKLIST_FORMATS[format_name].renderer()(days, options)
    return data
