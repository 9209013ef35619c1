"""The README's picture of the page is the page as it is now (redrawn by ``python tests/golden.py``)."""

from __future__ import annotations

import struct
from pathlib import Path

from web_screenshot import SCREENSHOT, VIEWPORT, page_digest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_the_readme_picture_shows_the_current_page() -> None:
    sidecar = SAMPLES / f"{SCREENSHOT}.sha256"
    assert sidecar.exists(), f"samples/{sidecar.name} is missing: run python tests/golden.py"
    digest = sidecar.read_text(encoding="utf-8").split()[0]
    assert digest == page_digest(), f"samples/{SCREENSHOT} shows an older page: run python tests/golden.py"


def test_the_picture_is_a_png_of_the_stated_size() -> None:
    data = (SAMPLES / SCREENSHOT).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (VIEWPORT["width"], VIEWPORT["height"])


def test_the_readme_shows_the_picture() -> None:
    readme = (SAMPLES.parent / "README.md").read_text(encoding="utf-8")
    assert f"](samples/{SCREENSHOT})" in readme
