"""The harness of the hostile-input table (tests/test_hostile.py): files to set up, a run, a snapshot.

A case describes the files it needs (text, or special files: FIFOs, sockets, device nodes made with mknod, a
folder, a sparse file, links, a small full tmpfs), the command, and a piece of the one error line expected.
Runs that could hang (FIFOs, devices) go to a subprocess with a timeout, so a regression fails instead of
hanging the suite.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers import run_cli

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
TIMEOUT = 60  # seconds: far above any run here; reaching it means a hang
ROSTER = "patient,start\nP1,2026-04-27\n"
START = ("generate", "--start", "2026-04-27")
WORKLIST = ("worklist", "ward.csv", "--from", "2026-05-04")


def regimen(**changes: str) -> str:
    """A small valid regimen file, with some lines changed (``key="value as TOML"``)."""
    lines = {
        "id": '"t"', "title": '"Test"', "trial_id": '"NCT00000000"', "drug": '"aldesleukin"',
        "route": '"subcutaneous"', "dose_unit": '"international units"',
    }  # fmt: skip
    cycle = {"week": "1", "dose_iu": "1_500_000", "days": '["MO", "TU"]'}
    for key, value in changes.items():
        (cycle if key in cycle else lines)[key] = value
    head = "".join(f"{k} = {v}\n" for k, v in lines.items())
    return f"[regimen]\n{head}\n[[cycle]]\n" + "".join(f"{k} = {v}\n" for k, v in cycle.items())


def roster_with(**cells: str) -> str:
    columns = ["patient", "start", *cells]
    return ",".join(columns) + "\n" + ",".join(["P1", "2026-04-27", *cells.values()]) + "\n"


@dataclass(frozen=True)
class Special:
    """A file that is not plain text: ``fifo``, ``socket``, ``chardev``/``blockdev`` (major, minor), ``dir``,
    ``sparse`` (size), ``symlink``/``hardlink`` (target, relative to the case's folder)."""

    kind: str
    arg: object = None


FIFO = Special("fifo")
SOCKET = Special("socket")
FOLDER = Special("dir")
ZERO_DEVICE = Special("chardev", (1, 5))  # what /dev/zero is
FULL_DEVICE = Special("chardev", (1, 7))  # what /dev/full is
BLOCK_DEVICE = Special("blockdev", (7, 0))  # a loop device's numbers; never opened


def sparse(size: int) -> Special:
    return Special("sparse", size)


def symlink(target: str) -> Special:
    return Special("symlink", target)


def hardlink(target: str) -> Special:
    return Special("hardlink", target)


@dataclass(frozen=True)
class Case:
    """One bad input or fault: it must end with exit 2 and one error line containing ``expect``."""

    id: str
    args: tuple[str, ...]
    expect: str
    files: Mapping[str, str | bytes | Special] = field(default_factory=dict)
    env: Mapping[str, str | None] = field(default_factory=dict)
    root: bool = False  # needs root: device nodes, mounts
    process: bool = False  # run in a subprocess with a timeout
    tmpfs: str | None = None  # a folder to mount as a small tmpfs, filled up after the files are made
    cwd: str = "."  # where to run, relative to the case's folder
    absent: tuple[str, ...] = ()  # texts that must not appear on stderr (a secret)
    stdout: str | None = None  # with ``process``: a file to give as standard output, or "closed"


def build(root: Path, case: Case) -> None:
    """Create the case's files under ``root`` (skips the test when it needs root or a mount it cannot get)."""
    if case.root and not ROOT:
        pytest.skip("needs root (device nodes, mounts); CI runs as root")
    if case.tmpfs is not None:
        mount_point = root / case.tmpfs
        mount_point.mkdir(parents=True)
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount_point)],
                              capture_output=True, timeout=TIMEOUT)  # fmt: skip
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    for name, content in case.files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        make(path, content, root)
    if case.tmpfs is not None:
        fill(root / case.tmpfs)


