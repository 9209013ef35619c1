"""Each command's own options, declared once, and each command's options in the help's and the page's order.

The options every command shares are in :mod:`il2sched.app.option_table`; what each part of a declaration
means is in :mod:`il2sched.app.options`. Options that say how to run a command (where to write, on how many
processes, which server) are declared here too, each with the reason it is not on the page, not a roster
column and not stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from il2sched.app.formats import SCHEDULE_FORMATS, WORKLIST_FORMATS
from il2sched.app.option_table import SCHEDULE_OPTIONS
from il2sched.app.options import (
    ByLink,
    Choice,
    Column,
    Command,
    Field,
    Kind,
    NotOnPage,
    NotRoster,
    NotStored,
    Option,
    Stored,
    Words,
    one_of,
    whole_number,
)
from il2sched.core import parsing
from il2sched.core.schedule import check_patient_code

#: Why an option of one run is neither a roster column nor stored: it is not about a patient.
ONE_RUN = "it says how to run one command, not about a patient"
#: Why the command line's run options are not on the page.
COMMAND_LINE = "the command line's: the page does not run this command"


def _day(value: dt.date) -> str:
    return value.isoformat()


def _formats(text: str) -> tuple[str, ...]:
    return tuple(text.split(","))


def _run(name: str, field: str, help: Words, label: Words, **more: Any) -> Option:
    """An option of the command line's run only: not on the page, not a roster column, not stored."""
    return Option(
        name, field, help, label, NotOnPage(COMMAND_LINE), NotRoster(ONE_RUN), NotStored(ONE_RUN), **more
    )


