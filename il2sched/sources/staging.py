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
import shutil
import stat
import sys
import time
from pathlib import Path

from il2sched.sources.files import shown

MARKER_SUFFIX = ".staging"
TAG = ".il2sched-"


def remove_leftovers(outdir: Path) -> list[str]:
    """Remove the staging folders that earlier runs into ``outdir`` left when killed; say what went.

    Only folders named like ours whose marker no living run holds are touched. Where the system has no file
    locks (Windows) nothing is removed: a run cannot tell a dead one from a living one there.
    """
    try:
        import fcntl
    except ImportError:
        return []
    pattern = re.compile(
        re.escape(f".{outdir.name}{TAG}") + r"[0-9a-f]{12}" + re.escape(MARKER_SUFFIX) + "(-new)?"
    )
    removed: list[str] = []
    try:
        entries = [e for e in os.scandir(outdir.parent) if pattern.fullmatch(e.name)]
    except OSError:
        return []
    for entry in entries:
        try:
            fd = os.open(
                entry.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
            )
        except OSError:
            continue
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a living run holds it
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
                else:
                    shutil.rmtree(retired, ignore_errors=True)
            if _is_real_dir(folder):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(f"removed {shown(folder)}, the staging folder a killed run left")
            os.unlink(entry.path)
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


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
