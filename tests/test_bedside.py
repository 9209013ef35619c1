"""What a nurse and a pharmacist check on every printed page, read back from the PDFs with pdfplumber:
the patient, trial, drug and route on every page; no text under 7 pt; a whole patient code; the words for
skipped, moved and out-of-window doses; the week a postponed cycle really falls in. English and French, A4
and Letter, a 32-character code, delays, skip, and shift with closures that push doses out of their window.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pdfplumber
import pytest
from helpers import STAMP, builtin, schedule

from il2sched.app.formats import SCHEDULE_FORMATS, WORKLIST_FORMATS
from il2sched.core.attention import Attention
from il2sched.core.options import RenderOptions
from il2sched.core.regimen import parse_regimen
from il2sched.core.schedule import Closure, Plan, Policy, Schedule, Status, build_schedule
from il2sched.core.worklist import build_worklist
from il2sched.print.fonts import MIN_SIZE
from il2sched.print.layout import PAPERS, Column
from il2sched.print.sheet import build_sheet
from il2sched.print.sheet_pages import LAYOUT
from il2sched.print.worklist import build_printed_worklist
from il2sched.sources.locale import texts_for

START = dt.date(2026, 4, 27)
HOLIDAYS = {
    dt.date(2026, 5, 1): Closure("holiday", "Fête du Travail"),
    dt.date(2026, 5, 14): Closure("holiday", "Ascension"),
}
#: Wednesday to Friday of cycle 2's week closed, weekends closed: three doses left to the investigator.
CLOSED = {START + dt.timedelta(days=d): Closure("closed", "Fermeture du service") for d in (16, 17, 18)}
CODE32 = "W" * 32
DRUG = {"en": "aldesleukin", "fr": "aldesleukine"}
ROUTE = {"en": "subcutaneous", "fr": "sous-cutanée"}
WORDS = {
    "skipped": {"en": "do not give", "fr": "ne pas administrer"},
    "to_decide": {"en": "investigator to decide", "fr": "décision de l'investigateur"},
    "check": {
        "en": "holiday: give only if the unit is open",
        "fr": "jour férié : à administrer seulement si le service est ouvert",  # (read with a plain space)
    },
    "shifted": {"en": "moved from", "fr": "déplacée du"},
    "postponed": {"en": "week 4 (postponed 1 week)", "fr": "semaine 4 (reporté d'une semaine)"},
}
SCENARIOS: dict[str, Callable[[], Schedule]] = {
    "holidays": lambda: schedule(START, closures=HOLIDAYS, patient="CHUN-DERM-0001"),
    "code32": lambda: schedule(START, closures=HOLIDAYS, patient=CODE32, time=dt.time(9, 0)),
    "delays": lambda: schedule(START, closures=HOLIDAYS, patient="P-0002", delays={2: 1, 4: 2}),
    "skip": lambda: schedule(START, closures=HOLIDAYS, patient="P-0003", policy=Policy.SKIP),
    "moved": lambda: schedule(
        START, closures=HOLIDAYS, patient="P-0005", policy=Policy.SHIFT, weekends_open=True
    ),
    "shift": lambda: schedule(START, closures={**HOLIDAYS, **CLOSED}, patient="P-0004", policy=Policy.SHIFT),
}


def options(lang: str, paper: str, **extra: object) -> RenderOptions:
    return RenderOptions(texts_for(lang, use_cache=False), STAMP, paper=paper, site="Dermatologie", **extra)  # type: ignore[arg-type]


MM = 72 / 25.4


def column_text(data: bytes, left: float, width: float) -> str:
    """The text of one column (``left`` and ``width`` in millimetres) on every page, lower case: the lines
    of its cells, without the neighbouring cells' lines interleaved."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return " ".join(
            " ".join((p.crop((left * MM, 0, (left + width) * MM, p.height)).extract_text() or "").split())
            for p in pdf.pages
        ).lower()


