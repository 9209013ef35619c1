"""Shared test setup: tests import ``golden`` from this folder and never touch the user's cache."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IL2SCHED_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
