"""The options that shape every patient's schedule and outputs (``ScheduleOptions``), each declared once.

``generate``, ``worklist``, ``batch`` and ``publish`` all take them (:mod:`il2sched.app.commands` adds each
command's own). Their order is the help's and the page's. What each part means: :mod:`il2sched.app.options`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from il2sched.app.options import (
    ByLink,
    Choice,
    Column,
    Field,
    Kind,
    NotRoster,
    NotStored,
    Option,
    Stored,
    Words,
    one_of,
    whole_number,
)
from il2sched.core import parsing
from il2sched.core.dosing import BSA_RANGE, HEIGHT_RANGE, WEIGHT_RANGE
from il2sched.core.messages import Phrase
from il2sched.core.options import DEFAULT_DURATION, DEFAULT_PAPER
from il2sched.core.schedule import DEFAULT_TZ, Policy
from il2sched.core.texts import LANGUAGES

#: Why most options are not roster columns: they are the ward's, the same for every patient of a run.
WARD_WIDE = "the ward's choice, the same for every patient of a run (give it as an option)"


def _clock(value: dt.time) -> str:
    return value.strftime("%H:%M")


def _span(value: tuple[dt.date, dt.date]) -> str:
    first, last = value
    return first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"


def _delay(value: tuple[int, int]) -> str:
    return f"{value[0]}:{value[1]}"


def _delays(value: Mapping[int, int]) -> list[tuple[int, int]]:
    return sorted(value.items())


def _measure(value: Decimal) -> str:
    return format(value, "f")  # 170, never 1.7E+2


def _minutes(text: str) -> dt.timedelta:
    return dt.timedelta(minutes=whole_number("minutes", 1, 24 * 60)(text))


def _in_minutes(value: dt.timedelta) -> str:
    return str(int(value.total_seconds()) // 60)


def _site(text: str) -> str:
    return parsing.check_text(text, Phrase("term.site_name"))


def _policy(text: str) -> Policy:
    return Policy(one_of("policy", tuple(Policy))(text))


def _yes_no(text: str) -> bool:
    """A roster cell of a flag: yes or no (1/0, true/false too), whatever the letters' case."""
    return one_of("yes_no", ("yes", "no", "1", "0", "true", "false"))(text) in ("yes", "1", "true")


def _yes_no_text(value: bool) -> str:
    return "yes" if value else "no"


def _limits(bounds: tuple[Decimal, Decimal], step: str) -> str:
    return f'min="{bounds[0]}" max="{bounds[1]}" step="{step}"'


