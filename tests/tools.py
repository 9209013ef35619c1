"""Outside programs the tests use (a browser, pdftoppm, node): found, or the test skips; node's packages
installed on first use.

On a user's machine a missing program skips the test that needs it; in CI (``IL2SCHED_REQUIRE_TOOLS=1``,
set by ``.ci/run``, which installs them all) a missing program is a failure, never a silent skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

try:
    import fcntl
except ImportError:  # Windows: tests run one process at a time there
    fcntl = None  # type: ignore[assignment]


def require(*names: str, install: str) -> str:
    """The path of the first of ``names`` found on PATH; else skip (or fail in CI) saying ``install``."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("IL2SCHED_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{names[0]} is not installed but IL2SCHED_REQUIRE_TOOLS=1: {install}")
    pytest.skip(f"{names[0]} is not installed ({install})")


#: The JavaScript packages the tests use (axe-core in the browser, ical.js under node), pinned by the lock.
NODE_DIR = Path(__file__).resolve().parent / "node"
_LOCK = NODE_DIR / "package-lock.json"


def _installed_versions() -> dict[str, str] | None:
    """Each package's version as ``npm ci`` last installed it (npm's hidden lockfile), or None."""
    try:
        hidden = NODE_DIR / "node_modules" / ".package-lock.json"
        packages = json.loads(hidden.read_text("utf-8"))["packages"]
    except (OSError, ValueError, KeyError):
        return None
    return {name: entry.get("version", "") for name, entry in packages.items()}


def _wanted_versions() -> dict[str, str]:
    packages = json.loads(_LOCK.read_text("utf-8"))["packages"]
    return {name: entry.get("version", "") for name, entry in packages.items() if name}


def node_modules() -> Path:
    """``tests/node/node_modules``, installed with ``npm ci`` first when missing or not what the lock pins.

    Two test processes may ask at once (a lock file serializes them). Without npm the test skips saying how
    to install it (or fails in CI); an ``npm ci`` that fails (no network, say) is reported the same way.
    """
    if _installed_versions() == _wanted_versions():
        return NODE_DIR / "node_modules"
    npm = require("npm", install="apt-get install nodejs npm")
    with open(NODE_DIR / ".npm-ci.lock", "w") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        if _installed_versions() != _wanted_versions():
            command = [npm, "ci", "--no-audit", "--no-fund", "--silent"]
            try:
                done = subprocess.run(command, cwd=NODE_DIR, capture_output=True, text=True, timeout=600)
                failed = done.returncode != 0 and (done.stderr.strip() or f"exit {done.returncode}")
            except subprocess.TimeoutExpired:
                failed = "no answer in 10 minutes"
            if failed or _installed_versions() != _wanted_versions():
                message = f"'npm ci' in {NODE_DIR} failed: {str(failed).splitlines()[-1] if failed else '?'}"
                if os.environ.get("IL2SCHED_REQUIRE_TOOLS") == "1":
                    pytest.fail(message)
                pytest.skip(message)
    return NODE_DIR / "node_modules"
