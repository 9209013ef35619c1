"""A real browser prints the HTML sheet on as many pages, of the same size, as our PDF.

Needs Chromium (Debian's ``chromium``). Without it the test skips, unless IL2SCHED_REQUIRE_TOOLS=1 (CI),
where a missing browser is a failure.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


EVERY_DAY = '["MO", "TU", "WE", "TH", "FR", "SA", "SU"]'


def widest_regimen(*doses: str) -> str:
    """A regimen whose title, trial, local code and drug are as long as allowed, a cycle a week per dose."""
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
    return toml + "".join(
        f"[[cycle]]\nweek = {week}\ndose_iu = {dose}\ndays = {EVERY_DAY}\n"
        for week, dose in enumerate(doses, 1)
    )


def test_texts_as_long_as_allowed_do_not_push_the_layout_over(tmp_path: Path) -> None:
    toml = widest_regimen("1_000_000", "2_500_000")
    sched = build_schedule(Plan(regimen=parse_regimen(toml, "wide"), start=START))
    assert_same_pages(sched, tmp_path, "fr", site="W" * MAX_SITE)


# --- Measured in the browser: nothing clipped, nothing outside its box, the embedded font in use ---

#: Run in the page: every way a text can be lost or spill, as a list of sentences (empty: all is well).
MEASURE = """
(family) => {
  const problems = [];
  const describe = (el) =>
    `${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 40)}"`;
  for (const el of document.querySelectorAll("body *")) {
    const style = getComputedStyle(el);
    if ((style.overflowX !== "visible" || style.overflowY !== "visible") &&
        (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) {
      problems.push(`clipped: ${describe(el)}`);
    }
  }
  for (const line of document.querySelectorAll(".ln")) {
    const box = line.closest("td, th, .label-box, .page").getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(line);
    const text = range.getBoundingClientRect();
    if (text.width === 0) continue;
    if (text.left < box.left - 0.5 || text.right > box.right + 0.5 ||
        text.top < box.top - 0.5 || text.bottom > box.bottom + 0.5) {
      const where = (r) => JSON.stringify([r.left, r.right, r.top, r.bottom]);
      problems.push(`outside its box: ${describe(line)} ${where(text)} in ${where(box)}`);
    }
  }
  // A tick box never lies over a word of its cell ("yes", "no": once drawn over each other in print).
  for (const tick of document.querySelectorAll(".box")) {
    const b = tick.getBoundingClientRect();
    for (const line of tick.closest("td, th, .label-box, .page").querySelectorAll(".ln")) {
      const range = document.createRange();
      range.selectNodeContents(line);
      const t = range.getBoundingClientRect();
      if (t.width > 0 && t.left < b.right - 0.5 && t.right > b.left + 0.5 && t.top < b.bottom - 0.5 &&
          t.bottom > b.top + 0.5) {
        problems.push(`a tick box over a word: ${describe(line)}`);
      }
    }
  }
  for (const page of document.querySelectorAll(".page")) {
    if (page.scrollHeight > page.clientHeight + 1) problems.push(`page too full: ${page.id}`);
  }
  if (!document.fonts.check(`8pt "${family}"`)) problems.push("the embedded font is not loaded");
  for (const face of document.fonts) {
    if (face.status !== "loaded") problems.push(`font face ${face.family} ${face.weight} is ${face.status}`);
  }
  const used = getComputedStyle(document.body).fontFamily;
  if (!used.includes(family)) problems.push(`body font is ${used}`);
  return problems;
}
"""


@contextmanager
def measuring(env: dict[str, str] | None = None) -> Iterator[Callable[[bytes, Path, bytes], None]]:
    """One Chromium for many documents: yields ``measure_one(html, folder, ours)``, which opens ``html`` in a
    fresh browser context, in screen then print media: no problem, and as many pages as ``ours``.

    ``env``: the browser's environment (a fontconfig file that rasterises fonts otherwise). Starting Chromium
    once per test, not once per document, is most of these tests' time."""
    executable = chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("IL2SCHED_REQUIRE_TOOLS") == "1":
            pytest.fail("playwright is not installed but IL2SCHED_REQUIRE_TOOLS=1: pip install -e '.[test]'")
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    from il2sched.print.fonts import FAMILY

    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=executable, args=["--no-sandbox"], env=env)

        def measure_one(html: bytes, folder: Path, ours: bytes) -> None:
            source = folder / "document.html"
            source.write_bytes(html)
            context = browser.new_context()  # nothing carried over from the previous document
            try:
                page = context.new_page()
                page.goto(source.as_uri())
                page.evaluate("document.fonts.ready.then(() => true)")
                for media in ("screen", "print"):
                    page.emulate_media(media=media)
                    assert page.evaluate(MEASURE, FAMILY) == [], media
                printed = page.pdf(prefer_css_page_size=True)
            finally:
                context.close()
            assert pdf_pages(printed) == pdf_pages(ours)

        try:
            yield measure_one
        finally:
            browser.close()