START = Option(
    "start", "start",
    Words("Study day 1: the Monday of protocol week 1 for a regimen tied to weekdays (the built-in one), any "
          "day for a regimen of study days.",
          "Jour 1 de l'étude : le lundi de la semaine 1 pour un protocole lié aux jours de la semaine (celui "
          "intégré), n'importe quel jour pour un protocole en jours d'étude."),
    Words("Start date (study day 1: the Monday of week 1 for a weekly protocol)",
          "Date de début (jour 1 : le lundi de la semaine 1 d'un protocole hebdomadaire)"),
    Field("main", input_type="date", attrs="required"),
    Column("start", required=True), Stored("start"),
    parse=parsing.parse_date, show=_day, metavar="YYYY-MM-DD",
)  # fmt: skip
PATIENT = Option(
    "patient", "patient",
    Words("Pseudonymous patient code (letters, digits, . _ -; at most 32). Never a name.",
          "Code patient pseudonyme (lettres, chiffres, . _ - ; 32 au plus). Jamais un nom."),
    Words("Patient code", "Code patient"),
    Field("main", attrs='autocomplete="off" spellcheck="false" maxlength="32"',
          hint=Words("Pseudonymous code: letters, digits, . _ - (at most 32). Never a name.",
                     "Code pseudonyme : lettres, chiffres, . _ - (32 au plus). Jamais un nom.")),
    Column("patient", required=True), Stored("patient"),
    parse=check_patient_code, metavar="CODE",
)  # fmt: skip
ALIGN = Option(
    "align", "align",
    Words("Move a start that is not a Monday to the next or previous Monday (a regimen tied to weekdays).",
          "Déplacer un début qui n'est pas un lundi au lundi suivant ou précédent (protocole lié aux jours "
          "de la semaine)."),
    Words("Start that is not a Monday", "Début qui n'est pas un lundi"),
    Field("more", "choice", empty=Words("refuse it", "le refuser")),
    NotRoster("a roster's start is checked as it is: write the Monday"),
    NotStored("the stored start is the Monday it moved to"),
    parse=one_of("alignment", ("next", "previous")), metavar="[next|previous]",
    choices=(Choice("next", Words("move it to the next Monday", "le déplacer au lundi suivant")),
             Choice("previous", Words("move it to the previous Monday", "le déplacer au lundi précédent"))),
)  # fmt: skip
#: Why a printed period is neither a roster column nor stored: it is one printout's, not the patient's.
ONE_PRINTOUT = "a period is one printout's (a month of a long course), not something about the patient"
PERIOD_FROM = Option(
    "from", "period_from",
    Words("Print only the doses from this day on: the sheet (HTML, PDF) and the table. Calendars, CSV, JSON "
          "and FHIR always hold the whole course.",
          "N'imprimer que les doses à partir de ce jour : la fiche (HTML, PDF) et le tableau. Les "
          "calendriers, CSV, JSON et FHIR contiennent toujours tout le traitement."),
    Words("Print the doses from (sheet and table of a long course)",
          "Imprimer les doses à partir du (fiche et tableau d'un long traitement)"),
    Field("more", input_type="date"),
    NotRoster(ONE_PRINTOUT), NotStored(ONE_PRINTOUT),
    parse=parsing.parse_date, show=_day, metavar="YYYY-MM-DD",
)  # fmt: skip
PERIOD_TO = Option(
    "to", "period_to",
    Words("Print only the doses until this day (inclusive): the sheet and the table, as --from.",
          "N'imprimer que les doses jusqu'à ce jour (inclus) : la fiche et le tableau, comme --from."),
    Words("Print the doses until (inclusive)", "Imprimer les doses jusqu'au (inclus)"),
    Field("more", input_type="date"),
    NotRoster(ONE_PRINTOUT), NotStored(ONE_PRINTOUT),
    parse=parsing.parse_date, show=_day, metavar="YYYY-MM-DD",
)  # fmt: skip
SCHEDULE_FORMAT = Option(
    "format", "format",
    Words(f"{', '.join(SCHEDULE_FORMATS)}; default from the -o suffix, else table.",
          f"{', '.join(SCHEDULE_FORMATS)} ; par défaut selon le suffixe de -o, sinon table."),
    Words("Format", "Format"),
    ByLink("each download link names its format"),
    NotRoster("batch's -f names the formats of every patient"), NotStored(ONE_RUN),
    metavar="FORMAT", short="-f",
)  # fmt: skip
OUTPUT = Option(
    "output", "output",
    Words("Output file, written atomically; - for standard output.",
          "Fichier de sortie, écrit d'un coup ; - pour la sortie standard."),
    Words("Output file", "Fichier de sortie"),
    NotOnPage("the response itself is the output"), NotRoster(ONE_RUN), NotStored(ONE_RUN),
    default="-", metavar="PATH", short="-o",
)  # fmt: skip
FROM = Option(
    "from", "first",
    Words("First day of the worklist.", "Premier jour de la liste de travail."),
    Words("First day", "Premier jour"),
    Field("main", input_type="date", attrs="required", ward=True),
    NotRoster(ONE_RUN), NotStored(ONE_RUN),
    parse=parsing.parse_date, show=_day, metavar="YYYY-MM-DD",
)  # fmt: skip
DAYS = Option(
    "days", "days",
    Words("Number of days (1 to 366).", "Nombre de jours (1 à 366)."),
    Words("Number of days", "Nombre de jours"),
    Field("main", input_type="number", attrs='min="1" max="366"', ward=True),
    NotRoster(ONE_RUN), NotStored(ONE_RUN),
    parse=whole_number("days", 1, 366), default=1, metavar="INTEGER",
)  # fmt: skip
WORKLIST_FORMAT = Option(
    "format", "format",
    Words(f"{', '.join(WORKLIST_FORMATS)}; default from the -o suffix, else table.",
          f"{', '.join(WORKLIST_FORMATS)} ; par défaut selon le suffixe de -o, sinon table."),
    Words("Format", "Format"),
    ByLink("each download link names its format"), NotRoster(ONE_RUN), NotStored(ONE_RUN),
    metavar="FORMAT", short="-f",
)  # fmt: skip
OUTDIR = _run(
    "outdir",
    "outdir",
    Words("Folder for the outputs (replaced whole).", "Dossier des sorties (remplacé en entier)."),
    Words("Output folder", "Dossier des sorties"),
    metavar="OUTDIR",
    short="-d",
)
FORMATS = _run(
    "formats",
    "formats",
    Words(
        f"Comma-separated formats for each patient: {', '.join(SCHEDULE_FORMATS)}.",
        f"Formats de chaque patient, séparés par des virgules : {', '.join(SCHEDULE_FORMATS)}.",
    ),
    Words("Formats", "Formats"),
    parse=_formats,
    show=",".join,
    default=("ics", "csv"),
    metavar="LIST",
    short="-f",
)
JOBS = _run(
    "jobs",
    "jobs",
    Words("Worker processes; default: every core.", "Processus de travail ; par défaut : un par cœur."),
    Words("Worker processes", "Processus de travail"),
    parse=whole_number("processes", 1, 256),
    metavar="N",
    short="-j",
)
URL = _run(
    "url",
    "url",
    Words(
        "CalDAV server or principal URL (https://...).",
        "URL du serveur CalDAV ou du principal (https://...).",
    ),
    Words("CalDAV URL", "URL CalDAV"),
    metavar="URL",
)
CALENDAR = _run(
    "calendar",
    "calendar",
    Words("Display name of the calendar; created if missing.", "Nom affiché de l'agenda ; créé s'il manque."),
    Words("Calendar", "Agenda"),
    metavar="NAME",
)
USERNAME = _run(
    "username",
    "username",
    Words("CalDAV user name.", "Nom d'utilisateur CalDAV."),
    Words("User name", "Nom d'utilisateur"),
    metavar="USER",
)
ROSTER = _run(
    "roster",
    "roster",
    Words(
        "Publish every patient of a roster, not just one.",
        "Publier tous les patients d'une liste, pas un seul.",
    ),
    Words("Roster", "Liste des patients"),
    metavar="ROSTER.csv",
)
DRY_RUN = _run(
    "dry-run",
    "dry_run",
    Words(
        "Show what would change on the server; change nothing.",
        "Montrer ce qui changerait sur le serveur, sans rien changer.",
    ),
    Words("Dry run", "Essai à blanc"),
    kind=Kind.FLAG,
)
INSECURE_HTTP = _run(
    "insecure-http",
    "insecure_http",
    Words(
        "Allow plain http to another machine (the password then travels in clear).",
        "Permettre http sans chiffrement vers une autre machine (le mot de passe circule alors en clair).",
    ),
    Words("Plain http", "http sans chiffrement"),
    kind=Kind.FLAG,
)