LANG = Option(
    "lang", "lang",
    Words("Language of every human-readable text.", "Langue de tous les textes lisibles."),
    Words("Language", "Langue"),
    ByLink("the page's language switch sets it: the page and its outputs speak one language"),
    Column("lang"), Stored("lang"),
    parse=one_of("language", LANGUAGES), default="en", metavar="[en|fr]",
    choices=(Choice("en", Words("English", "English")), Choice("fr", Words("Français", "Français"))),
)  # fmt: skip
TIME = Option(
    "time", "time",
    Words("Time of each administration; all-day without it.",
          "Heure de chaque administration ; sans elle, des événements sur toute la journée."),
    Words("Time of each administration", "Heure de chaque administration"),
    Field("main", input_type="time", hint=Words("Leave empty for all-day calendar events.",
                                                "Laisser vide pour des événements sur toute la journée.")),
    Column("time"), Stored("time"),
    parse=parsing.parse_time, show=_clock, metavar="HH:MM",
)  # fmt: skip
TZ = Option(
    "tz", "tz",
    Words("IANA time zone of --time.", "Fuseau horaire IANA de --time."),
    Words("Time zone", "Fuseau horaire"),
    Field("main", attrs='autocomplete="off" spellcheck="false"'),
    NotRoster(WARD_WIDE), Stored("tz"),
    default=DEFAULT_TZ, metavar="ZONE",
)  # fmt: skip
REMIND = Option(
    "remind", "reminders",
    Words("Reminder before each administration (30m, 2h, 1d); repeatable. All-day events start at midnight: "
          "1h rings at 23:00 the day before.",
          "Rappel avant chaque administration (30m, 2h, 1d) ; répétable. Un événement sur la journée "
          "commence à minuit : 1h sonne la veille à 23:00."),
    Words("Reminders before each administration", "Rappels avant chaque administration"),
    Field("main", "area",
          hint=Words("One per line: 30m, 2h, 1d, 1h30m.", "Un par ligne : 30m, 2h, 1d, 1h30m.")),
    NotRoster(WARD_WIDE), Stored("reminders"),
    kind=Kind.MANY, parse=parsing.parse_duration, show=parsing.duration_text, metavar="DURATION",
)  # fmt: skip
REMIND_AT = Option(
    "remind-at", "remind_at",
    Words("Reminder at this time of each dose's day (08:00), all-day events too; repeatable.",
          "Rappel à cette heure du jour de chaque injection (08:00), même sur la journée ; répétable."),
    Words("Reminders at a time of each dose's day", "Rappels à une heure du jour de chaque injection"),
    Field("main", "area", hint=Words(
        "One per line: 08:00. For all-day events, a reminder before them rings the day before.",
        "Un par ligne : 08:00. Pour des événements sur la journée, un rappel « avant » sonne la veille.")),
    NotRoster(WARD_WIDE), Stored("remind_at"),
    kind=Kind.MANY, parse=parsing.parse_time, show=_clock, metavar="HH:MM",
)  # fmt: skip
ON_HOLIDAY = Option(
    "on-holiday", "policy",
    Words("Doses on closed days: flag them, shift them to the next open days of the cycle, or skip them.",
          "Injections les jours fermés : les signaler, les déplacer aux jours ouverts suivants du cycle, ou "
          "ne pas les faire."),
    Words("Doses on closed days", "Injections les jours fermés"),
    Field("main", "choice", ward=True),
    NotRoster(WARD_WIDE), Stored("policy"),
    parse=_policy, default=Policy.FLAG, metavar="[flag|shift|skip]",
    choices=(
        Choice("flag", Words("flag them (keep the date)", "les signaler (garder la date)")),
        Choice("shift", Words("move them to the next open days of the cycle",
                              "les déplacer aux jours ouverts suivants du cycle")),
        Choice("skip", Words("skip them (not given)", "ne pas les faire")),
    ),
)  # fmt: skip
CLOSED = Option(
    "closed", "closed",
    Words("A site closure day or inclusive range; repeatable.",
          "Un jour ou une période (bornes incluses) de fermeture du site ; répétable."),
    Words("Site closures", "Fermetures du site"),
    Field("main", "area", hint=Words("One per line: 2026-05-15 or a range 2026-08-03..2026-08-21.",
                                     "Une par ligne : 2026-05-15 ou une période 2026-08-03..2026-08-21.")),
    NotRoster(WARD_WIDE), Stored("closed"),
    kind=Kind.MANY, parse=parsing.parse_span, show=_span, metavar="DATE[..DATE]",
)  # fmt: skip
DELAY = Option(
    "delay", "delays",
    Words("Postpone a cycle and every later one by whole weeks (3:1); repeatable.",
          "Reporter un cycle et tous les suivants de semaines entières (3:1) ; répétable."),
    Words("Postponed cycles", "Cycles reportés"),
    Field("main", "area", hint=Words(
        "One per line: CYCLE:WEEKS, e.g. 3:1 postpones cycle 3 and every later one by 1 week.",
        "Un par ligne : CYCLE:SEMAINES, par ex. 3:1 reporte le cycle 3 et les suivants d'une semaine.")),
    Column("delays", split=True), Stored("delays"),
    kind=Kind.MANY, parse=parsing.parse_delay, show=_delay, metavar="CYCLE:WEEKS",
    collect=lambda pairs: parsing.merge_delays(list(pairs)), items=_delays,
)  # fmt: skip
SITE = Option(
    "site", "site",
    Words("Ward or site named on printed sheets.", "Service ou site indiqué sur les fiches imprimées."),
    Words("Ward or site named on printed sheets", "Service ou site indiqué sur les fiches imprimées"),
    Field("main", attrs=f'maxlength="{parsing.MAX_SITE}"', ward=True),
    Column("site"), Stored("site"),
    parse=_site, default="", metavar="TEXT",
)  # fmt: skip
PAPER = Option(
    "paper", "paper",
    Words("Paper size of printed sheets.", "Format du papier des fiches imprimées."),
    Words("Paper", "Papier"),
    Field("main", "choice", ward=True),
    NotRoster(WARD_WIDE), Stored("paper"),
    parse=one_of("paper", ("a4", "letter")), default=DEFAULT_PAPER, metavar="[a4|letter]",
    choices=(Choice("a4", Words("A4", "A4")), Choice("letter", Words("Letter", "Letter"))),
)  # fmt: skip
DOUBLE_CHECK = Option(
    "double-check", "double_check",
    Words("Printed sheets and worklists get a column for a second nurse's check.",
          "Les fiches et listes imprimées ont une colonne pour le contrôle par une seconde infirmière."),
    Words("A column for a second nurse's check on printed sheets and worklists",
          "Une colonne pour le contrôle par une seconde infirmière sur les fiches imprimées"),
    Field("main", "flag"),
    NotRoster(WARD_WIDE), Stored("double_check"),
    kind=Kind.FLAG,
)  # fmt: skip
BSA = Option(
    "bsa", "bsa",
    Words("Body surface area in m², for doses per m² (0.2 to 3.5).",
          "Surface corporelle en m², pour les doses par m² (0,2 à 3,5)."),
    Words("Body surface area, in m²", "Surface corporelle, en m²"),
    Field("body", input_type="number", attrs=_limits(BSA_RANGE, "0.01")),
    Column("bsa"), Stored("bsa_m2"),
    parse=parsing.parse_bsa, show=_measure, metavar="M2",
)  # fmt: skip
HEIGHT = Option(
    "height", "height",
    Words("Height in cm, with --weight: the body surface area by the Mosteller formula.",
          "Taille en cm, avec --weight : la surface corporelle par la formule de Mosteller."),
    Words("Height, in cm (with the weight: Mosteller formula)",
          "Taille, en cm (avec le poids : formule de Mosteller)"),
    Field("body", input_type="number", attrs=_limits(HEIGHT_RANGE, "0.1")),
    Column("height"), Stored("height_cm"),
    parse=parsing.parse_height, show=_measure, metavar="CM",
)  # fmt: skip
WEIGHT = Option(
    "weight", "weight",
    Words("Body weight in kg, for doses per kg (1 to 400).", "Poids en kg, pour les doses par kg (1 à 400)."),
    Words("Weight, in kg", "Poids, en kg"),
    Field("body", input_type="number", attrs=_limits(WEIGHT_RANGE, "0.1")),
    Column("weight"), Stored("weight_kg"),
    parse=parsing.parse_weight, show=_measure, metavar="KG",
)  # fmt: skip
REGIMEN = Option(
    "regimen", "regimen",
    Words("Built-in regimen name or path of a regimen .toml file.",
          "Nom d'un protocole intégré ou chemin d'un fichier de protocole .toml."),
    Words("Regimen (built-in name or path of a .toml file)",
          "Protocole (nom intégré ou chemin d'un fichier .toml)"),
    Field("more", attrs='spellcheck="false"'),
    Column("regimen"), Stored("regimen"),
    default="nct01840046", metavar="NAME|PATH",
)  # fmt: skip
PRIVATE = Option(
    "private", "private",
    Words("Neutral calendar titles (\"Hospital appointment\": no drug, no dose) for calendars a patient "
          "shares with others.",
          "Titres neutres dans les calendriers (« Rendez-vous hôpital de jour » : ni médicament ni dose) "
          "pour ceux qu'un patient partage."),
    Words("Neutral calendar titles (Hospital appointment: no drug, no dose)",
          "Titres neutres dans les calendriers (Rendez-vous hôpital de jour : ni médicament ni dose)"),
    Field("more", "flag"),
    NotRoster("a run's calendars are all neutral or none; generate makes one patient's neutral calendar"),
    Stored("private"),
    kind=Kind.FLAG,
)  # fmt: skip
DURATION = Option(
    "duration", "duration",
    Words("Length of timed calendar events, in minutes (1 to 1440).",
          "Durée des événements à heure fixe, en minutes (1 à 1440)."),
    Words("Length of timed calendar events, in minutes", "Durée des événements à heure fixe, en minutes"),
    Field("more", input_type="number", attrs='min="1" max="1440"'),
    NotRoster(WARD_WIDE), Stored("duration_minutes"),
    parse=_minutes, show=_in_minutes, default=DEFAULT_DURATION, metavar="MINUTES",
)  # fmt: skip
COUNTRY = Option(
    "country", "country",
    Words("Country whose public holidays are closed days ('il2sched holidays --list').",
          "Pays dont les jours fériés sont des jours fermés (« il2sched holidays --list »)."),
    Words("Country of the public holidays (ISO code)", "Pays des jours fériés (code ISO)"),
    Field("more", attrs='spellcheck="false" maxlength="3"'),
    NotRoster(WARD_WIDE), Stored("country"),
    default="FR", metavar="CC",
)  # fmt: skip
SUBDIV = Option(
    "subdiv", "subdiv",
    Words("Region of --country, e.g. 57 (Moselle) or 6AE/67/68 (Alsace).",
          "Région de --country, par ex. 57 (Moselle) ou 6AE/67/68 (Alsace)."),
    Words("Region of the country (e.g. 57 for Moselle)", "Région du pays (par ex. 57 pour la Moselle)"),
    Field("more", attrs='spellcheck="false"'),
    NotRoster(WARD_WIDE), Stored("subdiv"),
    metavar="CODE",
)  # fmt: skip
NO_HOLIDAYS = Option(
    "no-holidays", "country",
    Words("Ignore public holidays.", "Ignorer les jours fériés."),
    Words("Ignore public holidays", "Ignorer les jours fériés"),
    Field("more", "flag"),
    NotRoster(WARD_WIDE), NotStored("kept in the country field, which is null when holidays are ignored"),
    kind=Kind.FLAG, sets=None,
)  # fmt: skip
OPEN_WEEKENDS = Option(
    "open-weekends", "weekends_open",
    Words("The unit opens on Saturdays and Sundays: a moved on-site dose may go there (by default weekends "
          "are closed and no dose is moved onto one).",
          "Le service ouvre le samedi et le dimanche : une injection sur site déplacée peut y aller (par "
          "défaut le week-end est fermé et aucune injection n'y est déplacée)."),
    Words("The unit opens at weekends (moved doses may go on a Saturday or Sunday)",
          "Le service ouvre le week-end (une injection déplacée peut aller au samedi ou au dimanche)"),
    Field("main", "flag", ward=True),
    Column("open_weekends"), Stored("weekends_open"),
    kind=Kind.FLAG, parse=_yes_no, show=_yes_no_text,
)  # fmt: skip
NO_WEEKENDS = Option(
    "no-weekends", "weekends_open",
    Words("Weekends closed (the default, kept for older scripts): never move a dose onto a Saturday or "
          "Sunday.",
          "Week-end fermé (par défaut, gardé pour les anciens scripts) : ne jamais déplacer une injection "
          "au week-end."),
    Words("Never move a dose onto a Saturday or Sunday (the default)",
          "Ne jamais déplacer une injection au samedi ou au dimanche (par défaut)"),
    ByLink("the default: older links that give it keep working; the form offers --open-weekends"),
    NotRoster("the default; a roster's open_weekends column says 'no' per patient"),
    NotStored("kept in weekends_open, --open-weekends's stored field"),
    kind=Kind.FLAG, sets=False,
)  # fmt: skip
CLOSED_FILE = Option(
    "closed-file", "closed_file",
    Words("Site closures: one YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD per line, # comments.",
          "Fermetures du site : une date AAAA-MM-JJ ou une période AAAA-MM-JJ..AAAA-MM-JJ par ligne, "
          "commentaires après #."),
    Words("Site closures file (path on this computer)", "Fichier des fermetures (chemin sur cet ordinateur)"),
    Field("more", attrs='spellcheck="false"'),
    NotRoster(WARD_WIDE), Stored("closed_file"),
    metavar="PATH",
)  # fmt: skip
EXCEL = Option(
    "excel", "excel",
    Words("CSV for French Excel: ';' separator, UTF-8 BOM, decimal comma.",
          "CSV pour Excel en français : séparateur « ; », BOM UTF-8, virgule décimale."),
    Words("Spreadsheet for French Excel (CSV)", "Tableur pour Excel en français (CSV)"),
    ByLink("a download of its own beside the CSV", variant_of="csv"),
    NotRoster(WARD_WIDE), Stored("excel"),
    kind=Kind.FLAG,
)  # fmt: skip

#: Every option of :class:`~il2sched.app.requests.ScheduleOptions`, in the help's and the page's order.
SCHEDULE_OPTIONS = (
    LANG, TIME, TZ, REMIND, REMIND_AT, ON_HOLIDAY, OPEN_WEEKENDS, CLOSED, DELAY, SITE, PAPER, DOUBLE_CHECK,
    BSA, HEIGHT, WEIGHT,
    REGIMEN, PRIVATE, DURATION, COUNTRY, SUBDIV, NO_HOLIDAYS, NO_WEEKENDS, CLOSED_FILE, EXCEL,
)  # fmt: skip
