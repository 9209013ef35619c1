"""What a nurse met on the page (issue 20), in Debian's Chromium: the browser's Print command prints the
document alone and whole, a phone reaches the schedule in one move and sees every row's date, dose and
status, a page with errors says them first, codes never break at their hyphens."""

from __future__ import annotations

import io
from typing import Any

import pypdf
import pytest
from browser import PRINTED, RECORD_PRINT, ROSTER, browser, server
from helpers import run_cli_at_stamp
from web_client import Server

__all__ = ["browser", "server"]  # the fixtures

pytestmark = pytest.mark.slow  # a real server and a real browser

SCHEDULE = "start=2026-04-27&patient=P-0001&lang=fr&on-holiday=shift&remind=1h&site=Dermatologie"


def pdf_pages(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def cli_pdf(*args: str) -> bytes:
    result = run_cli_at_stamp(*args, "-f", "pdf")
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.mark.parametrize(
    ("path", "args"),
    [
        (f"print/generate?{SCHEDULE}", ("generate", "--start", "2026-04-27", "--patient", "P-0001", "--lang",
                                        "fr", "--on-holiday", "shift", "--site", "Dermatologie")),
        ("print/generate?start=2026-04-27&patient=P-0001&paper=letter",
         ("generate", "--start", "2026-04-27", "--patient", "P-0001", "--paper", "letter")),
        ("print/worklist?from=2026-05-11&days=5&lang=fr",
         ("worklist", str(ROSTER), "--from", "2026-05-11", "--days", "5", "--lang", "fr")),
    ],
    ids=["sheet-fr", "sheet-letter", "worklist"],
)  # fmt: skip
def test_the_browsers_print_command_on_a_print_page_prints_the_document_whole(
    server: Server, browser: Any, path: str, args: tuple[str, ...]
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_PRINT)
    page = context.new_page()
    page.goto(server.url + path)
    page.wait_for_function(PRINTED)  # it opened the print dialog by itself
    assert page.locator("#print-again").is_visible()  # the bar, on screen
    printed = page.pdf(prefer_css_page_size=True)  # the browser's Print command, on the page itself
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(printed)).pages)
    assert pdf_pages(printed) == pdf_pages(cli_pdf(*args))
    assert "telle qu'elle s'imprime" not in text and "as it prints" not in text  # no bar on paper
    assert page.locator(".il2sched-print-bar").evaluate("e => getComputedStyle(e).display") != "none"
    page.emulate_media(media="print")
    assert page.locator(".il2sched-print-bar").evaluate("e => getComputedStyle(e).display") == "none"
    context.close()


def rows_fit(page: Any, width: int, cells: str) -> list[str]:
    """The rows whose date, dose or status cell is not wholly in view across ``width`` (no sideways
    scroll)."""
    return list(
        page.evaluate(
            """([width, cells]) => [...document.querySelectorAll('table.stack tbody tr')].flatMap(row =>
                [...row.querySelectorAll(cells)].filter(cell => {
                  const box = cell.getBoundingClientRect();
                  return box.width === 0 || box.left < 0 || box.right > width + 0.5;
                }).map(cell => row.innerText.slice(0, 40)))""",
            [width, cells],
        )
    )


@pytest.mark.parametrize("width", [375, 640])  # a phone; 640 CSS pixels is 1280 at 200 % zoom
def test_on_a_narrow_screen_the_schedule_is_one_move_away_with_every_rows_date_dose_and_status(
    server: Server, browser: Any, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(f"{server.url}?{SCHEDULE}")
    jump = page.get_by_role("link", name="Aller au calendrier")
    box = jump.bounding_box()
    assert box is not None and box["y"] + box["height"] < 800  # in the first screen
    jump.click()
    top = page.locator("#preview-title").bounding_box()
    assert top is not None and 0 <= top["y"] < 800  # one move: the schedule is in view
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("table.administrations tbody tr").count() == 20
    assert rows_fit(page, width, "th, td.dose, td.status") == []
    status = page.locator("table.administrations td.status").first
    assert status.is_visible() and "prévue" in status.inner_text()
    page.goto(f"{server.url}ward?from=2026-05-11&days=2&lang=fr")
    assert page.locator("table.stack tbody tr").count() > 0
    assert rows_fit(page, width, "th, td.dose, td.status") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()


def test_a_page_opening_with_errors_says_them_first_and_leads_to_each_field(
    server: Server, browser: Any
) -> None:
    page = browser.new_page()
    page.goto(f"{server.url}?start=2026-04-27&lang=fr&time=25:00&remind=0m")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    summary = page.locator("#error-summary").inner_text()
    assert (
        "Il y a un problème" in summary and "'25:00' n'est pas une heure" in summary and "--" not in summary
    )
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#f-time"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # from the field's anchor, the next stop is the field after it
    assert page.evaluate("location.hash") == "#f-time"
    page.close()


def test_the_live_preview_says_a_new_error_in_french_beside_its_field_and_at_the_top(
    server: Server, browser: Any
) -> None:
    page = browser.new_page()
    page.goto(f"{server.url}?start=2026-04-27&patient=P-0001&lang=fr")
    page.get_by_label("Date de début", exact=False).fill("2026-04-28")
    slot = page.locator("#error-start")
    slot.filter(has_text="est un mardi").wait_for()
    assert "la date de début 2026-04-28 est un mardi" in slot.inner_text()
    summary = page.locator("#error-summary")
    assert summary.is_visible() and "est un mardi" in summary.inner_text()
    assert "--" not in page.locator("main").inner_text()
    page.get_by_label("Date de début", exact=False).fill("2026-04-27")
    page.locator("table.administrations").wait_for()
    assert not summary.is_visible() and slot.inner_text() == ""
    page.close()


def test_codes_never_break_at_their_hyphens(server: Server, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 320, "height": 800})
    code = "NICE-LONG-CODE-0001-A"
    for path in (f"?start=2026-04-27&patient={code}", "roster", "ward?from=2026-05-11&days=3"):
        page.goto(server.url + path)
        lines = page.evaluate(
            """() => [...document.querySelectorAll('.code')].map(e => e.querySelector('a') || e)
                 .map(e => [e.innerText, e.getClientRects().length])"""
        )
        assert lines and all(count == 1 for _, count in lines), (path, lines)
    page.close()
