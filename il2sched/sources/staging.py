"""Staging folders' markers, the leftovers of killed runs, and the swap of two folders.

A staging folder ``.<OUTDIR>.il2sched-<random>`` sits beside a marker file of the same name plus
``.staging``, locked (``flock``) for as long as its run and its workers live: the lock goes with the last
process, however it dies. A run killed before it could clean up (SIGKILL, a power cut) leaves both; the next
run into the same OUTDIR removes them, and only them: a name that matches and a marker nobody holds.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import sys
import time
from pathlib import Path

from il2sched.sources.files import shown

MARKER_SUFFIX = ".staging"
TAG = ".il2sched-"


#: How long a run waits, in all, for the processes of a killed run to let go of their markers: its workers
#: die with it (on Linux at once, elsewhere once their current patient is written), not always before the
#: next run looks.
DYING_WAIT = 10.0  # seconds


def remove_leftovers(outdir: Path) -> list[str]:
    """Remove the staging folders that earlier runs into ``outdir`` left when killed; say what went.

    Only folders named like ours whose marker no living run holds are touched (a marker still held by the
    workers of a run whose coordinator is dead is waited for, a few seconds at most). A folder that cannot be
    removed (another user's) is said so and kept with its marker, for a later run. Where the system has no
    file locks (Windows) nothing is removed: a run cannot tell a dead one from a living one there.
    """
    if sys.platform == "win32":  # no fcntl: no locks to tell a dead run from a living one
        return []
    pattern = re.compile(
        re.escape(f".{outdir.name}{TAG}") + r"[0-9a-f]{12}" + re.escape(MARKER_SUFFIX) + "(-new)?"
    )
    removed: list[str] = []
    try:
        entries = [e for e in os.scandir(outdir.parent) if pattern.fullmatch(e.name)]
    except OSError:
        return []
    deadline = time.monotonic() + DYING_WAIT
    for entry in entries:
        try:
            fd = os.open(
                entry.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
            )
        except OSError:
            continue
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode) or not _locked(fd, deadline):
                continue  # not a marker, or a living run holds it
            if entry.name.endswith("-new"):
                # A marker not yet locked by its run (killed in that instant), or being locked right now:
                # only an old one is a leftover. It has no folder yet.
                if time.time() - os.fstat(fd).st_mtime > 60:
                    os.unlink(entry.path)
                continue
            folder = Path(entry.path[: -len(MARKER_SUFFIX)])
            retired = folder.with_name(folder.name + ".old")
            if _is_real_dir(retired):
                if not outdir.exists():
                    os.rename(retired, outdir)  # killed between the two renames: put the outputs back
                    removed.append(f"restored {shown(outdir)} from {retired.name}, left by a killed run")
                elif not remove_tree(retired):
                    removed.append(_kept(retired))
                    continue
            if _is_real_dir(folder):
                if not remove_tree(folder):
                    removed.append(_kept(folder))
                    continue  # the marker stays: a later run tries again
                removed.append(f"removed {shown(folder)}, the staging folder a killed run left")
            os.unlink(entry.path)
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


def _locked(fd: int, deadline: float) -> bool:
    """Lock the marker open at ``fd``: at once, or, when the run that wrote it is dead but its workers still
    hold it (dying), once they let go, until ``deadline``. False when a living run holds it."""
    import fcntl

    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            if _writer_alive(fd) or time.monotonic() > deadline:
                return False
            time.sleep(0.05)


def _writer_alive(fd: int) -> bool:
    """Is the run that wrote the marker open at ``fd`` still running (or unknown: then it counts as alive)?"""
    try:
        pid = json.loads(os.pread(fd, 4096, 0))["pid"]
        if not isinstance(pid, int) or pid <= 0:
            return True
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, ValueError, KeyError, TypeError):  # not ours to judge, or another user's process
        return True
    return True


def _kept(folder: Path) -> str:
    return f"could not remove {shown(folder)}, the staging folder a killed run left: remove it by hand"


def remove_tree(path: Path) -> bool:
    """Remove a staging folder (or the previous OUTDIR swapped out to its place) whole; True when it is gone.

    Iterative, since a coordinator's folder carried over may nest deeper than Python recurses; links are
    removed, never followed. A folder without write permission for us (a read-only folder carried over) is
    opened up first: every folder of the tree is going away, and only folders are changed, never the files,
    which may be hard links to the outputs kept.
    """
    if not _is_real_dir(path):
        with contextlib.suppress(OSError):
            os.unlink(path)
        return not os.path.lexists(path)
    stack, folders = [os.fspath(path)], []
    while stack:
        folder = stack.pop()
        folders.append(folder)
        with contextlib.suppress(OSError):
            mode = stat.S_IMODE(os.lstat(folder).st_mode)
            if mode & stat.S_IRWXU != stat.S_IRWXU:
                os.chmod(folder, mode | stat.S_IRWXU)
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
    for folder in reversed(folders):  # children before their parents
        with contextlib.suppress(OSError):
            os.rmdir(folder)
    return not os.path.lexists(path)


def create_marker(marker: Path, outdir_name: str) -> int:
    """Create and lock the marker file; the lock lives as long as the run (and its workers).

    It is locked under a temporary name and then renamed, so another run never sees it unlocked.
    """
    fresh = marker.with_name(marker.name + "-new")
    fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        except ImportError:
            pass
        os.write(
            fd, json.dumps({"tool": "il2sched", "outdir": outdir_name, "pid": os.getpid()}).encode() + b"\n"
        )
        os.rename(fresh, marker)
    except OSError:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(fresh)
        raise
    return fd


def swap(staging: Path, outdir: Path) -> None:
    """Put ``staging`` at ``outdir``; the previous OUTDIR ends up at ``staging``'s path."""
    if not outdir.exists():
        os.rename(staging, outdir)
        os.mkdir(staging, 0o700)  # an empty stand-in, removed with the marker
        return
    if _exchange(staging, outdir):
        return
    # No atomic exchange: two renames. A run killed between them leaves OUTDIR missing and its previous
    # contents at <staging>.old, which the next run puts back (remove_leftovers).
    retired = staging.with_name(staging.name + ".old")
    os.rename(outdir, retired)
    try:
        os.rename(staging, outdir)
    except OSError:
        os.rename(retired, outdir)
        raise
    os.rename(retired, staging)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; False where the system cannot (then the caller renames twice)."""
    import ctypes

    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        function = getattr(libc, "renameat2", None)
        at_cwd, flag = -100, 2  # AT_FDCWD, RENAME_EXCHANGE
        args: tuple[object, ...] = (at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), flag)
    elif sys.platform == "darwin":
        libc = ctypes.CDLL(None, use_errno=True)
        function = getattr(libc, "renamex_np", None)
        args = (os.fsencode(a), os.fsencode(b), 2)  # RENAME_SWAP
    else:
        return False
    if function is None:
        return False
    if function(*args) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _is_real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False
