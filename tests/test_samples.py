"""The committed samples are exactly what the code writes now."""

from __future__ import annotations

from pathlib import Path

import pytest
from golden import SAMPLES, SAMPLES_DIR, generate


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_is_what_the_code_writes_now(name: str, tmp_path: Path) -> None:
    committed = SAMPLES_DIR / name
    assert committed.exists(), f"samples/{name} is missing: run python tests/golden.py"
    assert generate(name, tmp_path) == committed.read_bytes(), (
        f"samples/{name} is stale: run python tests/golden.py and review the diff"
    )
