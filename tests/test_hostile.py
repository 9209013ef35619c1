"""Bad inputs and faults, one per row: each ends with exit 2 and exactly one ``il2sched: error:`` line, no
traceback, no hang, and every file that existed before is byte-for-byte (and inode-for-inode) as it was.

The families follow issue 10: outputs, inputs, bounded values, batch folders, one-line texts, publishing,
``--country ''``. Rows that need root (device nodes made with mknod, a full tmpfs) skip elsewhere; CI runs
as root. Positive behaviours at the same edges (writing into a device, the batch swap, the cache, signals)
are in tests/test_edges.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import run_cli
from hostile import (
    BLOCK_DEVICE,
    FIFO,
    FOLDER,
    FULL_DEVICE,
    ROSTER,
    SOCKET,
    START,
    WORKLIST,
    ZERO_DEVICE,
    Case,
    check,
    hardlink,
    regimen,
    roster_with,
    sparse,
    symlink,
)
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis_profile import examples

from il2sched.app.formats import SCHEDULE_FORMATS
from il2sched.core.bounds import LAST_DATE as LAST
from il2sched.sources.files import MAX_REPLACED_BYTES

BIG = 11 * 1024 * 1024  # above the 10 MiB input cap
HANGS = ("fifo", "zero-device", "dev-zero")  # inputs that hung or blew up memory: run with a timeout
CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a@il2sched\r\nSEQUENCE:{}\r\n"
    "DTSTART;VALUE=DATE:20260427\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
NESTED = "[regimen]\nid = " + "[" * 5000 + "]" * 5000 + "\n"
DELAYS = ("--delay", "1:99", "--delay", "2:99", "--delay", "3:99", "--delay", "4:99")  # 396 weeks in all
PUBLISH = (
    "publish",
    "--calendar",
    "Ward",
    "--username",
    "nurse",
    "--start",
    "2026-04-27",
    "--patient",
    "P1",
    "--url",
)


OUTPUTS = [
    Case("out-folder", (*START, "-f", "ics", "-o", "folder"), "it is a folder", {"folder": FOLDER}),
    Case("out-socket", (*START, "-f", "ics", "-o", "sock"), "it is a socket", {"sock": SOCKET}),
    Case("out-block-device", (*START, "-o", "d.ics"), "block device", {"d.ics": BLOCK_DEVICE}, root=True),
    Case("out-fifo-nobody-reads", (*START, "-o", "pipe.ics"), "no program is reading it", {"pipe.ics": FIFO},
         process=True),
    Case("out-full-device", (*START, "-o", "f.ics"), "No space left", {"f.ics": FULL_DEVICE}, root=True),
    Case("out-full-disk", (*START, "-f", "pdf", "-o", "disk/p.pdf"), "No space left",
         {"disk/p.pdf": "the previous sheet"}, root=True, tmpfs="disk"),
    Case("out-missing-folder", (*START, "-o", "nowhere/p.ics"), "does not exist"),
    Case("out-is-the-roster", (*WORKLIST, "-o", "ward.csv"), "it is the roster", {"ward.csv": ROSTER}),
    Case("out-is-the-roster-by-hard-link", (*WORKLIST, "-o", "copy.csv"), "it is the roster",
         {"ward.csv": ROSTER, "copy.csv": hardlink("ward.csv")}),
    Case("out-is-the-roster-by-symlink", (*WORKLIST, "-o", "link.csv"), "it is the roster",
         {"ward.csv": ROSTER, "link.csv": symlink("ward.csv")}),
    Case("out-is-the-regimen", (*START, "--regimen", "r.toml", "-o", "r.toml", "-f", "csv"), "regimen file",
         {"r.toml": regimen()}),
    Case("out-is-a-rows-regimen", (*WORKLIST, "-o", "r.toml", "-f", "csv"), "regimen file",
         {"ward.csv": roster_with(regimen="r.toml"), "r.toml": regimen()}),
    Case("out-is-the-closures", (*START, "--closed-file", "c.txt", "-o", "c.txt", "-f", "csv"),
         "closures file", {"c.txt": "2026-05-01\n"}),
    Case("previous-calendar-too-large", (*START, "-o", "p.ics"), "larger than 128 MiB",
         {"p.ics": sparse(MAX_REPLACED_BYTES + 1)}),
    *(Case(f"previous-sequence-{name}", (*START, "--patient", "P1", "-o", "p.ics"), "SEQUENCE",
           {"p.ics": CALENDAR.format(value)})
      for name, value in [("superscript", "²"), ("negative", "-1"), ("huge", "99999999999"), ("float", "1.5"),
                          ("arabic-digits", "\u0663")]),
]  # fmt: skip

INPUTS = [
    *(Case(f"{what}-{kind}", args, expect, files, process=kind in HANGS, root=root)
      for what, args in [("regimen", (*START, "--regimen", "in.toml")),
                         ("closures", (*START, "--closed-file", "in.toml")),
                         ("roster", ("worklist", "in.toml", "--from", "2026-05-04")),
                         ("batch-roster", ("batch", "in.toml", "-d", "out"))]
      for kind, files, expect, root in [("fifo", {"in.toml": FIFO}, "FIFO", False),
                                        ("zero-device", {"in.toml": ZERO_DEVICE}, "character device", True),
                                        ("dev-zero", {"in.toml": symlink("/dev/zero")}, "character device",
                                         False),
                                        ("folder", {"in.toml": FOLDER}, "folder", False),
                                        ("too-large", {"in.toml": sparse(BIG)}, "MiB, the most", False),
                                        ("not-utf8", {"in.toml": b"\xff\xfe\x00bad"}, "UTF-8", False)]),
    Case("regimen-missing", (*START, "--regimen", "gone.toml"), "not found"),
    Case("regimen-nested-too-deep", (*START, "--regimen", "r.toml"), "nested too deeply", {"r.toml": NESTED}),
    Case("roster-huge-cell", WORKLIST, "longer than",
         {"ward.csv": 'patient,start\n"' + "x" * 200_000 + '",x\n'}),
    Case("roster-unclosed-quote", WORKLIST, "line 2", {"ward.csv": 'patient,start\n"P1,2026-04-27\n'}),
    Case("roster-thousands-of-columns", WORKLIST, "c0, c1, c2, c3, c4 and 49995 more",
         {"ward.csv": "patient,start," + ",".join(f"c{i}" for i in range(50_000)) + "\n"}),
    Case("roster-column-twice", WORKLIST, "twice", {"ward.csv": "patient,start,patient\nP1,2026-04-27,P2\n"}),
]  # fmt: skip

VALUES = [
    Case("start-in-9999", ("generate", "--start", "9999-12-27"), "out of range"),
    Case("start-year-1", ("generate", "--start", "0001-01-01"), "out of range"),
    Case("start-before-1900", ("generate", "--start", "1899-12-25"), "out of range"),
    Case("schedule-past-9997", ("generate", "--start", "9997-12-22"), "could run past 9997-12-31"),
    Case("start-in-9998", ("generate", "--start", "9998-01-05"), "out of range"),
    Case("align-into-9998", ("generate", "--start", "9997-12-31", "--align", "next"), "out of range"),
    Case("delays-past-9997", ("generate", "--start", "9992-01-06", *DELAYS),
         "could run past"),
    Case("reminders-before-1900", ("generate", "--start", "1900-01-01", "--time", "09:00", "--remind", "1d",
                                   "-f", "ics"), "before 1900-01-01"),
    Case("roster-start-past-9997", WORKLIST, "line 2", {"ward.csv": "patient,start\nP1,9997-12-22\n"}),
    Case("roster-delays-past-9997", WORKLIST, "could run past",
         {"ward.csv": roster_with(delays="1:99 2:99 3:99 4:99").replace("2026-04-27", "9992-01-06")}),
    Case("reminder-huge", (*START, "--remind", "99999999999999999999w"), "at most 4 weeks"),
    Case("reminder-five-weeks", (*START, "--remind", "5w"), "at most 4 weeks"),
    Case("duration-huge", (*START, "--time", "09:00", "--duration", "99999999999999999999"), "--duration"),
    Case("worklist-from-9999", ("worklist", "ward.csv", "--from", "9999-12-31"), "out of range",
         {"ward.csv": ROSTER}),
    Case("worklist-days-367", (*WORKLIST, "--days", "367"), "--days", {"ward.csv": ROSTER}),
    Case("holidays-year-99999", ("holidays", "--year", "99999"), "--year"),
    Case("fullwidth-digits", ("generate", "--start", "\uff12\uff10\uff12\uff16-04-27"), "not a date"),
    *(Case(f"source-date-epoch-{name}", (*START, "-f", "ics"), "SOURCE_DATE_EPOCH",
           env={"SOURCE_DATE_EPOCH": value})
      for name, value in [("superscript", "²"), ("negative", "-1"), ("past-9999", "253402300800"),
                          ("letters", "soon"), ("thousand-digits", "9" * 1000),
                          ("arabic", "\u0661\u0667" + "\u0660" * 8)]),
    *(Case(f"regimen-{name}", (*START, "--regimen", "r.toml"), expect, {"r.toml": regimen(**change)})
      for name, change, expect in [
          ("week-beyond-a-century", {"week": "5218"}, "at most 5_217"),
          ("max-cycle-days-beyond-a-century", {"max_cycle_days": "36526"}, "at most 36_525"),
          ("dose-beyond-a-billion", {"dose_iu": "1_000_000_001"}, "at most 1_000_000_000"),
          ("dose-huge", {"dose_iu": "9" * 30}, "at most"),
          ("brand-false", {"brand": "false"}, "regimen.brand"),
          ("sponsor-zero", {"sponsor": "0"}, "regimen.sponsor"),
          ("local-code-list", {"local_code": "[]"}, "regimen.local_code"),
          ("title-line-separator", {"title": '"A\\u2028B"'}, "U+2028 LINE SEPARATOR"),
          ("drug-right-to-left-override", {"drug": '"ald\\u202eesleukin"'}, "U+202E RIGHT-TO-LEFT OVERRIDE"),
      ]),
]  # fmt: skip

BATCH = [
    *(Case(f"batch-code-{name}", ("batch", "ward.csv", "-d", "out", "-f", "json,fhir"), expect,
           {"ward.csv": "patient,start\n" + "".join(f"{code},2026-04-27\n" for code in codes)})
      for name, codes, expect in [
          ("another-patients-file", ["A", "A.fhir"], "which is patient A's file (line 2)"),
          ("the-manifest", [".il2sched-batch"], "a file of the batch itself"),
          ("windows-device-with-extension", ["CON.1"], "Windows"),
          ("windows-nul-txt", ["nul.txt"], "Windows"),
          ("the-ward-files", ["Ward"], "ward files"),
      ]),
    *(Case(f"batch-outdir-{name}", ("batch", "ward.csv", "-d", outdir), expect, {"ward.csv": ROSTER, **files})
      for name, outdir, files, expect in [
          ("dot", ".", {}, "names no folder"),
          ("empty", "", {}, "names no folder"),
          ("parent", "..", {}, "names no folder"),
          ("dot-dot-at-the-end", "out/..", {"out/keep.txt": "x"}, "names no folder"),
          ("a-file", "out", {"out": "a file"}, "it is a file"),
          ("link-to-a-file", "out", {"f": "x", "out": symlink("f")}, "not a folder"),
          ("dangling-link", "out", {"out": symlink("gone")}, "not a folder"),
          ("missing-parent", "no/out", {}, "does not exist"),
          ("foreign-file-with-an-outputs-name", "out", {"out/P1.csv": "my notes"}, "not written by a batch"),
      ]),
    Case("batch-outdir-holds-the-current-folder", ("batch", "../../ward.csv", "-d", "../../out"),
         "holds the current folder", {"ward.csv": ROSTER, "out/sub/x": "x"}, cwd="out/sub"),
    Case("batch-outdir-mount-point", ("batch", "ward.csv", "-d", "mnt"), "mount point", {"ward.csv": ROSTER},
         root=True, tmpfs="mnt"),
    Case("batch-previous-calendar-bad-sequence", ("batch", "ward.csv", "-d", "out", "-j", "1"), "SEQUENCE",
         {"ward.csv": ROSTER, "out/P1.ics": CALENDAR.format("²"),
          "out/.il2sched-batch.json": '["P1.ics", "P1.csv", "ward.ics", "ward.csv"]'}),
]  # fmt: skip

TEXTS = [
    *(Case(f"site-{name}", (*START, "--site", f"Ward{char}B"), f"U+{ord(char):04X}")
      for name, char in [("line-separator", "\u2028"), ("paragraph-separator", "\u2029"),
                         ("next-line", "\x85"),
                         ("right-to-left-override", "\u202e"), ("left-to-right-isolate", "\u2066"),
                         ("pop-directional-isolate", "\u2069"), ("right-to-left-mark", "\u200f"),
                         ("line-feed", "\n"), ("escape", "\x1b")]),
    Case("roster-site-paragraph-separator", WORKLIST, "U+2029 PARAGRAPH SEPARATOR",
         {"ward.csv": roster_with(site="A\u2029B")}),
    Case("roster-site-embedding", WORKLIST, "U+202B RIGHT-TO-LEFT EMBEDDING",
         {"ward.csv": roster_with(site="A\u202bB")}),
]  # fmt: skip

PUBLISHING = [
    Case("publish-plain-http", (*PUBLISH, "http://cal.example.org/dav"), "plain http"),
    Case("publish-credentials-in-url", (*PUBLISH, "https://nurse:s3cr3t-pw@cal.example.org/"),
         "user name or password", absent=("s3cr3t-pw",)),
    Case("publish-no-terminal-no-password", (*PUBLISH, "https://127.0.0.1:9/"),
         "set IL2SCHED_CALDAV_PASSWORD",
         env={"IL2SCHED_CALDAV_PASSWORD": None}, process=True, absent=("GetPassWarning", "Warning")),
    Case("country-empty", (*START, "--country", ""), "--country is empty"),
    Case("subdivision-empty", (*START, "--subdiv", ""), "--subdiv is empty"),
]  # fmt: skip

CASES = [*OUTPUTS, *INPUTS, *VALUES, *BATCH, *TEXTS, *PUBLISHING]


def test_every_case_has_its_own_name() -> None:
    names = [case.id for case in CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_input_is_one_line_exit_2_and_changes_nothing(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check(case, tmp_path, monkeypatch)


# --- bounded values, searched: no start, delay, reminder, zone or policy ends in a traceback ----------------

EDGE_DAYS = st.one_of(
    st.dates(dt.date(1900, 1, 1), dt.date(1901, 3, 1)), st.dates(dt.date(9996, 6, 1), dt.date(9998, 12, 31))
)


@settings(max_examples=examples(100), suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(dt.date(9997, 8, 11), [], "", "00:00", "Pacific/Kiritimati", "shift", "ics", False)  # the latest fit
@example(dt.date(9997, 8, 11), [], "1m", "23:59", "Pacific/Pago_Pago", "flag", "fhir", True)
@example(dt.date(1900, 1, 29), [], "4w", "00:00", "Pacific/Kiritimati", "flag", "ics", False)  # the earliest
@given(
    start=EDGE_DAYS,
    delays=st.lists(st.tuples(st.integers(1, 4), st.integers(1, 99)), max_size=4, unique_by=lambda d: d[0]),
    remind=st.sampled_from(["", "1m", "1d", "4w"]),
    time=st.sampled_from(["", "00:00", "23:59"]),
    tz=st.sampled_from(["Europe/Paris", "Pacific/Kiritimati", "Pacific/Pago_Pago"]),
    policy=st.sampled_from(["flag", "shift", "skip"]),
    fmt=st.sampled_from(list(SCHEDULE_FORMATS)),
    closed_to_the_end=st.booleans(),
)
def test_dates_at_either_end_give_a_result_or_one_line(
    start: dt.date,
    delays: list[tuple[int, int]],
    remind: str,
    time: str,
    tz: str,
    policy: str,
    fmt: str,
    closed_to_the_end: bool,
) -> None:
    args = ["generate", "--start", start.isoformat(), "--align", "next", "--tz", tz, "--on-holiday", policy,
            "-f", fmt, "--no-holidays"]  # fmt: skip
    args += [a for cycle, weeks in delays for a in ("--delay", f"{cycle}:{weeks}")]
    args += ["--remind", remind] if remind else []
    args += ["--time", time] if time else []
    args += ["--closed", f"{start.isoformat()}..{min(start + dt.timedelta(days=365), LAST).isoformat()}"] * (
        closed_to_the_end
    )
    result = run_cli(*args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert len([line for line in result.stderr.splitlines() if "error:" in line]) == 1, result.stderr
