"""The ward record's commands and their own options, declared once (what a declaration means:
:mod:`il2sched.app.options`): ``patients ...``, ``record``, ``audit ...``, ``db ...`` and ``backup``.

Their options say who made a change and why, or what was given; none is a roster column or a stored option
of a patient (each is kept in its change's own entry of the audit trail), and none is on the page yet.
"""

from __future__ import annotations

from il2sched.app.commands import ALIGN, DB, OUTPUT, START
from il2sched.app.option_table import LANG, REGIMEN, SCHEDULE_OPTIONS
from il2sched.app.options import Command, Kind, NotOnPage, NotRoster, NotStored, Option, Words, one_of
from il2sched.core import record_parsing as parse

#: Why the ward record's options are not on the page.
NOT_ON_PAGE = "the page does not change the ward record: the command line does"
#: Why they are not roster columns.
NOT_ROSTER = "it is about one change of the ward record, not about a patient's plan"
#: Why they are not stored among a patient's options.
NOT_STORED = "the change's own entry of the audit trail keeps it"


def _ward(name: str, help: Words, label: Words, **more: object) -> Option:
    """An option of a ward record command: not on the page, not a roster column, kept in its entry."""
    return Option(
        name, name.replace("-", "_"), help, label, NotOnPage(NOT_ON_PAGE), NotRoster(NOT_ROSTER),
        NotStored(NOT_STORED), **more,  # type: ignore[arg-type]
    )  # fmt: skip


BY = _ward(
    "by",
    Words("Who makes the change: your initials (1 to 4 letters).",
          "Qui fait la modification : vos initiales (1 à 4 lettres)."),
    Words("Your initials", "Vos initiales"),
    parse=parse.parse_initials, metavar="INITIALS",
)  # fmt: skip
REASON = _ward(
    "reason",
    Words("Why: the reason of a change or a correction; for --not-given one of refused, not-tolerated, "
          "held-by-physician, drug-unavailable, unit-closed, other.",
          "Pourquoi : la raison d'une modification ou d'une correction ; avec --not-given, l'un de refused, "
          "not-tolerated, held-by-physician, drug-unavailable, unit-closed, other."),
    Words("Reason", "Raison"),
    parse=parse.parse_note, metavar="TEXT",
)  # fmt: skip
DOSE = _ward(
    "dose",
    Words("The dose: CYCLE:DAY, the cycle and cycle day of the CSV's columns (2:3).",
          "L'injection : CYCLE:JOUR, le cycle et le jour de cycle des colonnes du CSV (2:3)."),
    Words("Dose (cycle:day)", "Injection (cycle:jour)"),
    parse=parse.parse_dose, metavar="CYCLE:DAY",
)  # fmt: skip
GIVEN = _ward(
    "given",
    Words("When it was given, on the ward's clock: \"YYYY-MM-DD HH:MM\".",
          "Quand elle a été faite, à l'heure du service : « AAAA-MM-JJ HH:MM »."),
    Words("Given at", "Faite le"),
    parse=parse.parse_given, metavar="\"YYYY-MM-DD HH:MM\"",
)  # fmt: skip
LOT = _ward(
    "lot",
    Words("The lot (batch) number on the vial.", "Le numéro de lot sur le flacon."),
    Words("Lot", "Lot"),
    parse=parse.parse_lot, metavar="LOT",
)  # fmt: skip
EXPIRY = _ward(
    "expiry",
    Words("The vial's expiry month: YYYY-MM.", "Le mois de péremption du flacon : AAAA-MM."),
    Words("Expiry", "Péremption"),
    parse=parse.parse_expiry, metavar="YYYY-MM",
)  # fmt: skip
INJECTION_SITE = _ward(
    "site",
    Words("Where it was injected: abdomen-left, abdomen-right, thigh-left, thigh-right, arm-left, arm-right.",
          "Où elle a été injectée : abdomen-left, abdomen-right, thigh-left, thigh-right, arm-left, "
          "arm-right."),
    Words("Injection site", "Site d'injection"),
    parse=parse.parse_site, metavar="SITE",
)  # fmt: skip
AMOUNT = _ward(
    "amount",
    Words("The amount given, in units, when it is not the planned dose.",
          "La quantité administrée, en unités, quand ce n'est pas la dose prévue."),
    Words("Amount given (units)", "Quantité administrée (unités)"),
    parse=parse.parse_amount, metavar="UNITS",
)  # fmt: skip
CHECKED_BY = _ward(
    "checked-by",
    Words("The second nurse who checked the dose: initials, not those of --by.",
          "La seconde infirmière qui a contrôlé l'injection : initiales, autres que celles de --by."),
    Words("Checked by", "Contrôlée par"),
    parse=parse.parse_initials, metavar="INITIALS",
)  # fmt: skip
NOT_GIVEN = _ward(
    "not-given",
    Words("The dose was not given (say why with --reason).",
          "L'injection n'a pas été faite (dire pourquoi avec --reason)."),
    Words("Not given", "Non faite"),
    kind=Kind.FLAG,
)  # fmt: skip
NOT_GIVEN_REASON = _ward(
    "not-given-reason",
    Words("With --correct and --not-given: why the dose was not given (the words of --reason).",
          "Avec --correct et --not-given : pourquoi l'injection n'a pas été faite (les mots de --reason)."),
    Words("Why not given", "Pourquoi non faite"),
    parse=parse.parse_reason, metavar="REASON",
)  # fmt: skip
NOTE = _ward(
    "note",
    Words("Any words about a dose not given.", "Des mots sur une injection non faite."),
    Words("Note", "Remarque"),
    parse=parse.parse_note, metavar="TEXT",
)  # fmt: skip
CORRECT = _ward(
    "correct",
    Words("Replace the record made by this entry (audit list shows it) with this one; --reason says why.",
          "Remplacer l'enregistrement fait par cette entrée (audit list la montre) par celui-ci ; --reason "
          "dit pourquoi."),
    Words("Correct entry", "Corriger l'entrée"),
    parse=parse.parse_entry, metavar="ENTRY",
)  # fmt: skip
LIST_FORMAT = _ward(
    "format",
    Words("table (for people) or csv.", "table (pour les personnes) ou csv."),
    Words("Format", "Format"),
    parse=one_of("format", ("table", "csv")), default="table", metavar="[table|csv]", short="-f",
)  # fmt: skip

