"""Readers in their own processes place every calendar of the validity grid where zoneinfo does: vobject
(a fresh Python, both with the zone's name and renamed) and Thunderbird's parser, ical.js under node (renamed,
so that it must use our VTIMEZONE, as Thunderbird does for a zone it does not know).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tools import node_modules, require
from validity_grid import Case, assert_none_failed, expected_ends, expected_starts, renamed, rendered, utc

from il2sched.export.ics import event_uid

pytestmark = pytest.mark.slow  # hundreds of calendars read by programs in other processes


@pytest.fixture(scope="module")
def calendars() -> list[tuple[Case, bytes]]:
    return list(rendered())


# --- vobject, in a fresh interpreter ---

VOBJECT_SCRIPT = """
import datetime as dt, json, sys, vobject
out = {}
for path in sys.argv[1:]:
    with open(path, encoding="utf-8", newline="") as handle:
        cal = vobject.readOne(handle.read(), validate=True)
    rows = []
    for event in cal.vevent_list:
        start, end = event.dtstart.value, event.dtend.value
        timed = isinstance(start, dt.datetime)
        utc = lambda t: t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows.append([event.uid.value, utc(start) if timed else start.isoformat(),
                     utc(end) if timed else end.isoformat()])
    out[path] = rows
print(json.dumps(out))
"""


def _as_text(value: dt.date | dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if isinstance(value, dt.datetime) else value.isoformat()


def _read_all(
    command: list[str], calendars: list[tuple[Case, bytes]], folder: Path, both: bool, env: dict[str, str]
) -> list[tuple[Case, bytes, list[list[Any]]]]:
    """Run a reader program over every calendar (and its renamed twin when ``both``); its rows per file."""
    files: list[tuple[Case, bytes, Path]] = []
    for number, (case, data) in enumerate(calendars):
        versions = (
            [data, renamed(data, case.schedule.plan.tz)] if both else [renamed(data, case.schedule.plan.tz)]
        )
        for version, source in enumerate(versions):
            path = folder / f"{number}-{version}.ics"
            path.write_bytes(source)
            files.append((case, source, path))
    result = subprocess.run(
        [*command, *(str(p) for _, _, p in files)], capture_output=True, text=True, check=False, env=env
    )
    assert result.returncode == 0, result.stderr[-2000:]
    read = json.loads(result.stdout)
    return [(case, source, read[str(path)]) for case, source, path in files]


def _check_rows(case: Case, rows: list[list[Any]], reader: str) -> None:
    sched = case.schedule
    assert [r[0] for r in rows] == [event_uid(sched, a) for a in sched.given], f"{reader}: other UIDs"
    assert [r[1] for r in rows] == [_as_text(utc(s)) for s in expected_starts(sched)], (
        f"{reader}: other starts"
    )
    assert [r[2] for r in rows] == [_as_text(e) for e in expected_ends(case)], f"{reader}: other ends"


def test_vobject_in_a_fresh_process_reads_every_event(
    calendars: list[tuple[Case, bytes]], tmp_path: Path
) -> None:
    env = {**os.environ, "PYTHONTZPATH": ""}  # the tzdata package's zones, as il2sched's
    read = _read_all([sys.executable, "-c", VOBJECT_SCRIPT], calendars, tmp_path, True, env)
    found = []
    for case, _, rows in read:
        try:
            _check_rows(case, rows, "vobject")
        except AssertionError as exc:
            found.append(f"{case.name}: {exc}")
    assert_none_failed(found, len(read))


NODE = Path(__file__).resolve().parent / "node"


def test_thunderbirds_ical_js_places_every_event_with_our_vtimezone(
    calendars: list[tuple[Case, bytes]], tmp_path: Path
) -> None:
    """ical.js (Thunderbird's parser), under node, with each zone renamed: it must use our VTIMEZONE."""
    node = require("node", "nodejs", install="apt-get install nodejs npm")
    node_modules()  # ical.js, installed by npm ci when missing
    read = _read_all([node, str(NODE / "read_ics.mjs")], calendars, tmp_path, False, dict(os.environ))
    found = []
    for case, _, rows in read:
        try:
            _check_rows(case, rows, "ical.js")
            reminders = len(case.options.get("reminders", ()))
            assert [r[3] for r in rows] == [reminders] * len(rows), "ical.js: other alarms"
        except AssertionError as exc:
            found.append(f"{case.name}: {exc}")
    assert_none_failed(found, len(read))
