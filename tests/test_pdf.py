"""The PDF sheet: dates, doses and labels in its text, paper sizes, whole cycles, reproducible bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pypdf
import pytest
from helpers import STAMP, render, run_cli_at_stamp, schedule
from sheet_helpers import labels as labels_of
from sheet_helpers import rows_of

from il2sched.core.schedule import Closure, Policy, Schedule
from il2sched.core.texts import Texts
from il2sched.print.sheet import build_sheet
from il2sched.sources.locale import texts_for

#: Page sizes in points, as ISO 216 and ANSI define them.
SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
START = dt.date(2026, 4, 27)  # meets 1 May, Ascension and Whit Monday: flagged rows and closed days


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def row_text(day: dt.date, texts: Texts) -> str:
    """A row's date as the PDF writes it: weekday, day and month, year, one per line."""
    return f"{texts.weekday(day)}\n{texts.day_month_long(day)}\n{day.year}"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_text_holds_every_date_dose_and_label(lang: str) -> None:
    sched = schedule(START)
    texts = texts_for(lang, use_cache=False)
    text = "\n".join(pages_text(render("pdf", sched, lang, site="Dermatologie – Hôpital de jour")))
    flat = " ".join(text.split())
    for admin in sched.administrations:
        assert row_text(admin.date, texts) in text
    for dose in {a.dose_iu for a in sched.administrations}:
        assert texts.dose(dose) in flat
    model = build_sheet(sched, texts, site="x", paper="a4", stamp=STAMP)
    head = model.header
    labels = [
        head.title.text,
        model.grid_title,
        model.record_title,
        model.total.text,
        model.generated.text,
        head.label.text,
        *(word for c in rows_of(model)[0].cells() for word in labels_of(c)),
        *(f.label.text for row in (*head.rows, *head.wide) for f in row.fields),
        *(f.value.text for row in (*head.rows, *head.wide) for f in row.fields if f.key != "site"),
        *(c.label.text for c in model.columns),
        *(meaning for _, meaning in model.legend),
        *(cycle.title.text for page in model.pages for cycle in page.cycles),
    ]
    for label in labels:
        assert " ".join(label.split()) in flat, label  # (split() also splits at a narrow no-break space)
    assert "Dermatologie – Hôpital de jour" in flat


def test_french_accents_oe_and_dashes_survive_the_embedded_font(tmp_path: Path) -> None:
    data = render("pdf", schedule(START), "fr", site="Cœur – Unité d'hématologie, Pôle Élan")
    flat = " ".join(" ".join(pages_text(data)).split())
    for word in ("Cœur – Unité d'hématologie, Pôle Élan", "sous-cutanée", "Médicament", "vérifiée", "Début"):
        assert word in flat
    fonts = [
        font["/BaseFont"]
        for page in pypdf.PdfReader(io.BytesIO(data)).pages
        for font in page["/Resources"]["/Font"].values()
    ]
    assert fonts and all("DejaVuSans" in str(name) for name in fonts)
    assert b"/FontFile2" in data  # the TrueType program itself is embedded, not just named


@pytest.mark.parametrize("paper", sorted(SIZES))
def test_page_size_is_the_paper_asked_for_portrait(paper: str) -> None:
    reader = pypdf.PdfReader(io.BytesIO(render("pdf", schedule(START), paper=paper)))
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            SIZES[paper], abs=0.01
        )


@pytest.mark.parametrize("paper", sorted(SIZES))
@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("policy", list(Policy))
def test_no_cycle_is_split_and_each_page_repeats_the_table_header(
    paper: str, lang: str, policy: Policy
) -> None:
    closures = {START + dt.timedelta(days=16): Closure("closed", "Fermeture")}
    sched = schedule(START, closures=closures, policy=policy)
    texts = texts_for(lang, use_cache=False)
    pages = pages_text(render("pdf", sched, lang, paper=paper))
    model = build_sheet(sched, texts, site="", paper=paper, stamp=STAMP)
    assert len(pages) == len(model.pages)
    first_column = model.columns[0].label.lines[0]
    for cycle in sched.regimen.cycles:
        rows = [row_text(a.date, texts) for a in sched.administrations if a.cycle == cycle.number]
        holding = {n for n, text in enumerate(pages) if any(r in text for r in rows)}
        assert len(holding) == 1, f"cycle {cycle.number} is split over pages {sorted(holding)}"
        (page,) = holding
        assert all(r in pages[page] for r in rows)
        assert texts("cycle_n", cycle=cycle.number) in pages[page]
        assert first_column in pages[page]
    for n, text in enumerate(pages, start=1):
        assert text.rstrip().endswith(texts("sheet.page", n=n, total=len(pages)))


def test_identical_input_gives_identical_bytes_and_the_stamp_is_the_creation_date() -> None:
    sched = schedule(START)
    first, second = render("pdf", sched), render("pdf", sched)
    assert first == second
    reader = pypdf.PdfReader(io.BytesIO(first))
    assert reader.metadata is not None and reader.metadata["/CreationDate"] == "D:20260105080000Z"


def test_another_stamp_gives_another_date_in_the_footer() -> None:
    from il2sched.app.formats import SCHEDULE_FORMATS as FORMATS
    from il2sched.core.options import RenderOptions

    sched: Schedule = schedule(START)
    options = RenderOptions(texts=texts_for("en", use_cache=False), stamp=STAMP)
    later = dataclasses.replace(options, stamp=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    data = FORMATS["pdf"].renderer()(sched, later)
    assert "Generated on 2026-03-01" in pages_text(data)[0]
    assert data != FORMATS["pdf"].renderer()(sched, options)


def test_the_cli_writes_a_pdf_for_the_pdf_suffix(tmp_path: Path) -> None:
    out = tmp_path / "sheet.pdf"
    args = [
        "generate",
        "--start",
        "2026-01-05",
        "--patient",
        "P-7",
        "--lang",
        "fr",
        "--paper",
        "letter",
        "-o",
        str(out),
    ]
    result = run_cli_at_stamp(*args)
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(out)
    assert float(reader.pages[0].mediabox.height) == pytest.approx(792.0)
    assert "P-7" in reader.pages[0].extract_text()
    assert "Fiche d'administration infirmière" in reader.pages[0].extract_text()


def test_tick_boxes_are_drawn_empty_never_as_filled_squares() -> None:
    sched = schedule(START)
    data = render("pdf", sched)
    assert not set("■▪◼☑☒☐") & set("".join(pages_text(data)))
    # Boxes are stroked rectangles of the box size ("re S"), never filled ("re f", "re B"): 4 mm = 11.34 pt.
    box = 4.0 * 72 / 25.4
    strokes = 0
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        ops = page.get_contents().get_data().decode("latin-1").split("\n")  # type: ignore[union-attr]
        squares = [op for op in ops if op.endswith(" re S") or op.endswith(" re f") or op.endswith(" re B")]
        sized = [
            op
            for op in squares
            if [f"{float(v):.2f}" for v in op.split()[2:4]] == [f"{box:.2f}", f"{-box:.2f}"]
        ]
        assert all(op.endswith(" re S") for op in sized)
        strokes += len(sized)
    assert strokes == len(sched.administrations) * 8  # yes, no; abdomen, thigh, arm, each left and right
