"""A nurse's day on the ward's page in a real browser (Debian's Chromium driven by Playwright) over a real
``il2sched serve --db``: in French she enrols a patient, records three doses from Today (one moved within its
window, one not given with a reason), reads the patient's states and adherence, prints the sheet filled from
the record (as many pages as the command line's PDF); a second browser recording a dose already recorded gets
409 and sees the first record; the keyboard alone enrols and records; the status column shows at 375 px and
at 200 % zoom; axe-core finds nothing serious on any of these pages."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pypdf
import pytest
from browser import PRINTED, RECORD_PRINT, browser, serious_violations
from helpers import run_cli
from tools import node_modules
from web_client import Server, running

__all__ = ["browser"]

pytestmark = pytest.mark.slow  # a real server and a real browser

TODAY = dt.date.today()
#: The Monday two weeks back: cycle 1's doses are all in the past (a record is never in the future).
START = TODAY - dt.timedelta(days=TODAY.weekday() + 14)
CODE = "NICE-007"
#: A patient the command line enrolled before the server started (the pages every test reads).
SEEDED = "NICE-006"


def day(offset: int) -> str:
    return (START + dt.timedelta(days=offset)).isoformat()


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('ward') / 'ward.db'}"


@pytest.fixture(scope="module")
def server(ward: str) -> Iterator[Server]:
    added = run_cli("patients", "add", SEEDED, "--start", START.isoformat(), "--no-holidays", "--lang", "fr",
                    "--by", "AB", "--db", ward)  # fmt: skip
    assert added.exit_code == 0, added.output
    with running("--db", ward) as started:
        yield started


def enrol(page: Any, url: str, code: str) -> None:
    page.goto(f"{url}patients?lang=fr")
    form = page.locator("#enrol-form")
    form.get_by_label("Date de début").fill(START.isoformat())
    form.get_by_label("Code patient").fill(code)
    form.get_by_label("Heure de chaque administration").fill("09:00")
    form.locator("summary", has_text="Autres options").click()
    form.get_by_label("Ignorer les jours fériés").check()  # a public holiday would make a dose to decide
    form.get_by_label("Vos initiales").fill("AB")
    form.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/patients/{code}?lang=fr&saved=*")


def record_given(page: Any, row: Any, when: str, initials: str = "AB") -> Any:
    form = row.locator(".record-given")
    form.locator("summary").click()
    form.get_by_label("Faite le").fill(when)
    form.get_by_label("Lot").fill("A123")
    form.get_by_label("Péremption").fill("2099-01")
    form.get_by_label("Site d'injection").select_option("abdomen-left")
    form.get_by_label("Vos initiales").fill(initials)
    with page.expect_response(lambda r: "/today/record" in r.url) as answer:
        form.get_by_role("button", name="Valider\u202f: faite").click()
    return answer.value


def test_a_nurse_in_french_enrols_records_and_prints(server: Server, browser: Any, ward: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_PRINT)
    page = context.new_page()
    enrol(page, server.url, CODE)

    page.goto(f"{server.url}today?date={day(0)}&lang=fr")
    row = page.locator(f"#row-{CODE}-1-1")
    assert record_given(page, row, f"{day(0)}T09:10").status == 200
    page.locator(f"#row-{CODE}-1-1[data-state=given_as_planned]").wait_for()

    page.goto(f"{server.url}today?date={day(1)}&lang=fr")
    moved = record_given(page, page.locator(f"#row-{CODE}-1-2"), f"{day(2)}T10:00")  # a day later: in window
    assert moved.status == 200

    page.goto(f"{server.url}today?date={day(2)}&lang=fr")
    row = page.locator(f"#row-{CODE}-1-3 .record-not-given")
    row.locator("summary").click()
    row.get_by_label("Raison").select_option("refused")
    row.get_by_label("Remarque").fill("nausées")
    row.get_by_label("Vos initiales").fill("AB")
    row.get_by_role("button", name="Valider\u202f: non faite").click()
    page.locator(f"#row-{CODE}-1-3[data-state=not_given]").wait_for()

    page.goto(f"{server.url}patients/{CODE}?lang=fr")
    states = page.locator("#doses tbody tr").evaluate_all("rows => rows.map(r => r.dataset.state)")
    assert states[:5] == ["given_as_planned", "given_moved", "not_given", "overdue", "overdue"]
    text = page.locator("main").inner_text()
    assert "administrée, déplacée dans sa fenêtre" in text and "refusée" in text
    assert "2 doses sur 5 (40\u202f%)" in text  # cycle 1 to date: given over planned

    page.get_by_role("link", name="Imprimer la feuille remplie d'après le registre").click()
    page.wait_for_function(PRINTED)  # the print page is the sheet itself, printed whole
    printed = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    cli = run_cli("generate", "--patient", CODE, "--db", ward, "--lang", "fr", "-f", "pdf")
    assert cli.exit_code == 0, cli.output
    assert len(printed.pages) == len(pypdf.PdfReader(io.BytesIO(cli.stdout_bytes)).pages)
    assert "A123" in page.content()
    context.close()


def test_a_second_nurse_recording_the_same_dose_gets_409(server: Server, browser: Any) -> None:
    first, second = browser.new_context(), browser.new_context()
    page_one, page_two = first.new_page(), second.new_page()
    enrol(page_one, server.url, "NICE-008")
    for page in (page_one, page_two):  # both nurses open the day before either records
        page.goto(f"{server.url}today?date={day(3)}&lang=fr")
    assert record_given(page_one, page_one.locator("#row-NICE-008-1-4"), f"{day(3)}T09:05").status == 200
    late = record_given(page_two, page_two.locator("#row-NICE-008-1-4"), f"{day(3)}T09:20", "CD")
    assert late.status == 409
    shown = page_two.locator("#row-NICE-008-1-4 .already")
    assert "Déjà enregistrée par une autre infirmière" in shown.inner_text()
    assert f"{day(3)} 09:05" in shown.inner_text() and "par AB" in shown.inner_text()
    first.close()
    second.close()


def test_the_keyboard_alone_enrols_and_records(server: Server, browser: Any) -> None:
    page = browser.new_page()
    page.goto(f"{server.url}patients?lang=en")

    def tab_to(selector: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#enrol-form #f-start")
    page.locator("#f-start").fill(START.isoformat())  # a date field's typing order is the browser's locale's
    tab_to("#enrol-form #f-patient")  # Tab first walks the date's own parts (day, month, year)
    page.keyboard.type("KEY-1")
    tab_to("#enrol-form #f-by")
    page.keyboard.type("AB")
    page.keyboard.press("Enter")
    page.wait_for_url("**/patients/KEY-1?lang=en&saved=*")
    page.goto(f"{server.url}today?date={day(4)}&lang=en")
    tab_to("#row-KEY-1-1-5 .record-not-given summary")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the first reason
    tab_to("#row-KEY-1-1-5 .record-not-given input[name=by]")
    page.keyboard.type("AB")
    page.keyboard.press("Enter")
    page.locator("#row-KEY-1-1-5[data-state=not_given]").wait_for()
    page.close()


@pytest.mark.parametrize("width", [375, 640])  # a phone; 640 CSS pixels: a 1280-pixel window at 200 %
def test_the_status_column_shows_on_a_narrow_screen(server: Server, browser: Any, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(f"{server.url}patients/{SEEDED}?lang=fr")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    cells = page.locator("#doses td.state")
    assert cells.count() == 20
    for index in (0, 19):
        box = cells.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        assert cells.nth(index).is_visible()
    page.close()


PAGES = ["patients", "patients?lang=fr", f"patients/{SEEDED}", f"today?date={day(0)}&lang=fr",
         f"today?date={day(3)}", "audit?lang=fr", f"audit?patient={SEEDED}"]  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
def test_axe_core_finds_nothing_serious_on_the_ward_pages(server: Server, browser: Any, path: str) -> None:
    node_modules()
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(server.url + path, wait_until="networkidle")
    for summary in page.locator("details > summary").all()[:6]:  # the record forms too
        summary.click()
    serious = serious_violations(page)
    context.close()
    assert not serious, serious