def dose_column(data: bytes, paper: str, columns: tuple[Column, ...]) -> str:
    layout = LAYOUT
    left = layout.margin_x(PAPERS[paper])
    for col in columns:
        if col.key == "dose":
            return column_text(data, left, col.width)
        left += col.width
    raise AssertionError("no dose column")


def read(data: bytes) -> list[tuple[str, float]]:
    """Each page's text (whitespace collapsed, lower case) and its smallest character size in points."""
    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            text = " ".join((page.extract_text() or "").split()).lower()
            sizes = [round(float(c["size"]), 2) for c in page.chars if c["text"].strip()]
            out.append((text, min(sizes)))
    return out


#: The combinations the quick run reads (pdfplumber reads slowly: the whole matrix runs in the slow suite).
QUICK = {("code32", "fr", "letter"), ("shift", "en", "a4"), ("skip", "fr", "a4"), ("delays", "en", "letter")}


def matrix(*names: str) -> list[object]:
    """Every combination of ``names`` with both languages and papers, all but :data:`QUICK` marked slow."""
    combos = [(n, lang, paper) for n in names for lang in ("en", "fr") for paper in ("a4", "letter")]
    return [pytest.param(*c, marks=() if c in QUICK else pytest.mark.slow) for c in combos]


@pytest.mark.parametrize(("scenario", "lang", "paper"), matrix(*sorted(SCENARIOS)))
def test_every_sheet_page_names_the_patient_trial_drug_and_route_at_7_pt_or_more(
    scenario: str, lang: str, paper: str
) -> None:
    sched = SCENARIOS[scenario]()
    data = SCHEDULE_FORMATS["pdf"].renderer()(sched, options(lang, paper))
    pages = read(data)
    assert len(pages) >= 3
    code = sched.plan.patient.lower()
    for n, (text, smallest) in enumerate(pages, start=1):
        for word in (code, "nct01840046", DRUG[lang], ROUTE[lang], f"page {n} / {len(pages)}"):
            assert word in text, f"page {n} lacks {word!r}"
        assert smallest >= MIN_SIZE, f"page {n} has text of {smallest} pt"
    text = " ".join(t for t, _ in pages)
    statuses = {a.status for a in sched.administrations}
    needs = {str(a.attention) for a in sched.administrations if a.attention is not None}
    # The action words are there exactly when such a dose is.
    assert (WORDS["shifted"][lang] in text) == (Status.SHIFTED in statuses)
    for attention in ("to_decide", "check"):
        assert (WORDS[attention][lang] in text) == (attention in needs), attention
    model = build_sheet(sched, texts_for(lang, use_cache=False), site="", paper=paper, stamp=STAMP)
    doses = dose_column(data, paper, model.columns)
    assert (WORDS["skipped"][lang] in doses) == (Status.SKIPPED in statuses)
    assert (WORDS["postponed"][lang] in text) == (scenario == "delays")


def rows_saying(text: str, lang: str) -> int:
    """How often ``text`` gives the decision words, not counting the totals ("4 for the investigator to
    decide", "4 à décider par l'investigateur")."""
    words = WORDS["to_decide"][lang]
    return text.count(words) - text.count(f"for the {words}")


def test_the_scenarios_cover_every_unusual_dose() -> None:
    statuses = {a.status for make in SCENARIOS.values() for a in make().administrations}
    assert {Status.SKIPPED, Status.OUT_OF_WINDOW, Status.SHIFTED, Status.HOLIDAY} <= statuses


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_skipped_row_says_do_not_give_and_each_late_dose_names_its_action(lang: str) -> None:
    skip, shift = SCENARIOS["skip"](), SCENARIOS["shift"]()
    skipped = sum(1 for a in skip.administrations if a.status is Status.SKIPPED)
    late = sum(1 for a in shift.administrations if a.attention is Attention.TO_DECIDE)
    data = SCHEDULE_FORMATS["pdf"].renderer()(skip, options(lang, "a4"))
    model = build_sheet(skip, texts_for(lang, use_cache=False), site="", paper="a4", stamp=STAMP)
    assert dose_column(data, "a4", model.columns).count(WORDS["skipped"][lang]) == skipped == 2
    text = " ".join(t for t, _ in read(SCHEDULE_FORMATS["pdf"].renderer()(shift, options(lang, "a4"))))
    # In each row for the investigator to decide on, and nowhere else (their rows hold their decision).
    assert rows_saying(text, lang) == late == 4


