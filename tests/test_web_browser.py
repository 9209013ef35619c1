"""A nurse's use of the page in a real browser (Debian's Chromium driven by Playwright): fill the form, see
the schedule, download the calendar through the page's own link, print the sheet and the ward's worklist,
with no request leaving 127.0.0.1; axe-core finds nothing serious or critical on any page."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pypdf
import pytest
from browser import PRINTED, RECORD_PRINT, browser, serious_violations, server
from helpers import run_cli_at_stamp
from tools import node_modules
from web_client import Server

__all__ = ["browser", "server"]  # the fixtures

pytestmark = pytest.mark.slow  # a real server and a real browser


def cli_bytes(args: list[str]) -> bytes:
    result = run_cli_at_stamp(*args)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_a_nurse_fills_the_form_downloads_the_calendar_and_prints_the_sheet(
    server: Server, browser: Any, tmp_path: Path
) -> None:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_PRINT)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(server.url)

    page.get_by_label("Start date").fill("2026-04-28")  # a Tuesday: the command line's words, by the field
    error = page.locator("#error-start")
    error.filter(has_text="is a Tuesday").wait_for()
    assert error.inner_text().startswith("start date 2026-04-28 is a Tuesday, but week 1 starts on a Monday")
    assert page.get_by_label("Start date").get_attribute("aria-invalid") == "true"

    page.get_by_label("Start date").fill("2026-04-27")
    page.get_by_label("Patient code").fill("P-0001")
    page.get_by_label("Time of each administration").fill("09:00")
    page.get_by_label("Reminders before each administration").fill("1h\n1d")
    page.get_by_label("Doses on closed days").select_option("shift")
    page.get_by_label("Ward or site named on printed sheets").fill("Dermatologie")
    page.locator("table.administrations").filter(has_text="09:00").wait_for()
    # Weekends closed: Labour Day's dose has no day left in its window, and the row says so in words.
    page.locator("tr.needs-to_decide").filter(has_text="Investigator to decide").first.wait_for()
    preview = page.locator("#preview").inner_text()
    assert "Mon 27 Apr 2026" in preview and "1.5 million units" in preview and "3 million units" in preview
    assert "Total: 20 administrations, 52.5 million units" in preview
    assert page.get_by_label("Start date").get_attribute("aria-invalid") is None
    assert page.url.endswith("/?lang=en&start=2026-04-27&patient=P-0001&time=09%3A00&tz=Europe%2FParis"
                             "&remind=1h%0A1d&on-holiday=shift&site=Dermatologie&paper=a4&regimen=nct01840046"
                             "&duration=15&country=FR")  # fmt: skip

    args = ["generate", "--start", "2026-04-27", "--patient", "P-0001", "--time", "09:00", "--remind", "1h",
            "--remind", "1d", "--on-holiday", "shift", "--site", "Dermatologie"]  # fmt: skip
    with page.expect_download() as caught:
        page.get_by_role("link", name="Calendar (.ics)").click()
    download = caught.value
    assert download.suggested_filename == "P-0001.ics"
    assert Path(download.path()).read_bytes() == cli_bytes([*args, "-f", "ics"])

    page.get_by_role("link", name="Print the administration sheet").click()
    # The print page is the sheet itself: it opens the print dialog once loaded, and prints whole.
    page.wait_for_function(PRINTED)
    printed = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    ours = pypdf.PdfReader(io.BytesIO(cli_bytes([*args, "-f", "pdf"])))
    assert len(printed.pages) == len(ours.pages)
    page.get_by_role("link", name="Back").click()

    page.get_by_role("link", name="Worklist").click()
    page.get_by_label("First day").fill("2026-05-11")
    page.get_by_label("Number of days").fill("5")
    page.get_by_role("button", name="Show the worklist").click()
    page.get_by_role("heading", name="Monday 11 May 2026").wait_for()
    assert "NICE-001" in page.locator("main").inner_text()
    page.get_by_role("link", name="Print the worklist").click()
    page.wait_for_function(PRINTED)

    context.close()
    assert requested and all(url.startswith(server.url) for url in requested), requested
    assert not [m for m in console if "Content Security Policy" in m], console


def test_the_page_works_with_the_keyboard_alone(server: Server, browser: Any) -> None:
    page = browser.new_page()
    page.goto(server.url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "f-start":
            break
    assert page.evaluate("document.activeElement.id") == "f-start"
    page.keyboard.type("04272026")  # a date field takes the digits in the browser's own order
    if page.evaluate("document.activeElement.value") != "2026-04-27":
        page.locator("#f-start").fill("2026-04-27")  # another locale's order: the field is still reachable
    page.keyboard.press("Tab")
    page.keyboard.type("P-0002")
    page.locator("table.administrations").wait_for()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "print-sheet":
            break
    assert page.evaluate("document.activeElement.id") == "print-sheet"
    page.close()


@pytest.mark.parametrize("width", [320, 640])
def test_the_page_fits_a_narrow_screen_and_200_percent_zoom(server: Server, browser: Any, width: int) -> None:
    # 640 CSS pixels is a 1280-pixel window at 200 % zoom; 320 a small phone.
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(f"{server.url}?start=2026-04-27&patient=P-0001&on-holiday=shift&lang=fr")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()


PAGES = [
    "",
    "?start=2026-04-27&patient=P-0001&on-holiday=shift",
    "?start=2026-04-28&patient=P-0001&lang=fr",
    "?start=2026-04-27&time=25:00",
    "roster",
    "roster?lang=fr",
    "ward?from=2026-05-11&days=3",
    "print/generate?start=2026-04-27",
    "print/worklist?from=2026-05-11&days=2&lang=fr",
    "login",
    "generate?start=2026-04-28",
    "generate?start=2026-04-28&lang=fr",
    "?start=2026-04-27&lang=fr&time=25:00&remind=0m&remind=1h",
    "?start=2026-04-27&patient=P-0001&remind=1h&lang=fr",
]


@pytest.mark.parametrize("path", PAGES)
def test_axe_core_finds_nothing_serious(server: Server, browser: Any, path: str) -> None:
    node_modules()  # axe-core, installed by npm ci when missing
    context = browser.new_context(bypass_csp=True)  # axe is injected as an inline script
    page = context.new_page()
    page.goto(server.url + path, wait_until="networkidle")
    serious = serious_violations(page)
    context.close()
    assert not serious, serious
