"""What il2sched does right at the edges: writing into devices and FIFOs, links, modes and owners, the data
cache when it is damaged, edited, unusable or full, the CalDAV URL and password rules, inputs whose size
is not their work (a closures file repeating one range), and free text in URIs.

The refusals themselves (exit 2, one line, nothing changed) are the rows of tests/test_hostile.py; the batch
folder's swap and signals are in tests/test_batch_folder.py.
"""

from __future__ import annotations

import json
import os
import re
import select
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import Result
from helpers import FIXED_CLOCK
from helpers import run_cli_at_stamp as run
from hostile import ROOT, TIMEOUT, fill

from il2sched.app.publish import check_url
from il2sched.errors import InvalidValue

START = ["generate", "--start", "2026-04-27", "--patient", "P1"]
needs_root = pytest.mark.skipif(not ROOT, reason="needs root (mknod, chown, mount); CI runs as root")


def expected(*args: str) -> bytes:
    result = run(*START, *args)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def process(*args: str, **options: object) -> subprocess.CompletedProcess[bytes]:
    """Run il2sched in a process of its own (a FIFO, a real standard output), with a timeout."""
    settings: dict[str, object] = {
        "env": {**os.environ, **FIXED_CLOCK}, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE,
        "stdin": subprocess.DEVNULL, **options,
    }  # fmt: skip
    return subprocess.run([sys.executable, "-m", "il2sched", *args], timeout=TIMEOUT, **settings)  # type: ignore[call-overload,no-any-return]


# --- outputs ---------------------------------------------------------------------------------------------


@needs_root
def test_an_output_onto_a_character_device_writes_into_it_and_leaves_it_a_device(tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is, made here: never the real one
    before = os.lstat(null)
    result = run(*START, "-f", "ics", "-o", str(null))
    assert result.exit_code == 0, result.output
    after = os.lstat(null)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino
    assert os.listdir(tmp_path) == ["null"]  # no temporary file left beside it


def test_an_output_onto_a_fifo_goes_to_its_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.ics"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there; nothing can block
    try:
        done = process(*START, "-o", str(fifo))
        assert done.returncode == 0, done.stderr
        received = b""
        while select.select([reader], [], [], 5)[0] and (chunk := os.read(reader, 65536)):
            received += chunk
    finally:
        os.close(reader)
    assert received == expected("-f", "ics")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_dev_tty_without_a_terminal_is_one_line_that_names_no_fifo() -> None:
    # Without a controlling terminal (cron, a service) /dev/tty cannot be opened: ENXIO, as for a FIFO
    # nobody reads, which the error used to claim it was.
    done = process(*START, "-f", "csv", "-o", "/dev/tty", start_new_session=True)
    assert done.returncode == 2 and done.stdout == b"", done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith(b"il2sched: error:")]
    assert errors == [b"il2sched: error: cannot write /dev/tty: No such device or address"], done.stderr


