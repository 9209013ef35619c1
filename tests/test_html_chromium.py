"""A real browser prints the HTML sheet on as many pages, of the same size, as our PDF.

Needs Chromium (Debian's ``chromium``). Without it the test skips, unless IL2SCHED_REQUIRE_TOOLS=1 (CI),
where a missing browser is a failure.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pypdf
import pytest
from helpers import render, schedule
from tools import require

from il2sched.core.parsing import MAX_SITE
from il2sched.core.regimen import parse_regimen
from il2sched.core.schedule import Closure, Plan, Policy, Schedule, build_schedule
from il2sched.print.sheet import MAX_DRUG, MAX_TITLE, MAX_TRIAL

pytestmark = pytest.mark.slow  # a real browser

START = dt.date(2026, 4, 27)


def chromium() -> str:
    return require("chromium", "chromium-browser", "google-chrome", install="apt-get install chromium")


def print_to_pdf(html: bytes, folder: Path) -> bytes:
    """Let headless Chromium print ``html`` the way a nurse's browser would, without its own header/footer."""
    source, target = folder / "sheet.html", folder / "chromium.pdf"
    source.write_bytes(html)
    command = [
        chromium(),
        *("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"),
        *("--disable-component-update", "--disable-sync", f"--user-data-dir={folder / 'profile'}"),
        "--no-pdf-header-footer",
        f"--print-to-pdf={target}",
        source.as_uri(),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return target.read_bytes()


def pages(data: bytes) -> list[tuple[float, float]]:
    return [
        (float(p.mediabox.width), float(p.mediabox.height)) for p in pypdf.PdfReader(io.BytesIO(data)).pages
    ]


def assert_same_pages(sched: Schedule, folder: Path, lang: str, **options: object) -> None:
    ours = pages(render("pdf", sched, lang, **options))
    browser = pages(print_to_pdf(render("html", sched, lang, **options), folder))
    assert len(browser) == len(ours)
    for (w1, h1), (w2, h2) in zip(browser, ours, strict=True):
        assert w1 == pytest.approx(w2, abs=1.5) and h1 == pytest.approx(h2, abs=1.5)


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_chromium_prints_the_html_on_as_many_pages_as_our_pdf(lang: str, paper: str, tmp_path: Path) -> None:
    closures = {
        START + dt.timedelta(days=4): Closure("holiday", "Fête du Travail"),
        START + dt.timedelta(days=17): Closure("holiday", "Ascension"),
    }
    assert_same_pages(
        schedule(START, closures=closures), tmp_path, lang, paper=paper, site="Dermatologie – HDJ"
    )


@pytest.mark.parametrize("policy", [Policy.SHIFT, Policy.SKIP])
def test_chromium_agrees_on_moved_and_skipped_doses_with_many_closed_days(
    policy: Policy, tmp_path: Path
) -> None:
    closures = {START + dt.timedelta(days=d): Closure("closed", f"Fermeture {d}") for d in range(14, 30)}
    assert_same_pages(schedule(START, closures=closures, policy=policy), tmp_path, "fr", paper="letter")


def test_texts_as_long_as_allowed_do_not_push_the_layout_over(tmp_path: Path) -> None:
    head = {
        "id": "wide",
        "title": "W" * MAX_TITLE,
        "trial_id": "W" * MAX_TRIAL,
        "local_code": "W" * MAX_TRIAL,
        "drug": "W" * MAX_DRUG,
        "route": "intramuscular",
        "dose_unit": "international units",
    }
    toml = "[regimen]\n" + "".join(f'{k} = "{v}"\n' for k, v in head.items())
    toml += (
        '[[cycle]]\nweek = 1\ndose_iu = 1_000_000\ndays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]\n' * 1
    )
    toml += '[[cycle]]\nweek = 2\ndose_iu = 2_500_000\ndays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]\n'
    sched = build_schedule(Plan(regimen=parse_regimen(toml, "wide"), start=START))
    assert_same_pages(sched, tmp_path, "fr", site="W" * MAX_SITE)
