"""The printed worklist (HTML, PDF): every day, patient and dose on paper, days kept whole, text escaped."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pypdf
import pytest
from click.testing import Result
from helpers import STAMP, run_cli_at_stamp, schedule

from il2sched.app.formats import WORKLIST_FORMATS
from il2sched.core.options import RenderOptions
from il2sched.core.schedule import Closure
from il2sched.core.worklist import WorkDay, build_worklist
from il2sched.print.layout import PAPERS
from il2sched.print.worklist import LAYOUT, PrintedWorklist, build_printed_worklist
from il2sched.sources.locale import texts_for

# Thursday 14 May 2026 is Ascension; P-C is in its week 2 (no dose); Saturday 16 May has no dose at all.
ROSTER = "patient,start,time\nP-A,2026-04-27,09:00\nP-B,2026-05-11,08:30\nP-C,2026-05-04,\n"
FROM, DAYS = dt.date(2026, 5, 13), 4
LABELS = {
    "en": ["Planned time", "Patient", "Drug, route, trial", "Prescribed dose", "Cycle, day", "Study day",
           "Given?", "Time given", "Nurse initials", "Worklist Wed 13 May 2026 to Sat 16 May 2026",
           "public holiday: Ascension Day", "no administration", "6 administrations in 4 days", "Page 1 / 1",
           "Generated on 2026-01-05",
           "Trial: NCT01840046 · Drug: aldesleukin (Proleukin) · Route: subcutaneous",
           "H Holiday: give only if the unit is open (Ascension Day)"],
    "fr": ["Heure prévue", "Patient", "Médicament, voie, essai", "Dose prescrite", "Cycle, jour",
           "Jour d'étude", "Administrée ?", "Heure réelle", "Initiales infirmier",
           "Liste de travail du mer. 13 mai 2026 au sam. 16 mai 2026", "jour férié : Ascension",
           "aucune administration", "6 administrations en 4 jours", "Page 1 / 1", "Généré le 2026-01-05",
           "Essai : NCT01840046 · Médicament : aldesleukine (Proleukin) · Voie : sous-cutanée",
           "H Jour férié", "à administrer seulement si le service est ouvert (Ascension)"],
}  # fmt: skip
DOSES = {
    "en": ("1.5 million units", "3 million units"),
    "fr": ("1,5 million d'unités", "3 millions d'unités"),
}


def run(tmp_path: Path, roster: str, *args: str) -> Result:
    path = tmp_path / "roster.csv"
    path.write_text(roster, encoding="utf-8")
    return run_cli_at_stamp("worklist", str(path), *args)


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text with whitespace collapsed (column labels wrap onto two lines)."""
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(data)).pages]


