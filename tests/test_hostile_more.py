"""More bad inputs and faults, one per row, found since tests/test_hostile.py (issue 21's command-line items
and the hunt that followed): each ends with exit 2 and exactly one ``il2sched: error:`` line, no traceback,
no hang, and every file that existed before as it was.

Rows that could take minutes on a regression (a TOML key of 100,000 parts) run in a process of their own with
the harness's timeout, so a regression fails instead of stalling the suite.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import (
    FOLDER,
    ROSTER,
    START,
    WORKLIST,
    Case,
    check,
    regimen,
    roster_with,
    sparse,
)

from il2sched.sources.regimens import MAX_KEY_PARTS, MAX_REGIMEN_BYTES

DEEP = 100_000  # parts of a dotted key: minutes of tomllib's time before it was bounded
LONG = "a" * 300  # longer than a file name may be (255 bytes)
PUBLISH = ("publish", "--url", "https://127.0.0.1:9/", "--username", "nurse", "--start", "2026-04-27",
           "--patient", "P1")  # fmt: skip
PASSWORD = {"IL2SCHED_CALDAV_PASSWORD": "not-used"}


#: A regimen of one phase: two doses in protocol week 1.
PHASES = regimen().split("[[cycle]]")[0] + (
    '[[phase]]\npattern = "weeks"\nweeks = [1]\nweekdays = ["MO", "TU"]\ndose_iu = 1_500_000\n'
)


def with_line(line: str) -> str:
    """A valid regimen file with ``line`` added at the end of its ``[regimen]`` table."""
    return regimen().replace("\n\n[[cycle]]", f"\n{line}\n\n[[cycle]]", 1)


REGIMEN_KEYS = [
    *(Case(f"regimen-{name}", (*START, "--regimen", "r.toml"), "dotted key of more than", {"r.toml": text},
           process=True)
      for name, text in [
          ("dotted-key-100000-parts", "a" + ".a" * (DEEP - 1) + " = 1\n"),
          ("quoted-dotted-key", '"a"' + ' . "a"' * (DEEP - 1) + " = 1\n"),
          ("table-name-100000-parts", "[" + "a." * (DEEP - 1) + "a]\n"),
          ("inline-table-dotted-key", with_line("x = {" + "a." * (DEEP - 1) + "a = 1}")),
          ("key-one-part-too-many", with_line("a" + ".a" * MAX_KEY_PARTS + " = 1")),
      ]),
    Case("roster-regimen-dotted-key", WORKLIST, "dotted key of more than",
         {"ward.csv": roster_with(regimen="r.toml"), "r.toml": "a" + ".a" * (DEEP - 1) + " = 1\n"},
         process=True),
    Case("roster-long-cell-names-its-line", WORKLIST, "ward.csv line 4: a cell longer than",
         {"ward.csv": ROSTER + "P2,2026-05-04\nP3," + "x" * 200_000 + "\n"}),
    Case("reminders-eleven", (*START, *(f"--remind={n}m" for n in range(1, 7)),
                              *(f"--remind-at=0{n}:00" for n in range(1, 6))), "give 10 at most"),
    Case("regimen-over-1-mib", (*START, "--regimen", "r.toml"), "larger than 1 MiB",
         {"r.toml": sparse(MAX_REGIMEN_BYTES + 1)}),
]  # fmt: skip

NAMES = [
    Case("regimen-name-too-long", (*START, "--regimen", LONG), "unknown regimen"),
    Case("regimen-path-too-long", (*START, "--regimen", f"{LONG}.toml"), "File name too long"),
    Case("roster-regimen-name-too-long", WORKLIST, "unknown regimen",
         {"ward.csv": roster_with(regimen=LONG)}),
    Case("batch-outdir-name-too-long", ("batch", "ward.csv", "-d", LONG), "File name too long",
         {"ward.csv": ROSTER}),
    Case("batch-full-disk", ("batch", "ward.csv", "-d", "disk/out"), "No space left on device",
         {"ward.csv": ROSTER, "disk/out/notes.txt": "the coordinator's notes\n"}, root=True, tmpfs="disk"),
    Case("batch-manifest-nested-too-deep", ("batch", "ward.csv", "-d", "out"), "not written by a batch",
         {"ward.csv": ROSTER, "out/.il2sched-batch.json": "[" * 100_000 + "]" * 100_000, "out/P1.ics": "x"}),
    Case("batch-coordinators-folder-with-an-outputs-name", ("batch", "ward.csv", "-d", "out"),
         "out/P1.ics was not written by a batch",
         {"ward.csv": ROSTER, "out/.il2sched-batch.json": '["P1.ics", "P1.csv", "ward.ics", "ward.csv"]',
          "out/P1.ics/notes.txt": "the coordinator's notes, in a folder the batch once wrote a file as\n"}),
    Case("out-folder-without-format", (*START, "-o", "folder"), "it is a folder", {"folder": FOLDER}),
    *(Case(f"out-{name}", (*START, "-f", "csv", "-o", target), expect)
      for name, target, expect in [("trailing-slash", "new.csv/", "a name ending in '/' names a folder"),
                                   ("empty", "", "-o is empty")]),
    Case("out-existing-folder-trailing-slash", (*START, "-f", "csv", "-o", "folder/"), "names a folder",
         {"folder": FOLDER}),
    Case("worklist-out-folder-without-format", (*WORKLIST, "-o", "folder"), "it is a folder",
         {"ward.csv": ROSTER, "folder": FOLDER}),
]  # fmt: skip

TEXTS = [
    *(Case(f"site-{name}-{fmt}", (*START, "--site", f"Ward{char}", "-f", fmt, "-o", f"s.{fmt}"), expect)
      for name, char, expect in [("not-utf8", "\udcff", "U+DCFF, a byte that is not UTF-8"),
                                 ("noncharacter", "\ufffe", "U+FFFE, a noncharacter")]
      for fmt in ("html", "pdf")),
    *(Case(f"unprintable-{name}-{fmt}", (*START, *args, "-f", fmt, "-o", f"s.{fmt}"), expect, files)
      for name, args, files, expect in [
          ("site-chinese", ("--site", "Derm 皮膚科"), {}, "--site contains '皮' (U+76AE), which the printed"),
          ("site-emoji", ("--site", "Ward 💉"), {}, "(U+1F489)"),
          ("title-korean", ("--regimen", "r.toml"), {"r.toml": regimen(title='"피부과"')}, "(U+D53C)"),
      ]
      for fmt in ("html", "pdf")),
    *(Case(f"unprintable-worklist-{name}", ("worklist", "ward.csv", "--from", "2026-04-27", "-o", "w.pdf"),
           expect, {"ward.csv": roster_with(regimen="r.toml"), "r.toml": text})
      for name, text, expect in [
          ("drug-korean", regimen(drug='"피부과"'), "the regimen's drug contains '피'"),
          ("phase-name-thai", PHASES.replace("[[phase]]", '[[phase]]\nname = "ก"'), "phase[1].name contains"),
      ]),
    Case("batch-row-site-unprintable", ("batch", "ward.csv", "-d", "out", "-f", "csv,pdf"),
         "ward.csv line 3: --site contains '皮'",
         {"ward.csv": roster_with(site="Ward") + "P2,2026-05-04,Derm 皮膚科\n"}),
    Case("roster-site-noncharacter", WORKLIST, "U+FFFF, a noncharacter",
         {"ward.csv": roster_with(site="A\uffff")}),
    *(Case(f"publish-calendar-{name}", (*PUBLISH, "--calendar", value), expect, env=PASSWORD)
      for name, value, expect in [("control-character", "Ward\x01", "--calendar contains U+0001"),
                                  ("line-feed", "Ward\nB", "--calendar contains U+000A LINE FEED"),
                                  ("not-utf8", "Ward\udcff", "--calendar contains U+DCFF"),
                                  ("noncharacter", "Ward\uffff", "--calendar contains U+FFFF"),
                                  ("empty", " ", "--calendar is empty"),
                                  ("too-long", "W" * 256, "--calendar is 256 characters long")]),
    *(Case(f"publish-username-{name}", (*PUBLISH, "--calendar", "Ward", "--username", value), expect,
           env=PASSWORD)
      for name, value, expect in [("empty", "", "--username is empty"),
                                  ("line-break", "nurse\r\nX: y", "--username contains U+000D")]),
    *(Case(f"publish-host-{name}", (*PUBLISH[:2], f"https://{host}/", *PUBLISH[3:], "--calendar", "W"),
           "is not a host name", env=PASSWORD)
      for name, host in [("label-over-63", "a" * 64 + ".example"), ("empty-label", "a..example"),
                         ("leading-dot", ".example")]),
]  # fmt: skip

#: Commands whose output goes to standard output: the schedule, the worklist, the lists, help and version.
PRINTING = {
    "generate": (*START, "--no-holidays"), "worklist": (*WORKLIST, "--no-holidays"),
    "holidays": ("holidays", "--year", "2026"), "regimens": ("regimens",), "help": ("generate", "--help"),
    "version": ("--version",),
}  # fmt: skip

STREAMS = [
    *(Case(f"stdout-full-{name}", args, "cannot write to standard output: No space left on device",
           {"ward.csv": ROSTER}, process=True, stdout="/dev/full")
      for name, args in PRINTING.items()),
    *(Case(f"stdout-closed-{name}", PRINTING[name], "cannot write to standard output: it is closed",
           {"ward.csv": ROSTER}, process=True, stdout="closed")
      for name in ("generate", "worklist")),
]  # fmt: skip

CASES = [*REGIMEN_KEYS, *NAMES, *TEXTS, *STREAMS]


def test_every_case_has_its_own_name() -> None:
    from test_hostile import CASES as EARLIER

    names = [case.id for case in (*EARLIER, *CASES)]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_input_is_one_line_exit_2_and_changes_nothing(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check(case, tmp_path, monkeypatch)


def test_an_error_quoting_half_a_megabyte_keeps_its_start_and_its_fix(tmp_path: Path) -> None:
    from helpers import run_cli

    path = tmp_path / "r.toml"
    path.write_text(regimen(route='"' + "x" * 500_000 + '"'), encoding="utf-8")
    result = run_cli(*START, "--regimen", str(path))
    (line,) = result.stderr.splitlines()
    assert result.exit_code == 2 and len(line) < 1100, line[:200]
    assert line.startswith(f"il2sched: error: {path}: key 'regimen.route' is 'xxx")
    assert "characters left out)…" in line and line.endswith("intravenous, intramuscular, oral"), line[-200:]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("option", "value", "expect"),
    [("--calendar", "Ward\x01", "--calendar contains U+0001"), ("--username", "", "--username is empty")],
)
def test_publishing_to_a_real_server_with_a_name_it_cannot_take_is_one_line(
    tmp_path: Path, option: str, value: str, expect: str
) -> None:
    # Against a real server these got as far as the XML or HTTP library: a traceback, exit 1.
    import caldav
    from click.testing import CliRunner
    from radicale_server import radicale

    from il2sched.cli import main

    with radicale(tmp_path) as server:
        names = {"--calendar": "Ward", "--username": server.user, option: value}
        args = ["publish", "--url", server.url, "--start", "2026-04-27", "--patient", "P1",
                *(part for pair in names.items() for part in pair)]  # fmt: skip
        result = CliRunner().invoke(main, args, env={"IL2SCHED_CALDAV_PASSWORD": server.password})
        client = caldav.DAVClient(url=server.url, username=server.user, password=server.password)
        calendars = client.principal().calendars()
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    (line,) = result.stderr.splitlines()[-1:]
    assert result.exit_code == 2 and line.startswith("il2sched: error:") and expect in line, result.stderr
    assert calendars == []  # nothing created on the server


@pytest.mark.slow
def test_a_server_that_dribbles_its_answer_cannot_hold_a_publish(monkeypatch: pytest.MonkeyPatch) -> None:
    # The client's timeout bounds each wait for a byte; a header line every second held the run forever.
    import socket
    import threading
    import time

    from click.testing import CliRunner

    from il2sched.cli import main
    from il2sched.sources import caldav

    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def dribble() -> None:
        connection, _ = server.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\n")
            give_up = time.monotonic() + 30  # so that a regression fails here instead of hanging the suite
            while not stop.is_set() and time.monotonic() < give_up:
                try:
                    connection.sendall(b"X-Still-There: yes\r\n")
                except OSError:
                    return
                time.sleep(0.5)

    thread = threading.Thread(target=dribble, daemon=True)
    thread.start()
    monkeypatch.setattr(caldav, "CALL_DEADLINE", 3)
    url = f"http://127.0.0.1:{server.getsockname()[1]}/"
    try:
        args = [*PUBLISH[:2], url, *PUBLISH[3:], "--calendar", "Ward", "--no-holidays"]
        result = CliRunner().invoke(main, args, env=PASSWORD)
    finally:
        stop.set()
        server.close()
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert "no complete answer within 3 seconds" in line, line
