"""The committed samples are exactly what the code writes now."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest
from golden import SAMPLES, SAMPLES_DIR, generate

from il2sched.app.formats import SCHEDULE_FORMATS, WORKLIST_FORMATS, Format, format_of_name


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_is_what_the_code_writes_now(name: str, tmp_path: Path) -> None:
    committed = SAMPLES_DIR / name
    assert committed.exists(), f"samples/{name} is missing: run python tests/golden.py"
    assert generate(name, tmp_path) == committed.read_bytes(), (
        f"samples/{name} is stale: run python tests/golden.py and review the diff"
    )


@pytest.mark.parametrize(
    ("command", "formats"), [("generate", SCHEDULE_FORMATS), ("worklist", WORKLIST_FORMATS)]
)
def test_every_format_has_a_sample(command: str, formats: dict[str, Format]) -> None:
    """A format added to the registry needs a golden sample: this names the ones without."""
    covered = set()
    for name, args in SAMPLES.items():
        if args[0] == command:
            covered.add(args[args.index("-f") + 1] if "-f" in args else format_of_name(name, formats).name)
    assert sorted(set(formats) - covered) == []


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
