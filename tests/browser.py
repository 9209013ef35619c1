"""The browser tests' shared setup: Debian's Chromium driven by Playwright, a real ``il2sched serve --roster``
on the sample roster, and the page scripts they use.

Test modules import the fixtures by name (``from browser import browser, server``). Both are module-scoped:
one Chromium and one server per test file (``--dist loadfile`` runs a file whole in one worker), never one
per test. A session-wide Chromium would clash with the tests that start Playwright themselves in the same
worker (``tests/test_html_chromium.py``, ``tests/web_screenshot.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXED_CLOCK
from web_client import Server, chromium, running, server_env

ROOT = Path(__file__).resolve().parent.parent
ROSTER = ROOT / "samples" / "roster.csv"
#: axe-core, installed by ``tools.node_modules`` (the accessibility checks).
AXE = ROOT / "tests" / "node" / "node_modules" / "axe-core" / "axe.min.js"
#: Records every window.print() call (the print page prints itself: the document, its bar hidden).
RECORD_PRINT = "window.print = function () { window.__printed = (window.__printed || 0) + 1; };"
#: True once the print page has opened the print dialog.
PRINTED = "() => window.__printed >= 1"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """A real ``il2sched serve`` on the sample roster, its clock fixed (``helpers.FIXED_CLOCK``)."""
    with running("--roster", str(ROSTER), env=server_env(**FIXED_CLOCK)) as started:
        yield started


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium (skips naming the install if missing; fails with IL2SCHED_REQUIRE_TOOLS=1)."""
    with chromium() as launched:
        yield launched


def serious_violations(page: Any) -> list[tuple[str, str, list[Any]]]:
    """axe-core's serious and critical findings on ``page`` (a page of a context made with
    ``bypass_csp=True``: axe is injected as an inline script), each with its first three elements."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
