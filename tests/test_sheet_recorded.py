"""A sheet printed from the ward record (the scripted scenario as of 24 June 2026): each recorded dose's boxes
printed, shaded, with its entry; the doses still to give keep their white boxes; the rules broken under their
rows; nothing under 7 points; the same in English and French, in the PDF and the HTML."""

from __future__ import annotations

import datetime as dt

import pytest
import reconcile_scenario as scenario
from helpers import render
from sheet_helpers import cell, rows_of

from il2sched.core.options import RenderOptions
from il2sched.core.reconcile import Reconciliation, reconcile
from il2sched.print.cells import Box
from il2sched.print.sheet import Sheet, sheet_for
from il2sched.print.sheet_recorded import RECORDED_GREY
from il2sched.sources.locale import texts_for

AS_OF = dt.date(2026, 6, 24)
NURSE_COLUMNS = ("given", "time", "site", "lot", "initials", "remarks")


def recorded_sheet(lang: str) -> tuple[Sheet, Reconciliation]:
    schedule = scenario.schedule()
    result = reconcile(schedule, scenario.records(), AS_OF)
    stamp = dt.datetime(2026, 6, 24, tzinfo=dt.UTC)
    options = RenderOptions(texts=texts_for(lang, use_cache=False), stamp=stamp, record=result)
    return sheet_for(schedule, options), result


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_recorded_boxes_are_printed_and_shaded(lang: str) -> None:
    model, result = recorded_sheet(lang)
    rows = rows_of(model)
    assert len(rows) == 20
    by_date = {row.date_iso: row for row in rows}
    for dose in result.doses:
        row = by_date[dose.admin.date.isoformat()]
        for key in NURSE_COLUMNS:
            found = cell(row, key)
            if dose.record is not None:
                assert "recorded" in found.style and found.shade == RECORDED_GREY, (dose.ref, key)
                assert not any(isinstance(m, Box) for m in found.marks)
            else:
                assert "recorded" not in found.style and found.shade is None, (dose.ref, key)
        if dose.record is not None:
            assert f" {dose.record.entry}" in row.text("given")
    day3 = by_date["2026-04-29"]
    assert "6" in day3.text("given") and "L100" in day3.text("lot") and "09:30" in day3.text("time")
    # The dose moved to the Saturday says the day it was given, not only the time.
    moved = by_date["2026-05-14"]
    assert "16" in moved.text("time") and "16" in moved.text("remarks")
    # Still to give (cycle 4, from 24 June): white boxes to tick.
    assert any(isinstance(m, Box) for m in cell(by_date["2026-06-24"], "given").marks)


def test_words_in_each_language() -> None:
    en, _ = recorded_sheet("en")
    fr, _ = recorded_sheet("fr")
    en_rows = {r.date_iso: r for r in rows_of(en)}
    fr_rows = {r.date_iso: r for r in rows_of(fr)}
    assert en_rows["2026-06-02"].text("given") == "Recorded · entry 13 no"
    assert en_rows["2026-06-02"].text("remarks") == "refused by the patient (feels unwell)"
    assert fr_rows["2026-06-02"].text("given") == "Enregistrée · entrée 13 non"
    assert fr_rows["2026-06-02"].text("remarks") == "refusée par le patient (feels unwell)"
    assert en_rows["2026-04-27"].text("site") == "abdomen, left"
    assert fr_rows["2026-04-27"].text("site") == "abdomen, gauche"
    assert "printed from the ward record on Wed 24 Jun 2026" in en.record_title
    assert "imprimé depuis le registre du service le mer. 24 juin 2026" in fr.record_title


def test_the_rule_a_recorded_dose_breaks_is_under_its_row() -> None:
    model, _ = recorded_sheet("en")
    row = {r.date_iso: r for r in rows_of(model)}["2026-06-23"]
    notice = row.cell("notice")
    assert notice is not None and notice.frame is not None and notice.frame > 0.5  # framed as urgent
    assert notice.words == (
        "given 1.5 million units in place of 3 million units: cycle 4's dose is 3 million units "
        "(3,000,000 international units)"
    )
    # The holiday's check is answered by the record: no notice left on 1 May.
    assert {r.date_iso: r for r in rows_of(model)}["2026-05-01"].cell("notice") is None


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_nothing_under_seven_points(lang: str) -> None:
    model, _ = recorded_sheet(lang)
    sizes = {lines.size for row in rows_of(model) for c in row.cells() for lines in c.text}
    assert min(sizes) >= 7


def test_html_and_pdf_show_the_recorded_look() -> None:
    schedule = scenario.schedule()
    result = reconcile(schedule, scenario.records(), AS_OF)
    html = render("html", schedule, "en", record=result).decode()
    assert ".record td.recorded {" in html
    assert html.count('class="given recorded"') == 16
    assert "Recorded · entry 18" not in html  # given 2 July: after the day printed
    pdf = render("pdf", schedule, "fr", record=result)
    assert pdf.startswith(b"%PDF") and render("pdf", schedule, "fr", record=result) == pdf