def pdf_pages(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def measure(html: bytes, folder: Path, ours: bytes, env: dict[str, str] | None = None) -> None:
    """:func:`measuring` for one document."""
    with measuring(env) as measure_one:
        measure_one(html, folder, ours)


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_in_chromium_the_sheet_clips_nothing_and_uses_the_embedded_font(
    lang: str, paper: str, tmp_path: Path
) -> None:
    closures = {
        START + dt.timedelta(days=4): Closure("holiday", "Fête du Travail"),
        START + dt.timedelta(days=16): Closure(
            "closed", "Fermeture exceptionnelle du service de dermatologie"
        ),
        START + dt.timedelta(days=17): Closure("holiday", "Ascension"),
    }
    cases = [
        schedule(START, closures=closures, patient="W" * 32, delays={3: 1}, time=dt.time(9, 0)),
        schedule(START, closures=closures, policy=Policy.SHIFT, weekends_open=False, patient="P-1"),
        schedule(START, closures=closures, policy=Policy.SKIP, patient="P-2"),
    ]
    with measuring() as measure_one:
        for n, sched in enumerate(cases):
            opts = {"paper": paper, "site": "Dermatologie – hôpital de jour", "double_check": n == 0}
            folder = tmp_path / str(n)
            folder.mkdir()
            measure_one(render("html", sched, lang, **opts), folder, render("pdf", sched, lang, **opts))


def test_in_chromium_texts_as_long_as_allowed_fit_their_boxes(tmp_path: Path) -> None:
    toml = widest_regimen("12_500_000")
    sched = build_schedule(Plan(regimen=parse_regimen(toml, "wide"), start=START, patient="M" * 32))
    opts = {"site": "W" * MAX_SITE}
    measure(render("html", sched, "fr", **opts), tmp_path, render("pdf", sched, "fr", **opts))


@pytest.mark.parametrize("code", ["NICE-001", "W" * 32])
def test_in_chromium_the_worklist_clips_nothing(code: str, tmp_path: Path) -> None:
    from helpers import STAMP

    from il2sched.app.formats import WORKLIST_FORMATS
    from il2sched.core.options import RenderOptions
    from il2sched.core.worklist import build_worklist
    from il2sched.sources.locale import texts_for

    closures = {dt.date(2026, 5, 14): Closure("holiday", "Ascension")}
    ward = [
        schedule(START + dt.timedelta(weeks=n % 6), patient=f"{code[:28]}{n:03d}"[-32:], closures=closures,
                 policy=Policy.SKIP if n % 5 == 0 else Policy.SHIFT, time=dt.time(8 + n % 8, 0))
        for n in range(40)
    ]  # fmt: skip
    days = build_worklist(ward, dt.date(2026, 5, 11), 5)
    options = RenderOptions(texts_for("fr"), STAMP, site="Dermatologie – hôpital de jour", double_check=True)
    html = WORKLIST_FORMATS["html"].renderer()(days, options)
    measure(html, tmp_path, WORKLIST_FORMATS["pdf"].renderer()(days, options))
