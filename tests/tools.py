"""Outside programs the tests use (a browser, pdftoppm, node): found, or the test skips.

On a user's machine a missing program skips the test that needs it; in CI (``IL2SCHED_REQUIRE_TOOLS=1``,
set by ``.ci/run``, which installs them all) a missing program is a failure, never a silent skip.
"""

from __future__ import annotations

import os
import shutil

import pytest


def require(*names: str, install: str) -> str:
    """The path of the first of ``names`` found on PATH; else skip (or fail in CI) saying ``install``."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("IL2SCHED_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{names[0]} is not installed but IL2SCHED_REQUIRE_TOOLS=1: {install}")
    pytest.skip(f"{names[0]} is not installed ({install})")
