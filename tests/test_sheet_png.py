"""The README's picture of the French sheet is drawn from the committed PDF sample, at the stated size."""

from __future__ import annotations

import hashlib
import math
import shutil
import struct
from pathlib import Path

from golden import SAMPLES, SAMPLES_DIR, SHEET_PNG, SHEET_PNG_DPI, SHEET_PNG_SOURCE, render_sheet_png
from tools import require

A4_POINTS = (595.28, 841.89)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    return width, height


def expected_size() -> tuple[int, int]:
    # pdftoppm rounds a partial pixel up: 595.28 pt at 75 dpi is 620.08 pixels, drawn as 621.
    return tuple(math.ceil(points / 72 * SHEET_PNG_DPI) for points in A4_POINTS)  # type: ignore[return-value]


def test_the_picture_was_drawn_from_the_current_pdf_sample() -> None:
    assert (
        SHEET_PNG_SOURCE in SAMPLES
    )  # tests/test_samples.py keeps that PDF identical to what the code writes
    sidecar = SAMPLES_DIR / f"{SHEET_PNG}.sha256"
    assert sidecar.exists(), f"samples/{sidecar.name} is missing: run python tests/golden.py"
    digest, name = sidecar.read_text(encoding="utf-8").split()
    assert name == SHEET_PNG_SOURCE
    current = hashlib.sha256((SAMPLES_DIR / SHEET_PNG_SOURCE).read_bytes()).hexdigest()
    assert digest == current, (
        f"samples/{SHEET_PNG} shows an older {SHEET_PNG_SOURCE}: run python tests/golden.py"
    )


def test_the_picture_is_one_a4_page_at_the_stated_resolution() -> None:
    assert png_size((SAMPLES_DIR / SHEET_PNG).read_bytes()) == expected_size()


def test_the_picture_can_be_redrawn_here(tmp_path: Path) -> None:
    require("pdftoppm", install="apt-get install poppler-utils")
    shutil.copy(SAMPLES_DIR / SHEET_PNG_SOURCE, tmp_path / SHEET_PNG_SOURCE)
    drawn = render_sheet_png(tmp_path)
    assert png_size(drawn.read_bytes()) == png_size((SAMPLES_DIR / SHEET_PNG).read_bytes())
    sidecar = f"{SHEET_PNG}.sha256"
    assert (tmp_path / sidecar).read_bytes() == (SAMPLES_DIR / sidecar).read_bytes()