def staggered(patients: int, per_monday: int) -> list[tuple[str, dt.date, dt.time]]:
    """A ward: ``per_monday`` patients start on each Monday from 2 March 2026, at times through the day."""
    return [
        (
            f"W-{n:03d}",
            dt.date(2026, 3, 2) + dt.timedelta(weeks=n // per_monday),
            dt.time(8 + n % 8, 15 * (n % 4)),
        )
        for n in range(patients)
    ]


def ward_days(ward: list[tuple[str, dt.date, dt.time]], first: dt.date, days: int) -> tuple[WorkDay, ...]:
    return build_worklist((schedule(start, patient=code, time=at) for code, start, at in ward), first, days)


def printed(roster_days: tuple[WorkDay, ...], paper: str = "a4", lang: str = "en") -> PrintedWorklist:
    return build_printed_worklist(roster_days, texts_for(lang), site="", paper=paper, stamp=STAMP)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_pdf_holds_every_date_patient_dose_and_label(lang: str, tmp_path: Path) -> None:
    out = tmp_path / "w.pdf"
    result = run(
        tmp_path, ROSTER, "--from", FROM.isoformat(), "--days", str(DAYS), "--lang", lang, "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_pages(out.read_bytes()))
    texts = texts_for(lang)
    for offset in range(DAYS):
        assert texts.date_long(FROM + dt.timedelta(days=offset)) in text
    for patient in ("P-A", "P-B"):
        assert text.count(patient) == 3  # Wednesday to Friday; P-C has no dose in its week 2
    assert "P-C" not in text
    low, high = DOSES[lang]
    assert text.count(low) == 3 and text.count(high) == 3
    assert texts("cycle_day", cycle=2, day=4) in text and texts("cycle_day", cycle=1, day=3) in text
    for label in LABELS[lang]:
        assert label in text, label


def test_a_paper_size_is_honoured() -> None:
    days = build_worklist([schedule(dt.date(2026, 4, 27))], dt.date(2026, 5, 11), 5)
    for paper, (width, height) in (("a4", (595.28, 841.89)), ("letter", (612.0, 792.0))):
        options = RenderOptions(texts=texts_for("en"), stamp=STAMP, paper=paper)
        page = pypdf.PdfReader(io.BytesIO(WORKLIST_FORMATS["pdf"].renderer()(days, options))).pages[0]
        assert float(page.mediabox.width) == pytest.approx(width, abs=0.1)
        assert float(page.mediabox.height) == pytest.approx(height, abs=0.1)
        html = WORKLIST_FORMATS["html"].renderer()(days, options).decode()
        assert f"size: {'A4' if paper == 'a4' else 'letter'} portrait" in html


def test_a_realistic_ward_paginates_without_splitting_a_day(tmp_path: Path) -> None:
    # 60 patients, five starting each Monday: about 20 due a day, so a day fits a page but not the week.
    days = ward_days(staggered(60, 5), dt.date(2026, 4, 27), 5)
    assert all(len(d.entries) < 30 for d in days) and sum(len(d.entries) for d in days) > 60
    work = printed(days)
    assert len(work.pages) > 1
    headings = [b.date_iso for p in work.pages for b in p.days]
    assert headings == [d.date.isoformat() for d in days]  # one block per day: none split
    room = LAYOUT.room(work.paper) - work.band.used(LAYOUT)
    for drawn in work.pages:
        used = sum(b.height(LAYOUT, work.table_head_h) for b in drawn.days)
        assert used + (LAYOUT.total_h if drawn.total else 0.0) <= room
    # The PDF draws the same pages: each day's heading on exactly one page, the table header on each page.
    options = RenderOptions(texts=texts_for("en"), stamp=STAMP)
    pages = pdf_pages(WORKLIST_FORMATS["pdf"].renderer()(days, options))
    assert len(pages) == len(work.pages)
    texts = texts_for("en")
    for day in days:
        assert sum(texts.date_long(day.date) in page for page in pages) == 1
    for n, page in enumerate(pages, start=1):
        assert "Nurse initials" in page and f"Page {n} / {len(pages)}" in page
    assert sum(page.count("W-") for page in pages) == sum(len(d.entries) for d in days)


def test_a_day_longer_than_a_page_splits_with_its_heading_repeated(tmp_path: Path) -> None:
    days = ward_days(staggered(60, 60), dt.date(2026, 3, 2), 5)  # 60 patients due each day
    work = printed(days, lang="fr")
    blocks = [b for p in work.pages for b in p.days]
    for day in days:
        parts = [b for b in blocks if b.date_iso == day.date.isoformat()]
        assert len(parts) == 3  # 60 rows of 9 mm need three A4 pages, none left alone
        assert sum(len(part.rows) for part in parts) == 60 and all(len(part.rows) >= 2 for part in parts)
        assert parts[2].heading == parts[1].heading
        assert parts[1].heading.text == f"{parts[0].heading.text} (suite)"
        assert [r.patient for part in parts for r in part.rows] == [
            e.administration.patient for e in day.entries
        ]
        assert not parts[0].total and not parts[1].total and parts[2].total.text == "60 administrations"
    pages = [p for p in work.pages if p.days]
    assert all(len({b.date_iso for b in p.days}) <= 2 for p in pages)
    text = pdf_pages(WORKLIST_FORMATS["pdf"].renderer()(days, RenderOptions(texts_for("fr"), STAMP)))
    assert len(text) == len(work.pages) and all("Initiales infirmier" in page for page in text)


def test_html_escapes_closure_names_and_the_site() -> None:
    closed = dt.date(2026, 5, 13)
    sched = schedule(dt.date(2026, 5, 11), closures={closed: Closure("closed", "<script>x</script>")})
    days = build_worklist([sched], closed, 1)
    options = RenderOptions(texts=texts_for("en"), stamp=STAMP, site="Ward <b>7</b> & co")
    html = WORKLIST_FORMATS["html"].renderer()(days, options).decode()
    assert "<script" not in html and "<b>" not in html
    assert "site closed: &lt;script&gt;x&lt;/script&gt;" in html
    assert "Ward &lt;b&gt;7&lt;/b&gt; &amp; co" in html
    # The PDF prints the same names as plain text.
    text = " ".join(pdf_pages(WORKLIST_FORMATS["pdf"].renderer()(days, options)))
    assert "<script>x</script>" in text and "Ward <b>7</b> & co" in text


def _boxes(data: bytes) -> list[str]:
    """The painting operator of every tick box (4 mm squares) drawn in the PDF: S strokes, f or B fills."""
    ops = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        content = page.get_contents()
        assert content is not None
        ops += re.findall(r"11\.34 -?11\.34 re (\S+)", content.get_data().decode("latin-1"))
    return ops


def test_tick_boxes_are_outlined_never_filled_and_absent_for_a_skipped_dose(tmp_path: Path) -> None:
    out = tmp_path / "w.pdf"
    assert run(tmp_path, ROSTER, "--from", "2026-05-13", "--days", "2", "-o", str(out)).exit_code == 0
    assert _boxes(out.read_bytes()) == ["S"] * 8  # yes and no, for P-A and P-B, Wednesday and Thursday
    skipped = tmp_path / "skip.html"
    args = ("--from", "2026-05-14", "--on-holiday", "skip", "-o", str(skipped))
    assert run(tmp_path, ROSTER, *args).exit_code == 0
    html = skipped.read_text(encoding="utf-8")
    assert 'class="box"' not in html and html.count('<tbody class="skipped"') == 2
    run(tmp_path, ROSTER, *args[:-1], str(out))
    assert _boxes(out.read_bytes()) == []


@pytest.mark.parametrize("suffix", [".pdf", ".html"])
def test_cli_infers_the_format_from_the_output_name_and_is_deterministic(suffix: str, tmp_path: Path) -> None:
    first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    for out in (first, second):
        result = run(tmp_path, ROSTER, "--from", "2026-05-11", "--days", "7", "--site", "HDJ", "-o", str(out))
        assert result.exit_code == 0, result.output
    data = first.read_bytes()
    assert data == second.read_bytes()
    assert data.startswith(b"%PDF-") if suffix == ".pdf" else data.startswith(b"<!DOCTYPE html>")
    stdout = run(tmp_path, ROSTER, "--from", "2026-05-11", "--days", "7", "--site", "HDJ", "-f", suffix[1:])
    assert stdout.exit_code == 0 and stdout.stdout_bytes == data


def test_html_pages_match_the_model(tmp_path: Path) -> None:
    days = ward_days(staggered(60, 5), dt.date(2026, 4, 27), 5)
    work = printed(days, paper="letter")
    html = WORKLIST_FORMATS["html"].renderer()(days, RenderOptions(texts_for("en"), STAMP, paper="letter"))
    text = html.decode()
    assert text.count('<section class="page"') == len(work.pages) > 1
    assert text.count("<thead>") == sum(len(p.days) for p in work.pages)  # a table header per day block
    assert f"Page {len(work.pages)} / {len(work.pages)}" in text
    assert PAPERS["letter"].height == work.paper.height


@pytest.mark.slow
def test_chromium_prints_the_html_worklist_on_as_many_pages_as_our_pdf(tmp_path: Path) -> None:
    from test_html_chromium import pages, print_to_pdf

    days = ward_days(staggered(60, 5), dt.date(2026, 4, 27), 5)
    for paper in ("a4", "letter"):
        options = RenderOptions(texts_for("fr"), STAMP, paper=paper, site="Dermatologie – HDJ")
        ours = pages(WORKLIST_FORMATS["pdf"].renderer()(days, options))
        browser = pages(print_to_pdf(WORKLIST_FORMATS["html"].renderer()(days, options), tmp_path))
        assert len(ours) > 1 and len(browser) == len(ours)
        for (w1, h1), (w2, h2) in zip(browser, ours, strict=True):
            assert w1 == pytest.approx(w2, abs=1.5) and h1 == pytest.approx(h2, abs=1.5)


def test_cli_prints_on_letter_paper(tmp_path: Path) -> None:
    out = tmp_path / "w.pdf"
    assert run(tmp_path, ROSTER, "--from", "2026-05-11", "--paper", "letter", "-o", str(out)).exit_code == 0
    page = pypdf.PdfReader(out).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((612.0, 792.0), abs=0.1)