OTHER = """
[regimen]
id = "other"
title = "Another trial"
trial_id = "NCT09999999"
drug = "tocilizumab"
route = "intravenous"
dose_unit = "international units"
double_check = true
[[cycle]]
week = 1
dose_iu = 2_000_000
days = ["MO", "WE", "FR"]
"""


@pytest.mark.parametrize(
    ("lang", "paper"),
    [("en", "a4"), ("fr", "letter"), pytest.param("fr", "a4", marks=pytest.mark.slow),
     pytest.param("en", "letter", marks=pytest.mark.slow)],
)  # fmt: skip
def test_every_worklist_page_and_row_names_trial_drug_and_route(lang: str, paper: str) -> None:
    other = build_schedule(
        Plan(regimen=parse_regimen(OTHER, "other"), start=dt.date(2026, 5, 11), patient="X-1")
    )
    ward = [make() for make in SCENARIOS.values()] + [other]
    days = build_worklist(ward, dt.date(2026, 5, 11), 12)
    data = WORKLIST_FORMATS["pdf"].renderer()(days, options(lang, paper))
    pages = read(data)
    route2 = {"en": "intravenous", "fr": "intraveineuse"}[lang]
    for n, (text, smallest) in enumerate(pages, start=1):
        for word in ("nct01840046", DRUG[lang], ROUTE[lang], "nct09999999", "tocilizumab", route2):
            assert word in text, f"page {n} lacks {word!r}"
        assert smallest >= MIN_SIZE
    text = " ".join(t for t, _ in pages)
    due = [e for d in days for e in d.entries]
    assert text.count(CODE32.lower()) == sum(1 for e in due if e.administration.patient == CODE32) > 0
    # Each row names its own drug: as many mentions as rows, plus the running header's line on every page.
    assert text.count("tocilizumab") == sum(1 for e in due if e.administration.patient == "X-1") + len(pages)
    late = sum(1 for e in due if e.administration.attention is Attention.TO_DECIDE)
    assert late and rows_saying(text, lang) == late
    skipped = sum(1 for e in due if e.administration.status is Status.SKIPPED)
    work = build_printed_worklist(days, texts_for(lang, use_cache=False), site="", paper=paper, stamp=STAMP)
    assert skipped and dose_column(data, paper, work.columns).count(WORDS["skipped"][lang]) == skipped
    # The other regimen's policy asks for a second check: the column is there.
    assert [c.key for c in work.columns][-1] == "check"


def test_a_long_code_gets_its_own_line_in_the_worklist_and_a_short_one_its_column() -> None:
    texts = texts_for("en", use_cache=False)
    short = build_worklist([schedule(START, patient="CHUN-DERM-0001")], START, 5)
    work = build_printed_worklist(short, texts, site="", paper="a4", stamp=STAMP)
    assert not work.code_line and "patient" in [c.key for c in work.columns]
    long = build_worklist([schedule(START, patient=CODE32), builtin_schedule("P-1")], START, 5)
    work = build_printed_worklist(long, texts, site="", paper="a4", stamp=STAMP)
    assert work.code_line and "patient" not in [c.key for c in work.columns]
    rows = [r for p in work.pages for b in p.days for r in b.rows]
    assert {r.text("code") for r in rows} == {CODE32, "P-1"}
    assert all(r.tiers[0].style == "code" and r.tiers[0].height > 0 for r in rows)  # a line of its own


def builtin_schedule(code: str) -> Schedule:
    return build_schedule(Plan(regimen=builtin(), start=START, patient=code))
