"""The ward record as rows of a CDISC SDTM **EX** (Exposure) dataset, in CSV, for a trial's data systems.

One row per dose given (the record in force), in each patient's order of administration: EX holds the
exposure that occurred, in the protocol's units. A dose not given has no row: the SDTM implementation guide
represents doses not taken in the EC (Exposure as Collected) domain, as ``ECOCCUR = "N"``, never in EX and
never as a zero dose; il2sched's report and FHIR export say which doses were not given and why.

Columns: ``STUDYID`` (the regimen's trial id), ``DOMAIN`` ("EX"), ``USUBJID`` (``STUDYID-CODE``), ``EXSEQ``
(1, 2, ... per subject), ``EXSPID`` (the dose's cycle and day, ``C2D4``), ``EXTRT``, ``EXDOSE`` (an exact
integer), ``EXDOSU`` ("IU", the CDISC UNIT codelist's International Unit, C48579: a machine column, never
shown to people, who read "3 million units"), ``EXROUTE``, ``EXLOT``, ``EXLOC`` and ``EXLAT`` (the
injection site), ``EXSTDTC`` and ``EXENDTC`` (ISO 8601 local time, equal for an injection), ``EXADJ``
(English words, for a dose moved or given at another amount: what changed, and the rule it breaks).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from il2sched.core.reconcile import DoseState, ReconciledDose, Reconciliation
from il2sched.core.reconcile_words import deviation_text
from il2sched.core.texts import Texts
from il2sched.export.csv import lines, neutralize

COLUMNS = (
    "STUDYID", "DOMAIN", "USUBJID", "EXSEQ", "EXSPID", "EXTRT", "EXDOSE", "EXDOSU", "EXROUTE", "EXLOT",
    "EXLOC", "EXLAT", "EXSTDTC", "EXENDTC", "EXADJ",
)  # fmt: skip
#: The unit of EXDOSE, from the CDISC UNIT codelist (International Unit, NCI code C48579).
EXDOSU = "IU"


def usubjid(study: str, patient: str) -> str:
    """The subject's identifier across the submission: the study's and the patient's code, joined."""
    return f"{study}-{patient}"


def _adjustment(dose: ReconciledDose, texts: Texts) -> str:
    """Why a given dose differs from its plan, in English words (empty for a dose given as planned)."""
    if dose.state is DoseState.MOVED and dose.given_on is not None:
        return texts("ex.moved", planned=dose.admin.date.isoformat(), given=dose.given_on.isoformat())
    return texts.joined(*(deviation_text(v, texts) for v in dose.deviations))


def rows(result: Reconciliation, texts: Texts) -> Iterator[dict[str, str | int]]:
    """The EX rows of one patient: each dose given, in the order given."""
    regimen = result.schedule.regimen
    study = regimen.trial_id
    given = sorted(
        ((d.record.given_at, d.record.entry), d.record, d)
        for d in result.doses
        if d.state.given and d.record and d.record.given_at
    )
    for seq, ((given_at, _), record, dose) in enumerate(given, start=1):
        site = str(record.site or "")
        location, _, side = site.partition("-")
        when = given_at.isoformat(timespec="minutes")
        yield {
            "STUDYID": study,
            "DOMAIN": "EX",
            "USUBJID": usubjid(study, result.patient),
            "EXSEQ": seq,
            "EXSPID": f"C{dose.ref.cycle}D{dose.ref.day}",
            "EXTRT": regimen.drug.upper(),
            "EXDOSE": dose.given_iu,
            "EXDOSU": EXDOSU,
            "EXROUTE": regimen.route.upper(),
            "EXLOT": record.lot,
            "EXLOC": location.upper(),
            "EXLAT": side.upper(),
            "EXSTDTC": when,
            "EXENDTC": when,
            "EXADJ": _adjustment(dose, texts),
        }


def render(results: Sequence[Reconciliation], texts: Texts) -> bytes:
    """The EX dataset of every patient's reconciliation as CSV bytes (``texts``: English, SDTM's language)."""
    cells = [[neutralize(str(row[c])) for c in COLUMNS] for result in results for row in rows(result, texts)]
    return lines([list(COLUMNS), *cells], excel=False)
