"""The options of ``report`` and ``export ex|fhir``, declared once (what a declaration means:
:mod:`il2sched.app.options`). None is a roster column or a stored option: each says how to run one report."""

from __future__ import annotations

import datetime as dt

from il2sched.app.commands import DB, ONE_RUN, OUTPUT
from il2sched.app.option_table import LANG
from il2sched.app.options import Command, Kind, NotOnPage, NotRoster, NotStored, Option, Words, one_of
from il2sched.core import parsing

#: The report's formats, each a renderer module ``il2sched.export.report_<format>``.
REPORT_FORMATS = ("table", "csv", "json")
#: Why the report's options are not on the page (the ward's page shows the report itself).
NOT_ON_PAGE = "the ward's page shows the report; the command line writes it"


def _day(value: dt.date) -> str:
    return value.isoformat()


def _run(name: str, field: str, help: Words, label: Words, **more: object) -> Option:
    return Option(
        name, field, help, label, NotOnPage(NOT_ON_PAGE), NotRoster(ONE_RUN), NotStored(ONE_RUN),
        **more,  # type: ignore[arg-type]
    )  # fmt: skip


WARD = _run(
    "ward", "ward",
    Words("Every active patient: deviations, overdue doses and adherence to date.",
          "Tous les patients actifs : écarts, injections en retard et observance à ce jour."),
    Words("Whole ward", "Tout le service"),
    kind=Kind.FLAG,
)  # fmt: skip
AS_OF = _run(
    "as-of", "as_of",
    Words("Judge the doses on this day (default: today in the patient's zone): what was given after it is "
          "not counted, and a dose is overdue when its window ended before it.",
          "Juger les injections à ce jour (par défaut : aujourd'hui dans le fuseau du patient) : ce qui a "
          "été administré après n'est pas compté, et une injection est en retard quand sa fenêtre s'est "
          "terminée avant."),
    Words("As of", "À la date du"),
    parse=parsing.parse_date, show=_day, metavar="YYYY-MM-DD",
)  # fmt: skip
REPORT_FORMAT = _run(
    "format", "format",
    Words(f"{', '.join(REPORT_FORMATS)}; default from the -o suffix, else table.",
          f"{', '.join(REPORT_FORMATS)} ; par défaut selon le suffixe de -o, sinon table."),
    Words("Format", "Format"),
    parse=one_of("format", REPORT_FORMATS), metavar="[table|csv|json]", short="-f",
)  # fmt: skip
REPORT_LANG = LANG._replace(
    help=Words("Language of the report's words (default: the patient's; the ward's: en).",
               "Langue des mots du rapport (par défaut : celle du patient ; pour le service : en)."),
    default=None,
)  # fmt: skip
REPORT = Command("report", (WARD, AS_OF, REPORT_FORMAT, REPORT_LANG, OUTPUT, DB))
EXPORT_EX = Command("export ex", (OUTPUT, DB), frozenset({"output"}))
EXPORT_FHIR = Command("export fhir", (REPORT_LANG, OUTPUT, DB), frozenset({"output"}))
