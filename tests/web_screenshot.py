"""The README's picture of the page, taken by the browser the tests drive, and how to tell it is stale.

The sidecar ``web-page.png.sha256`` holds the digest of what the picture shows: the page's HTML for the
sample query, its style sheet and its script. tests/test_web_browser.py recomputes it; a change to the page
then says "run python tests/golden.py" instead of leaving an old picture in the README.
"""

from __future__ import annotations

import hashlib
import os
from importlib import resources
from pathlib import Path

SCREENSHOT = "web-page.png"
#: What the picture shows: a French ward's patient, doses moved off the May holidays.
QUERY = "start=2026-04-27&patient=P-0001&lang=fr&time=09:00&on-holiday=shift&site=Dermatologie"
VIEWPORT = {"width": 1280, "height": 1000}
CHROMIUM = "/usr/bin/chromium"


def page_digest() -> str:
    """The sha256 of the page's HTML for :data:`QUERY` and of its static files."""
    from web_client import app, call

    digest = hashlib.sha256(call(app(), f"/?{QUERY}", headers={"accept": "text/html"}).body)
    static = resources.files("il2sched.web") / "static"
    for name in sorted(p.name for p in static.iterdir()):
        digest.update((static / name).read_bytes())
    return digest.hexdigest()


def take_screenshot(folder: Path, executable: str = CHROMIUM) -> Path:
    """Start ``il2sched serve``, open the sample query in Chromium and save the top of the page."""
    from playwright.sync_api import sync_playwright
    from web_client import running, server_env

    target = folder / SCREENSHOT
    with running(env=server_env(SOURCE_DATE_EPOCH="1767600000")) as server, sync_playwright() as p:
        # The date and time fields draw their value in the browser's own language: French, as a nurse in Nice
        # sees it (Chromium on Linux takes it from the environment, not from the page's locale).
        french = {**os.environ, "LANG": "fr_FR.UTF-8", "LANGUAGE": "fr", "LC_ALL": "fr_FR.UTF-8"}
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"], env=french)
        try:
            page = browser.new_page(viewport=VIEWPORT, locale="fr-FR")  # type: ignore[arg-type]
            page.goto(f"{server.url}?{QUERY}")
            page.wait_for_selector("table.administrations")
            page.screenshot(path=str(target))
        finally:
            browser.close()
    (folder / f"{SCREENSHOT}.sha256").write_text(f"{page_digest()}  {QUERY}\n", encoding="utf-8")
    return target


if __name__ == "__main__":
    import sys

    sys.path.insert(0, os.fspath(Path(__file__).resolve().parent))
    take_screenshot(Path(__file__).resolve().parent.parent / "samples")