#: A patient's options set with ``patients set``: every schedule option but the regimen, which is fixed (its
#: copy) when the patient is added.
SETTABLE = tuple(o for o in SCHEDULE_OPTIONS if o is not REGIMEN)

PATIENTS_ADD = Command(
    "patients add", (START, *SCHEDULE_OPTIONS, ALIGN, BY, REASON, DB), frozenset({"start", "by"})
)
PATIENTS_SET = Command("patients set", (*SETTABLE, BY, REASON, DB), frozenset({"by", "reason"}))
PATIENTS_DELAY = Command("patients delay", (BY, REASON, DB), frozenset({"by", "reason"}))
PATIENTS_WITHDRAW = Command("patients withdraw", (BY, REASON, DB), frozenset({"by", "reason"}))
PATIENTS_IMPORT = Command("patients import", (*SCHEDULE_OPTIONS, BY, REASON, DB), frozenset({"by"}))
PATIENTS_EXPORT = Command("patients export", (OUTPUT, DB))
PATIENTS_LIST = Command("patients list", (LIST_FORMAT, LANG, DB))
PATIENTS_SHOW = Command("patients show", (LANG, DB))
RECORD = Command(
    "record",
    (DOSE, GIVEN, LOT, EXPIRY, INJECTION_SITE, AMOUNT, CHECKED_BY, NOT_GIVEN, REASON, NOT_GIVEN_REASON, NOTE,
     CORRECT, BY, LANG, DB),
    frozenset({"by"}),
)  # fmt: skip
AUDIT_LIST = Command("audit list", (LIST_FORMAT, LANG, DB))
AUDIT_VERIFY = Command("audit verify", (LANG, DB))
DB_STATUS = Command("db status", (DB,))
DB_UPGRADE = Command("db upgrade", (DB,))
BACKUP = Command("backup", (OUTPUT, DB))

#: Every ward record command.
WARD_COMMANDS = (
    PATIENTS_ADD, PATIENTS_SET, PATIENTS_DELAY, PATIENTS_WITHDRAW, PATIENTS_IMPORT, PATIENTS_EXPORT,
    PATIENTS_LIST, PATIENTS_SHOW, RECORD, AUDIT_LIST, AUDIT_VERIFY, DB_STATUS, DB_UPGRADE, BACKUP,
)  # fmt: skip