DB = Option(
    "db", "db",
    Words("The ward record: sqlite:///PATH, postgresql://USER@HOST/NAME or a file's path (default: "
          "IL2SCHED_DB, else ward.db in the user's data folder).",
          "Le registre du service : sqlite:///CHEMIN, postgresql://UTILISATEUR@HÔTE/NOM ou le chemin d'un "
          "fichier (par défaut : IL2SCHED_DB, sinon ward.db dans le dossier de données de l'utilisateur)."),
    Words("Ward record", "Registre du service"),
    NotOnPage("the page's server says which ward record it serves; a query never names a database"),
    NotRoster("a roster is the other list of patients: --db takes them from the ward record instead"),
    NotStored("it says where the ward record is, not something about a patient"),
    metavar="URL",
)  # fmt: skip

GENERATE = Command(
    "generate",
    (START, PATIENT, *SCHEDULE_OPTIONS, ALIGN, PERIOD_FROM, PERIOD_TO, SCHEDULE_FORMAT, OUTPUT, DB),
    frozenset({"start"}),
)
WORKLIST = Command(
    "worklist", (FROM, DAYS, *SCHEDULE_OPTIONS, WORKLIST_FORMAT, OUTPUT, DB), frozenset({"from"})
)
BATCH = Command("batch", (OUTDIR, FORMATS, JOBS, *SCHEDULE_OPTIONS, DB), frozenset({"outdir"}))
PUBLISH = Command(
    "publish",
    (URL, CALENDAR, USERNAME, ROSTER, START, PATIENT, DRY_RUN, INSECURE_HTTP, *SCHEDULE_OPTIONS, DB),
    frozenset({"url", "calendar", "username"}),
)
#: Every command whose options are declared here.
COMMANDS = (GENERATE, WORKLIST, BATCH, PUBLISH)
