"""Start-up stays lean: a plain run imports only what its path needs (speed itself is bench/startup.py's)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

_PROBE = """
import json, sys
from il2sched.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.__stdout__)
"""

#: Modules no all-day CSV or calendar run needs: the web face, other commands, the CalDAV client, the
#: printing stack, time zone loading, and imports il2sched avoids on purpose (importlib.resources, hashlib).
#: fontTools (the HTML sheet's font subsets) and fpdf2 (which drew the PDFs until issue 18) are on no path but
#: the HTML sheet's: the PDF reads and subsets its font itself.
NEVER = (
    "il2sched.web", "il2sched.cli.serve", "il2sched.cli.info", "starlette", "uvicorn", "caldav", "jinja2",
    "fpdf", "fontTools", "babel", "zoneinfo", "importlib.resources", "hashlib",
    # The ward record: a run that names no --db never loads the store, its database packages or its folder.
    "il2sched.store", "il2sched.app.ward", "sqlalchemy", "alembic", "psycopg", "platformdirs",
    # The accounts' password hashes: only users add and a server's sign-in hash.
    "argon2",
)  # fmt: skip


def modules_after(args: list[str], cache: Path) -> set[str]:
    """The modules a fresh ``il2sched`` process has imported once it has run ``args`` (warm data cache)."""
    env = {**os.environ, "IL2SCHED_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1767600000"}
    command = [sys.executable, "-c", _PROBE, *args]
    subprocess.run(command, capture_output=True, env=env, check=True)  # fills the cache
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


#: What a calendar needs on top: icalendar (which imports zoneinfo itself) and hashlib (uuid5 UIDs).
CALENDAR = ("icalendar", "zoneinfo", "hashlib")
#: What the printed sheet needs on top: hashlib (the PDF's file identifier).
SHEET = ("hashlib",)


@pytest.mark.parametrize(("suffix", "heavy"), [(".csv", ()), (".ics", CALENDAR), (".pdf", SHEET)])
def test_an_all_day_run_imports_only_what_its_format_needs(
    suffix: str, heavy: tuple[str, ...], tmp_path: Path
) -> None:
    loaded = modules_after(
        ["generate", "--start", "2026-04-27", "-o", str(tmp_path / f"x{suffix}")], tmp_path
    )
    never = [n for n in NEVER if n not in heavy]
    unwanted = {m for m in loaded if any(m == n or m.startswith(f"{n}.") for n in never)}
    assert not unwanted, f"an all-day {suffix} run imported {sorted(unwanted)}"
    assert all(name in loaded for name in heavy)
    assert "holidays" not in loaded  # the warm cache answered
