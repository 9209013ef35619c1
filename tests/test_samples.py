"""The committed samples are exactly what the code writes now."""

from __future__ import annotations

from importlib import metadata
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


def test_the_packages_whose_data_the_samples_embed_are_the_pinned_versions() -> None:
    """Installed without ``-c constraints.txt``, a newer holidays or tzdata would make samples look stale."""
    pins = {}
    for line in (SAMPLES_DIR.parent / "constraints.txt").read_text(encoding="utf-8").splitlines():
        text = line.split("#", 1)[0].strip()
        if text:
            name, _, pinned = text.partition("==")
            pins[name.strip()] = pinned.strip()
    assert {"holidays", "babel", "tzdata", "icalendar"} <= pins.keys()
    installed = {name: metadata.version(name) for name in pins}
    assert installed == pins, "install with: pip install -c constraints.txt -e '.[test]'"