def make(path: Path, content: str | bytes | Special, root: Path) -> None:
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif content.kind == "fifo":
        os.mkfifo(path)
    elif content.kind == "socket":
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(path))
    elif content.kind in ("chardev", "blockdev"):
        major, minor = content.arg  # type: ignore[misc]
        kind = stat.S_IFCHR if content.kind == "chardev" else stat.S_IFBLK
        os.mknod(path, kind | 0o666, os.makedev(major, minor))
    elif content.kind == "dir":
        path.mkdir()
    elif content.kind == "sparse":
        with open(path, "wb") as handle:
            handle.truncate(int(content.arg))  # type: ignore[call-overload]
    elif content.kind == "symlink":
        path.symlink_to(str(content.arg))
    elif content.kind == "hardlink":
        os.link(root / str(content.arg), path)
    else:
        raise AssertionError(content.kind)


def fill(folder: Path) -> None:
    """Fill a small file system to the last byte (unbuffered: nothing is left to fail on close)."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for size in (1024, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"x" * size)
    finally:
        os.close(fd)


@contextlib.contextmanager
def unmounted_after(root: Path, case: Case) -> Iterator[None]:
    try:
        yield
    finally:
        if case.tmpfs is not None and os.path.ismount(root / case.tmpfs):
            subprocess.run(["umount", str(root / case.tmpfs)], check=True, timeout=TIMEOUT)


def snapshot(root: Path) -> dict[str, tuple[object, ...]]:
    """Every entry under ``root``: type, mode, owner, inode and content (a digest; a device's numbers)."""
    found: dict[str, tuple[object, ...]] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            info = os.lstat(path)
            content: object = None
            if stat.S_ISREG(info.st_mode):
                content = hashlib.sha256(path.read_bytes()).hexdigest()
            elif stat.S_ISLNK(info.st_mode):
                content = os.readlink(path)
            elif stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
                content = info.st_rdev
            kind = stat.S_IFMT(info.st_mode)
            found[str(path.relative_to(root))] = (
                kind,
                info.st_mode,
                info.st_uid,
                info.st_gid,
                info.st_ino,
                content,
            )
    return found


def run(root: Path, case: Case, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """Run the case's command in its folder: (exit code, standard error)."""
    cwd = root / case.cwd
    if case.process:
        env = {**os.environ, **{k: v for k, v in case.env.items() if v is not None}}
        for name in (k for k, v in case.env.items() if v is None):
            env.pop(name, None)
        with contextlib.ExitStack() as stack:
            stdout: object = subprocess.PIPE
            if case.stdout not in (None, "closed"):
                stdout = stack.enter_context(open(str(case.stdout), "wb"))
            close_stdout = (lambda: os.close(1)) if case.stdout == "closed" else None
            try:
                done = subprocess.run([sys.executable, "-m", "il2sched", *case.args], cwd=cwd, env=env,
                                      stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE,
                                      preexec_fn=close_stdout, timeout=TIMEOUT)  # fmt: skip
            except subprocess.TimeoutExpired:
                pytest.fail(f"{case.id}: no answer after {TIMEOUT} s: a hang")
        return done.returncode, done.stderr.decode("utf-8", "replace")
    monkeypatch.chdir(cwd)
    result = run_cli(*case.args, env=dict(case.env))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback: let pytest show it
    return result.exit_code, result.stderr


def check(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Build and run ``case``: exit 2, exactly one error line holding its text, no traceback, and every entry
    that existed before (files, folders, links, devices) as it was, not even a temporary file left."""
    root = tmp_path / "case"
    root.mkdir()
    with unmounted_after(root, case):
        build(root, case)
        before = snapshot(root)
        code, stderr = run(root, case, monkeypatch)
        after = snapshot(root)
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("il2sched: error:")]
    assert len(errors) == 1, stderr
    assert case.expect in errors[0], errors[0]
    assert code == 2, stderr
    assert after == before  # nothing created, replaced or changed, not even a temporary file
    for secret in case.absent:
        assert secret not in stderr
