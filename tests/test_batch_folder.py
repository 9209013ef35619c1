"""The batch output folder: swapped in whole, keeping its permissions and the coordinator's own files as they
are (the same inodes: owner, mode, hard links), through a symbolic link, and after killed runs.

The signal tests run an 800-patient batch in a process of its own and stop it part-way: Ctrl-C (SIGINT to
the process group, as a terminal sends it), SIGTERM and a hang-up (SIGHUP to the group, when the terminal or
the SSH session closes) end with one line and the previous outputs intact;
SIGKILL leaves a staging folder that the next run removes, and no worker process behind.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import Result
from helpers import FIXED_CLOCK
from helpers import run_cli_at_stamp as run
from hostile import ROOT, TIMEOUT, snapshot
from tools import require

from il2sched.sources.staging import remove_tree

fcntl = pytest.importorskip("fcntl")  # the leftovers' markers are file locks (POSIX)

ROSTER = "patient,start\nP1,2026-04-27\nP2,2026-05-04\n"


def batch(tmp_path: Path, outdir: str = "out", *extra: str) -> Result:
    roster = tmp_path / "ward.csv"
    if not roster.exists():
        roster.write_text(ROSTER, encoding="utf-8")
    return run("batch", str(roster), "-d", str(tmp_path / outdir), *extra)


def leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if ".il2sched-" in name)


def test_the_coordinators_files_are_moved_not_copied(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    notes = out / "notes.txt"
    notes.write_text("coordinator's notes\n", encoding="utf-8")
    os.chmod(notes, 0o640)
    os.link(notes, tmp_path / "elsewhere.txt")  # a second name for the same file
    (out / "sub" / "deep.txt").write_text("deep\n", encoding="utf-8")
    (out / "link").symlink_to("notes.txt")
    os.mkfifo(out / "pipe")
    if ROOT:
        os.chown(notes, 1234, 2345)
    before = {name: os.lstat(out / name) for name in ("notes.txt", "sub/deep.txt", "link", "pipe")}
    os.chmod(out / "sub", 0o750)
    result = batch(tmp_path)
    assert result.exit_code == 0, result.output
    for name, old in before.items():
        new = os.lstat(out / name)
        assert (new.st_ino, new.st_mode, new.st_uid, new.st_gid, new.st_nlink, new.st_mtime_ns) == (
            old.st_ino, old.st_mode, old.st_uid, old.st_gid, old.st_nlink, old.st_mtime_ns
        ), name  # fmt: skip
    assert os.stat(tmp_path / "elsewhere.txt").st_ino == os.stat(notes).st_ino
    assert stat.S_IMODE(os.stat(out / "sub").st_mode) == 0o750
    assert (out / "P1.ics").is_file() and (out / "ward.csv").is_file()
    assert leftovers(tmp_path) == []


def test_the_folder_keeps_its_permissions_and_owner(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    os.chmod(out, 0o700)  # private: a batch must never make it world-readable
    if ROOT:
        os.chown(out, 1234, 2345)
    old = os.stat(out)
    assert batch(tmp_path).exit_code == 0
    new = os.stat(out)
    assert new.st_ino != old.st_ino  # a new folder, swapped in whole
    assert (stat.S_IMODE(new.st_mode), new.st_uid, new.st_gid) == (0o700, old.st_uid, old.st_gid)


def test_each_replaced_file_keeps_its_mode_and_owner(tmp_path: Path) -> None:
    assert batch(tmp_path).exit_code == 0
    out = tmp_path / "out"
    os.chmod(out / "P1.ics", 0o600)  # the coordinator made one patient's calendar private
    os.chmod(out / "ward.csv", 0o640)
    if ROOT:
        os.chown(out / "P1.ics", 1234, 2345)
    before = {name: os.stat(out / name) for name in ("P1.ics", "ward.csv", "P2.csv")}
    (tmp_path / "ward.csv").write_text(ROSTER + "P3,2026-05-11\n", encoding="utf-8")
    assert batch(tmp_path).exit_code == 0
    for name, old in before.items():
        new = os.stat(out / name)
        assert (stat.S_IMODE(new.st_mode), new.st_uid, new.st_gid) == (
            stat.S_IMODE(old.st_mode), old.st_uid, old.st_gid
        ), name  # fmt: skip
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(os.stat(out / "P3.ics").st_mode) == 0o666 & ~mask  # a new patient's file: the usual


@pytest.fixture
def deep_tree(tmp_path: Path) -> Iterator[Path]:
    """``out/archive/a/a/.../leaf.txt``, 1,100 folders deep (its path, relative to ``out``). Removed after the
    test: pytest's own clean-up of old temporary folders recurses, and would fail on it in a later session."""
    folder = os.open(tmp_path, os.O_RDONLY)
    try:
        for name in ("out", "archive", *["a"] * 1100):  # relative steps: each path stays under the limit
            os.mkdir(name, dir_fd=folder)
            inner = os.open(name, os.O_RDONLY, dir_fd=folder)
            os.close(folder)
            folder = inner
        os.close(os.open("leaf.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=folder))
        yield Path("archive", *["a"] * 1100, "leaf.txt")
    finally:
        os.close(folder)
        for name in os.listdir(tmp_path):
            remove_tree(tmp_path / name)


def test_a_coordinators_folder_nested_deeper_than_python_recurses_is_carried_over(
    tmp_path: Path, deep_tree: Path
) -> None:
    inode = os.stat(tmp_path / "out" / deep_tree).st_ino
    result = batch(tmp_path)
    assert result.exit_code == 0, result.output
    assert os.stat(tmp_path / "out" / deep_tree).st_ino == inode  # the same file, linked into the new folder
    assert leftovers(tmp_path) == []


def test_a_folder_named_like_a_file_the_last_batch_wrote_is_the_coordinators_and_kept(tmp_path: Path) -> None:
    assert batch(tmp_path).exit_code == 0
    out = tmp_path / "out"
    (out / "P2.csv").unlink()
    (out / "P2.csv").mkdir()  # a batch writes files only: this folder is someone's
    (out / "P2.csv" / "notes.txt").write_text("kept\n", encoding="utf-8")
    (tmp_path / "ward.csv").write_text("patient,start\nP1,2026-04-27\n", encoding="utf-8")  # P2 has left
    result = batch(tmp_path)
    assert result.exit_code == 0, result.output
    assert (out / "P2.csv" / "notes.txt").read_text(encoding="utf-8") == "kept\n"
    assert not (out / "P2.ics").exists()  # P2's files go, as ever


def test_a_new_folder_gets_the_usual_mode(tmp_path: Path) -> None:
    assert batch(tmp_path).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(os.stat(tmp_path / "out").st_mode) == 0o777 & ~mask


def test_a_symlinked_outdir_is_swapped_beside_its_target_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "store" / "outputs"
    real.mkdir(parents=True)
    (real / "notes.txt").write_text("kept\n", encoding="utf-8")
    (tmp_path / "out").symlink_to(real)
    result = batch(tmp_path)
    assert result.exit_code == 0, result.output
    assert os.readlink(tmp_path / "out") == str(real)
    assert (real / "P1.ics").is_file() and (real / "notes.txt").read_text(encoding="utf-8") == "kept\n"
    assert leftovers(real.parent) == []


def test_a_run_reads_the_previous_calendars_and_rewrites_unchanged_files_identically(tmp_path: Path) -> None:
    assert batch(tmp_path).exit_code == 0
    first = (tmp_path / "out" / "P1.ics").read_bytes()
    assert batch(tmp_path).exit_code == 0
    assert (tmp_path / "out" / "P1.ics").read_bytes() == first


def fake_leftover(parent: Path, outdir: str, token: str = "0123456789ab") -> Path:
    staging = parent / f".{outdir}.il2sched-{token}"
    (staging / "half").mkdir(parents=True)
    (staging / "half" / "P1.ics").write_text("half written", encoding="utf-8")
    (parent / f"{staging.name}.staging").write_text('{"pid": 1}\n', encoding="utf-8")
    return staging


def test_the_next_run_removes_leftovers_of_killed_runs_and_says_so(tmp_path: Path) -> None:
    staging = fake_leftover(tmp_path, "out")
    result = batch(tmp_path)
    assert result.exit_code == 0, result.output
    assert f"il2sched: note: removed {staging}, the staging folder a killed run left" in result.stderr
    assert leftovers(tmp_path) == []


def unprivileged(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """il2sched in a process whose file permissions apply to it: as root, without root's capabilities."""
    command = [sys.executable, "-m", "il2sched", *args]
    if ROOT:
        command = [require("setpriv", install="apt install util-linux"), "--bounding-set", "-all", *command]
    return subprocess.run(
        command, cwd=folder, env={**os.environ, **FIXED_CLOCK}, capture_output=True, timeout=TIMEOUT
    )


def test_a_read_only_folder_in_a_leftover_or_in_outdir_is_removed_all_the_same(tmp_path: Path) -> None:
    (tmp_path / "ward.csv").write_text(ROSTER, encoding="utf-8")
    staging = fake_leftover(tmp_path, "out")
    os.chmod(
        staging / "half", 0o555
    )  # a coordinator's read-only folder, carried over when the run was killed
    done = unprivileged(tmp_path, "batch", "ward.csv", "-d", "out")
    assert done.returncode == 0, done.stderr
    assert b"removed " + bytes(staging.relative_to(tmp_path)) + b", the staging folder" in done.stderr
    assert leftovers(tmp_path) == []
    (tmp_path / "out" / "archive").mkdir()
    (tmp_path / "out" / "archive" / "kept.txt").write_text("kept\n", encoding="utf-8")
    os.chmod(tmp_path / "out" / "archive", 0o555)  # the previous OUTDIR, swapped out, holds it too
    done = unprivileged(tmp_path, "batch", "ward.csv", "-d", "out")
    assert done.returncode == 0, done.stderr
    assert leftovers(tmp_path) == []
    assert (tmp_path / "out" / "archive" / "kept.txt").read_text(encoding="utf-8") == "kept\n"
    assert stat.S_IMODE(os.stat(tmp_path / "out" / "archive").st_mode) == 0o555


def test_a_marker_still_held_by_a_dead_runs_dying_workers_is_waited_for(tmp_path: Path) -> None:
    staging = fake_leftover(tmp_path, "out")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    marker = Path(f"{staging}.staging")
    marker.write_text(json.dumps({"tool": "il2sched", "outdir": "out", "pid": int(dead.stdout)}) + "\n")
    holding = (
        "import fcntl, sys, time; f = open(sys.argv[1]); fcntl.flock(f, 2); print(flush=True); time.sleep(1)"
    )
    worker = subprocess.Popen([sys.executable, "-c", holding, str(marker)], stdout=subprocess.PIPE)
    try:
        assert worker.stdout is not None and worker.stdout.readline() == b"\n"  # it holds the lock
        result = batch(tmp_path)
    finally:
        worker.wait(timeout=TIMEOUT)
    assert result.exit_code == 0, result.output
    assert "the staging folder a killed run left" in result.stderr
    assert leftovers(tmp_path) == []


def test_a_marker_killed_before_it_was_locked_goes_only_when_old(tmp_path: Path) -> None:
    fresh = tmp_path / ".out.il2sched-dddddddddddd.staging-new"
    old = tmp_path / ".out.il2sched-eeeeeeeeeeee.staging-new"
    for marker in (fresh, old):
        marker.write_text("", encoding="utf-8")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    assert batch(tmp_path).exit_code == 0
    assert fresh.exists() and not old.exists()


def test_only_our_own_unlocked_leftovers_are_removed(tmp_path: Path) -> None:
    living = fake_leftover(tmp_path, "out", "aaaaaaaaaaaa")
    other_outdir = fake_leftover(tmp_path, "other", "bbbbbbbbbbbb")
    unmarked = tmp_path / ".out.il2sched-cccccccccccc"
    unmarked.mkdir()
    lookalike = tmp_path / ".out.il2sched-not-ours"
    lookalike.mkdir()
    (tmp_path / ".out.il2sched-not-ours.staging").write_text("", encoding="utf-8")
    with open(f"{living}.staging", "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a running batch holds its marker
        result = batch(tmp_path)
    assert result.exit_code == 0, result.output
    assert "removed" not in result.stderr
    assert all(path.exists() for path in (living, other_outdir, unmarked, lookalike))


def test_a_run_killed_between_two_renames_gets_its_previous_outputs_back(tmp_path: Path) -> None:
    # Where the system cannot exchange two folders in one step, the swap is two renames; a run killed
    # between them leaves OUTDIR missing and its previous contents at <staging>.old.
    assert batch(tmp_path).exit_code == 0
    staging = fake_leftover(tmp_path, "out")
    os.rename(tmp_path / "out", f"{staging}.old")
    (tmp_path / "ward.csv").write_text("patient,start\nP3,2026-05-11\n", encoding="utf-8")
    (Path(f"{staging}.old") / "notes.txt").write_text("kept\n", encoding="utf-8")
    result = batch(tmp_path)
    assert result.exit_code == 0, result.output
    assert "restored" in result.stderr
    assert (tmp_path / "out" / "notes.txt").read_text(encoding="utf-8") == "kept\n"
    assert sorted(p.name for p in (tmp_path / "out").glob("P*")) == ["P3.csv", "P3.ics"]
    assert leftovers(tmp_path) == []


# --- signals during a long batch ---------------------------------------------------------------------


def big_roster(path: Path, patients: int = 800) -> None:
    first = dt.date(2026, 1, 5)
    rows = [f"P{i:04d},{first + dt.timedelta(weeks=i % 50)}" for i in range(patients)]
    path.write_text("patient,start\n" + "\n".join(rows) + "\n", encoding="utf-8")


def rerun(folder: Path) -> subprocess.CompletedProcess[bytes]:
    """The long batch, run to its end in a process of its own."""
    args = [sys.executable, "-m", "il2sched", "batch", "ward.csv", "-d", "out", "-f", "ics"]
    return subprocess.run(
        args, cwd=folder, env={**os.environ, **FIXED_CLOCK}, capture_output=True, timeout=600
    )


@pytest.fixture(scope="module")
def long_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with an 800-patient roster (up to 1,600 files in a run: the signal comes after 20) and the
    outputs of a first, complete run."""
    folder = tmp_path_factory.mktemp("long-batch")
    big_roster(folder / "ward.csv")
    done = rerun(folder)
    assert done.returncode == 0, done.stderr
    return folder


def stopped(
    folder: Path, signal_number: int, group: bool
) -> tuple[int, bytes, bytes, int, dict[str, tuple[object, ...]]]:
    """Start the long batch again, wait until its workers write, then send the signal. A signal that came
    only after the run had put its new folder in place (a busy machine let the run finish before this
    process looked again) proves nothing either way: the run is started again, up to three times. Returns
    the run's exit code, output, errors and process group, and the folder's snapshot before it started."""
    for _ in range(3):
        outcome = _stop_once(folder, signal_number, group)
        if outcome is not None:
            return outcome
    pytest.fail("three runs ended before they could be stopped")


def _stop_once(
    folder: Path, signal_number: int, group: bool
) -> tuple[int, bytes, bytes, int, dict[str, tuple[object, ...]]] | None:
    before = snapshot(folder)
    args = [sys.executable, "-m", "il2sched", "batch", "ward.csv", "-d", "out", "-f", "ics,csv", "-j", "2"]
    previous = (folder / "out").stat().st_ino  # the swap puts another folder there
    with as_from_a_terminal():
        child = subprocess.Popen(args, cwd=folder, env={**os.environ, **FIXED_CLOCK}, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        staging = [p for p in folder.glob(".out.il2sched-*") if p.is_dir() and not p.name.endswith(".old")]
        # Files written, most of the run still ahead (on a busy machine this process may look again only
        # seconds later: the earlier the signal, the fewer runs end before it arrives).
        if any(_entries(p) > 20 for p in staging):
            break
        time.sleep(0.02)
    assert child.poll() is None, "the batch ended before it could be stopped"
    late = (folder / "out").stat().st_ino != previous
    if group:
        os.killpg(child.pid, signal_number)  # as a terminal's Ctrl-C reaches every process of the group
    else:
        child.send_signal(signal_number)
    out, err = child.communicate(timeout=TIMEOUT)
    # A run that put its new folder in place and ended normally got the signal only after its work was done
    # (this process, starved on a busy machine, looked and signalled late): that proves nothing either way.
    # A run that ignored a signal sent mid-run would be late every time, and fails below after three tries.
    if late or (child.returncode == 0 and (folder / "out").stat().st_ino != previous):
        return None
    return child.returncode, out, err, child.pid, before  # the pid is also the process group's id


@contextmanager
def as_from_a_terminal() -> Iterator[None]:
    """Start a process with Ctrl-C and a hang-up at their usual dispositions, as a terminal's shell does.

    A program started with SIGINT ignored keeps ignoring it (POSIX: a shell without job control starts its
    background commands so, and ``nohup`` ignores SIGHUP): when pytest itself was started like that, its
    children would inherit it and the Ctrl-C test would prove nothing. A handler set here is reset to the
    default in the child when it starts."""
    previous = {signal.SIGINT: signal.signal(signal.SIGINT, signal.default_int_handler),
                signal.SIGHUP: signal.signal(signal.SIGHUP, signal.SIG_DFL)}  # fmt: skip
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _entries(folder: Path) -> int:
    try:
        return len(os.listdir(folder))
    except FileNotFoundError:  # swapped or removed meanwhile
        return 0


def no_process_left(group: int) -> bool:
    for _ in range(100):
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signal_number", "code", "line"),
    [
        (signal.SIGINT, 130, b"il2sched: error: interrupted\n"),
        (signal.SIGTERM, 143, b"il2sched: error: terminated\n"),
        (signal.SIGHUP, 129, b"il2sched: error: hung up (the terminal closed)\n"),  # the terminal closed
    ],
)
def test_ctrl_c_sigterm_or_a_hang_up_is_one_line_and_changes_nothing(
    long_batch: Path, signal_number: int, code: int, line: bytes
) -> None:
    returncode, out, err, group, before = stopped(long_batch, signal_number, group=True)
    assert (returncode, out, err) == (code, b"", line)  # no worker's traceback, no progress, no output
    assert snapshot(long_batch) == before  # previous outputs intact, staging folder removed
    assert no_process_left(group)


@pytest.mark.slow
def test_sigkill_leaves_a_staging_folder_the_next_run_removes(long_batch: Path) -> None:
    returncode, _, _, group, before = stopped(long_batch, signal.SIGKILL, group=False)
    assert returncode == -signal.SIGKILL
    assert no_process_left(group)  # the workers died with their coordinator
    left = leftovers(long_batch)
    assert len(left) == 2  # the staging folder and its marker
    assert {k: v for k, v in snapshot(long_batch).items() if not k.startswith(".out.il2sched-")} == before
    result = rerun(long_batch)
    assert result.returncode == 0, result.stderr
    assert b"the staging folder a killed run left" in result.stderr
    assert leftovers(long_batch) == []