def test_dev_stdout_keeps_the_shells_append_mode(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_bytes(b"earlier line\n")
    with open(log, "ab") as appended:
        done = process(*START, "-f", "csv", "-o", "/dev/stdout", stdout=appended, stderr=subprocess.PIPE)
    assert done.returncode == 0, done.stderr
    assert log.read_bytes() == b"earlier line\n" + expected("-f", "csv")


def test_a_symlink_output_is_replaced_as_a_link_and_its_target_untouched(tmp_path: Path) -> None:
    target = tmp_path / "target.csv"
    target.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert run(*START, "-o", str(link)).exit_code == 0
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert not link.is_symlink() and link.read_bytes() == expected("-f", "csv")


@needs_root
def test_a_replaced_file_keeps_its_mode_and_owner(tmp_path: Path) -> None:
    out = tmp_path / "p.csv"
    out.write_text("old\n", encoding="utf-8")
    os.chmod(out, 0o640)
    os.chown(out, 1234, 2345)
    assert run(*START, "-o", str(out)).exit_code == 0
    info = os.stat(out)
    assert (stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid) == (0o640, 1234, 2345)
    assert out.read_bytes() == expected("-f", "csv")


def test_a_calendar_larger_than_the_input_cap_can_still_be_replaced(tmp_path: Path) -> None:
    # il2sched writes calendars far above 10 MiB for the longest regimens; the next run must read them back.
    out = tmp_path / "p.ics"
    first = expected("-f", "ics").replace(b"SEQUENCE:0", b"SEQUENCE:7")
    padding = b"".join(
        b"BEGIN:VEVENT\r\nUID:other-%d@elsewhere\r\nDTSTART;VALUE=DATE:20260101\r\nEND:VEVENT\r\n" % n
        for n in range(160_000)
    )
    out.write_bytes(first.replace(b"END:VCALENDAR", padding + b"END:VCALENDAR"))
    assert out.stat().st_size > 10 * 1024 * 1024
    result = run(*START, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().count(b"SEQUENCE:7") == 20  # read back: each dose keeps the SEQUENCE it had


# --- the data cache --------------------------------------------------------------------------------------


def cache_run(cache: Path, *extra: str) -> Result:
    return run(*START, "-f", "csv", "--lang", "fr", *extra, env={"IL2SCHED_CACHE_DIR": str(cache)})


DAMAGES = {
    "holidays": [
        {"not": "a list"},
        [["2026-05-01"]],
        [["2026-05-01", 7]],
        [["1999-05-01", "Fête du Travail"]],  # outside the requested years
        [["2026-05-01", "Fête\ndu Travail"]],  # a line break in a name
        [["2026-02-30", "Nowhere"]],
    ],
    "locale": [
        {"days_wide": ["lundi"]},
        "a string",
        None,
    ],
}


@pytest.mark.parametrize(
    ("namespace", "value"), [(n, v) for n, values in DAMAGES.items() for v in values], ids=repr
)
def test_a_damaged_cache_entry_is_rebuilt_and_reported_once(
    tmp_path: Path, namespace: str, value: object
) -> None:
    cache = tmp_path / "cache"
    clean = cache_run(cache)
    assert clean.exit_code == 0
    # The French entry: the notes on stderr are in English, so there may be an English one too.
    (entry,) = [
        e for e in cache.glob(f"{namespace}-*.json") if '\\"lang\\": \\"fr\\"' in e.read_text("utf-8")
    ]
    key = json.loads(entry.read_text(encoding="utf-8"))["key"]
    entry.write_text(json.dumps({"key": key, "value": value}), encoding="utf-8")  # the right key, bad value
    again = cache_run(cache)
    assert again.exit_code == 0, again.output
    assert again.stdout_bytes == clean.stdout_bytes
    assert f"il2sched: note: the data cache entry {entry} was damaged and has been rebuilt" in again.stderr
    assert json.loads(entry.read_text(encoding="utf-8"))["value"] != value
    assert "data cache" not in cache_run(cache).stderr  # rebuilt: no more reports


HAND_EDITS = {  # valid JSON of the right shape, as a reader checks it, holding other data
    "holidays": lambda value: [[day, "Journée portes ouvertes"] for day, _ in value],
    "locale": lambda value: {**value, "months_wide": value["months_wide"][1:] + value["months_wide"][:1]},
}


@pytest.mark.parametrize("namespace", HAND_EDITS)
def test_a_cache_entry_edited_by_hand_is_caught_by_its_checksum_and_rebuilt(
    tmp_path: Path, namespace: str
) -> None:
    cache = tmp_path / "cache"
    clean = cache_run(cache)
    (entry,) = [
        e for e in cache.glob(f"{namespace}-*.json") if '\\"lang\\": \\"fr\\"' in e.read_text("utf-8")
    ]
    stored = json.loads(entry.read_text(encoding="utf-8"))
    stored["value"] = HAND_EDITS[namespace](stored["value"])
    entry.write_text(json.dumps(stored), encoding="utf-8")  # the key and checksum kept: only the data differs
    again = cache_run(cache)
    assert again.exit_code == 0, again.output
    assert again.stdout_bytes == clean.stdout_bytes  # the same holidays, names and dates as before the edit
    assert f"il2sched: note: the data cache entry {entry} was damaged and has been rebuilt" in again.stderr
    assert "data cache" not in cache_run(cache).stderr


def test_a_user_without_a_home_runs_without_a_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    # A container's --user 1000 with HOME unset: the system lists no such user, so there is no home folder.
    import pwd

    def unknown_user(uid: int) -> pwd.struct_passwd:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", unknown_user)
    homeless = {"HOME": None, "XDG_CACHE_HOME": None, "IL2SCHED_CACHE_DIR": None}
    result = run(*START, "-f", "csv", env=homeless)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == run(*START, "-f", "csv", env={"IL2SCHED_CACHE_DIR": ""}).stdout_bytes


def test_a_cache_folder_that_is_a_file_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.write_text("not a folder", encoding="utf-8")
    result = cache_run(cache)
    assert result.exit_code == 0 and result.stdout_bytes == cache_run(tmp_path / "fresh").stdout_bytes
    assert cache.read_text(encoding="utf-8") == "not a folder"


def test_a_cache_entry_that_is_a_fifo_is_never_opened(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert cache_run(cache).exit_code == 0
    for entry in cache.glob("*.json"):
        entry.unlink()
        os.mkfifo(entry)
    done = process(*START, "-f", "csv", env={**os.environ, **FIXED_CLOCK, "IL2SCHED_CACHE_DIR": str(cache)})
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("fault", ["read-only", "full"])
def test_a_cache_that_cannot_be_written_is_ignored_without_leftovers(tmp_path: Path, fault: str) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    if ROOT:  # root writes through permissions: a real read-only or full file system instead
        options = "size=64k,ro" if fault == "read-only" else "size=64k"
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(cache)], capture_output=True
        )
        if mounted.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    elif fault == "read-only":
        cache.chmod(0o500)
    else:
        pytest.skip("filling a file system needs a tmpfs, which needs root")
    try:
        if fault == "full":
            fill(cache)
        before = sorted(os.listdir(cache))
        result = cache_run(cache)
        assert result.exit_code == 0, result.output
        assert result.stdout_bytes == cache_run(tmp_path / "fresh").stdout_bytes
        assert sorted(os.listdir(cache)) == before  # no entry, no temporary file
    finally:
        if ROOT:
            subprocess.run(["umount", str(cache)], check=True, timeout=TIMEOUT)


# --- publishing: the URL and the password ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["https://cal.example.org/dav", "http://127.0.0.1:5232/", "http://localhost/", "http://[::1]:8080/"],
)
def test_https_or_http_on_this_machine_is_accepted(url: str) -> None:
    assert check_url(url) == url


