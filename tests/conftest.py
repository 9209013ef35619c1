"""Shared test setup: tests import ``golden`` from here, never touch the user's cache, never time out."""

from __future__ import annotations

import sys
import zoneinfo
from pathlib import Path

import pytest

# Tests import their shared modules from this folder: ``helpers`` (builders, the one CLI runner ``run_cli``
# and the one check of a refusal ``one_line_error``), ``golden``, ``hostile``, ``tools`` (outside programs and
# node packages), ``hypothesis_profile``.
sys.path.insert(0, str(Path(__file__).resolve().parent))

# The readers under test (icalendar, ical, recurring-ical-events) look IANA zones up with zoneinfo: let them
# use the pinned tzdata package, as il2sched does, not the machine's database (which may be older or newer).
# tests/test_clock_changes.py checks il2sched's own output with and without PYTHONTZPATH in subprocesses.
zoneinfo.reset_tzpath(to=[])
zoneinfo.ZoneInfo.clear_cache()

# Hypothesis without deadlines (no test asserts a time), all its examples in CI, a fifth in quick runs.
import hypothesis_profile  # noqa: E402  (found through the path set above)

HYPOTHESIS_PROFILE = hypothesis_profile.load()


def pytest_report_header() -> str:
    return (
        f"hypothesis profile: {HYPOTHESIS_PROFILE} (IL2SCHED_HYPOTHESIS=full runs every example, as CI does)"
    )


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IL2SCHED_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    # The ward record: never the user's own (IL2SCHED_DB, or ward.db in their data folder).
    monkeypatch.delenv("IL2SCHED_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.getbasetemp() / "data"))