@pytest.mark.parametrize(
    "url", ["http://cal.example.org/", "http://192.168.1.10/dav", "http://[2001:db8::1]/"]
)
def test_plain_http_to_another_machine_needs_insecure_http(url: str) -> None:
    with pytest.raises(InvalidValue, match=r"plain http to another machine.*--insecure-http"):
        check_url(url)
    assert check_url(url, insecure_http=True) == url


@pytest.mark.parametrize(
    "url",
    ["https://nurse:pa55word@cal.example.org/", "https://pa55word@cal.example.org/", "https://:pa55word@h/"],
)
def test_credentials_in_the_url_are_refused_and_never_echoed(url: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        check_url(url)
    assert "pa55word" not in str(refused.value) and "IL2SCHED_CALDAV_PASSWORD" in str(refused.value)


@pytest.mark.parametrize(
    "url", ["ftp://cal.example.org/", "https://", "https://host:port/", "cal.example.org"]
)
def test_a_url_that_names_no_caldav_server_is_refused(url: str) -> None:
    with pytest.raises(InvalidValue, match="URL"):
        check_url(url)


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_on_a_terminal_the_password_is_asked_without_warnings() -> None:
    controller, terminal = os.openpty()
    env = {k: v for k, v in os.environ.items() if k != "IL2SCHED_CALDAV_PASSWORD"}
    args = ["publish", "--url", "http://127.0.0.1:9/", "--calendar", "Ward", "--username", "nurse",
            "--start", "2026-04-27", "--patient", "P1", "--no-holidays"]  # fmt: skip
    child = subprocess.Popen([sys.executable, "-m", "il2sched", *args], stdin=terminal, stdout=terminal,
                             stderr=terminal, env=env, start_new_session=True)  # fmt: skip
    os.close(terminal)
    seen, deadline, answered = b"", time.monotonic() + TIMEOUT, False
    try:
        while time.monotonic() < deadline:
            if not select.select([controller], [], [], 1)[0]:
                if child.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
            if not answered and b"CalDAV password for nurse" in seen:
                os.write(controller, b"typed-secret\n")
                answered = True
        child.wait(timeout=TIMEOUT)
    finally:
        if child.poll() is None:
            child.kill()
        os.close(controller)
    text = seen.decode("utf-8", "replace")
    assert answered, text
    assert "Warning" not in text and "typed-secret" not in text  # no getpass noise, no echo
    assert child.returncode == 2 and "il2sched: error:" in text  # nothing listens on port 9


# --- work bounded by what an input means, not by its size -------------------------------------------------


def test_a_closures_file_repeating_one_range_costs_its_days_not_its_lines(tmp_path: Path) -> None:
    # 200,000 lines (4.6 MB, under the input cap) of one year's range: 73 million days before merging.
    many, one = tmp_path / "many.txt", tmp_path / "one.txt"
    many.write_text("2026-01-01..2026-12-31\n" * 200_000, encoding="utf-8")
    one.write_text("2026-01-01..2026-12-31\n", encoding="utf-8")
    outputs = [process(*START, "-f", "json", "--closed-file", str(path)) for path in (many, one)]
    assert [done.returncode for done in outputs] == [0, 0], outputs[0].stderr
    assert outputs[0].stdout == outputs[1].stdout and b'"status": "closed"' in outputs[0].stdout


# --- free text in a URI ----------------------------------------------------------------------------------


def test_a_trial_id_with_spaces_and_markup_is_percent_encoded_in_fhir_uris(tmp_path: Path) -> None:
    from urllib.parse import unquote

    from fhir.resources.R4B.bundle import Bundle

    trial = 'EudraCT 2012-001234-56 <b>"x"</b>#1/2'
    regimen = tmp_path / "r.toml"
    regimen.write_text(
        f'[regimen]\nid = "t"\ntitle = "T"\ntrial_id = {json.dumps(trial)}\ndrug = "aldesleukin"\n'
        'route = "subcutaneous"\ndose_unit = "international units"\n\n'
        '[[cycle]]\nweek = 1\ndose_iu = 1_500_000\ndays = ["MO", "TU"]\n',
        encoding="utf-8",
    )
    result = run(*START, "--regimen", str(regimen), "-f", "fhir")
    assert result.exit_code == 0, result.output
    Bundle.model_validate_json(result.stdout_bytes)
    doc = json.loads(result.stdout_bytes)
    plan = doc["entry"][0]["resource"]
    uris = [*plan["instantiatesUri"], plan["subject"]["identifier"]["system"]]
    uris += [e["fullUrl"] for e in doc["entry"]]
    for uri in uris:  # RFC 3986's characters only (FHIR's uri: no whitespace at all)
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*", uri), uri
    (registry,) = plan["instantiatesUri"]
    assert unquote(registry.removeprefix("https://clinicaltrials.gov/study/")) == trial  # one path segment
    assert unquote(plan["subject"]["identifier"]["system"].removeprefix("urn:il2sched:patient:")) == trial
