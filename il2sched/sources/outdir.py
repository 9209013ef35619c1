"""An output folder written whole or not at all: files are staged beside it and swapped in at the end.

A failed or interrupted run leaves the previous outputs as they were. The names a run wrote are kept in a
manifest so the next run knows which files are its own; every other entry of the folder (a coordinator's
notes) is carried over as it is: hard-linked, so owner, mode, times and other links stay those of the file
itself. The new folder takes the old one's permissions and owner, and replaces it in one atomic exchange
where the system has one (Linux ``renameat2``, macOS ``renamex_np``).

A staging folder is named ``.<OUTDIR>.il2sched-<random>`` and sits beside a marker file of the same name plus
``.staging``, locked for as long as its run lives. A run killed before it could clean up (SIGKILL, a power
cut) leaves both; the next run into the same OUTDIR removes them, and only them: a name that matches and a
marker that no living run holds.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import shutil
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from il2sched.errors import OutputError
from il2sched.sources.files import read_bytes, shown, umask

MANIFEST = ".il2sched-batch.json"
MARKER_SUFFIX = ".staging"
_TAG = ".il2sched-"
_MAX_MANIFEST = 4 * 1024 * 1024  # bytes: a manifest lists file names, a few MiB for a huge roster


class StagedFolder:
    """A staging folder beside ``outdir``; :meth:`commit` swaps it in, leaving the context removes it.

    ``cleaned`` lists, in words, the leftovers of earlier killed runs this run removed.
    """

    def __init__(self, outdir: str | Path) -> None:
        self.outdir = check_outdir(outdir)
        parent = self.outdir.parent
        self.cleaned = remove_leftovers(self.outdir)
        base = f".{self.outdir.name}{_TAG}{secrets.token_hex(6)}"
        self.path = parent / base
        self.marker = parent / (base + MARKER_SUFFIX)
        self._lock: int | None = None
        try:
            self._lock = _create_marker(self.marker, self.outdir.name)
            os.mkdir(self.path, 0o700)  # private while it is being written
        except OSError as exc:
            self._release()
            raise OutputError(
                f"cannot write into {shown(parent)}: {exc.strerror}; nothing was changed"
            ) from None
        self.committed = False

    def __enter__(self) -> StagedFolder:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if not self.committed:
            shutil.rmtree(self.path, ignore_errors=True)
        self._release()
        if isinstance(error, OSError):
            raise OutputError(
                f"cannot write into {shown(self.outdir)}: {error.strerror or error}; nothing was changed"
            ) from None

    def _release(self) -> None:
        with contextlib.suppress(OSError):
            if not self.path.exists():
                os.unlink(self.marker)
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def open(self, name: str) -> BinaryIO:
        """A staged file opened for writing (the ward files, streamed as patients are rendered)."""
        return open(self.path / name, "wb")

    def check_names(self, names: Iterable[str], inputs: Iterable[tuple[str | None, str]] = ()) -> None:
        """Refuse, before any work, outputs that would replace a file no batch wrote or one of the inputs.

        A coordinator's file in OUTDIR is carried over; one with the very name of an output would be lost.
        """
        wanted = {name.casefold(): name for name in names}
        earlier = {name.casefold() for name in _manifest(self.outdir)}
        if self.outdir.is_dir():
            for entry in os.scandir(self.outdir):
                key = entry.name.casefold()
                if key in wanted and key not in earlier:
                    raise OutputError(
                        f"{shown(entry.path)} was not written by a batch run, and this run writes "
                        f"{wanted[key]}: move or rename that file first"
                    )
        for path, what in inputs:
            if not path:
                continue
            with contextlib.suppress(OSError):
                if Path(path).name.casefold() in wanted and os.path.samefile(Path(path).parent, self.outdir):
                    raise OutputError(
                        f"the {what} {shown(path)} is in OUTDIR with the name of an output; move it elsewhere"
                    )

    def commit(self, names: Iterable[str]) -> None:
        """Carry the folder's foreign entries over, write the manifest of ``names``, and swap the folders."""
        ours = set(names)
        _carry_over_foreign_entries(self.outdir, self.path, ours)
        (self.path / MANIFEST).write_text(json.dumps(sorted(ours), indent=0) + "\n", encoding="utf-8")
        _take_permissions(self.outdir, self.path)
        _swap(self.path, self.outdir)
        self.committed = True
        shutil.rmtree(self.path, ignore_errors=True)  # the previous outputs, now at the staging path
        self._release()


def check_outdir(given: str | Path) -> Path:
    """The folder a batch replaces: ``outdir`` itself, or the folder a symbolic link names.

    Refused: an empty name, ``.`` or ``..`` (the current folder or a parent), a file, a mount point (its
    staging folder would be on another file system), and a folder that holds the current folder.
    """
    text = str(given)
    outdir = Path(given)
    if not text.strip() or outdir.name in ("", ".", ".."):
        raise OutputError(
            f"-d {shown(text) or repr(text)} names no folder of its own: give the folder to write, such as "
            "-d out (it is replaced whole, so never the current folder or a parent)"
        )
    if outdir.is_symlink():
        real = Path(os.path.realpath(outdir))
        if not real.is_dir():
            raise OutputError(
                f"-d {shown(outdir)} is a symbolic link to {shown(real)}, which is not a folder; "
                "create that folder or give another -d"
            )
        outdir = real  # the swap happens beside the link's target; the link keeps naming it
    parent = outdir.parent
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"cannot write into {shown(outdir)}: it is a file; give a folder with -d")
    if not parent.is_dir():
        raise OutputError(
            f"cannot write into {shown(outdir)}: folder {shown(parent)} does not exist; create it first"
        )
    if outdir.is_dir():
        if os.stat(outdir).st_dev != os.stat(parent).st_dev:
            raise OutputError(
                f"cannot replace {shown(outdir)}: it is a mount point; give a folder inside it with -d"
            )
        try:
            here = Path.cwd()
        except OSError:  # the current folder was removed: nothing to protect
            return outdir
        if any(_same(outdir, folder) for folder in (here, *here.parents)):
            raise OutputError(
                f"-d {shown(outdir)} holds the current folder, which the run would replace; "
                "run il2sched from elsewhere or give another -d"
            )
    return outdir


def remove_leftovers(outdir: Path) -> list[str]:
    """Remove the staging folders that earlier runs into ``outdir`` left when killed; say what went.

    Only folders named like ours whose marker no living run holds are touched. Where the system has no file
    locks (Windows) nothing is removed: a run cannot tell a dead one from a living one there.
    """
    try:
        import fcntl
    except ImportError:
        return []
    pattern = re.compile(re.escape(f".{outdir.name}{_TAG}") + r"[0-9a-f]{12}" + re.escape(MARKER_SUFFIX))
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


def write_file(folder: Path, name: str, data: bytes) -> None:
    """Write one output file into a staging folder (from any worker process)."""
    (folder / name).write_bytes(data)


def read_previous(outdir: Path, name: str) -> bytes:
    """The bytes of ``name`` as the previous run left it in ``outdir``; empty when there is none.

    Only a regular file is read (never a FIFO or device someone put there), at most the input size cap.
    """
    old = outdir / name
    try:
        if not stat.S_ISREG(os.stat(old).st_mode):
            return b""
    except OSError:
        return b""
    return read_bytes(str(old), "previous calendar", OutputError)


def _create_marker(marker: Path, outdir_name: str) -> int:
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


def _manifest(outdir: Path) -> set[str]:
    """The names the previous batch wrote, from its manifest; empty when there is none or it is damaged."""
    path = outdir / MANIFEST
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return set()
        names = json.loads(read_bytes(str(path), "manifest", OutputError, limit=_MAX_MANIFEST))
    except (OSError, OutputError, ValueError):  # ValueError: not JSON; then nothing counts as ours
        return set()
    return {n for n in names if isinstance(n, str)} if isinstance(names, list) else set()


def _carry_over_foreign_entries(outdir: Path, staging: Path, ours: set[str]) -> None:
    """Keep the entries of OUTDIR that no batch wrote (a coordinator's notes), as they are."""
    if not outdir.is_dir():
        return
    earlier = _manifest(outdir)
    for entry in os.scandir(outdir):
        if entry.name in ours or entry.name in earlier or entry.name == MANIFEST:
            continue
        _link_tree(Path(entry.path), staging / entry.name)


def _link_tree(source: Path, target: Path) -> None:
    """Hard-link ``source`` (a folder: its tree) at ``target``: the same files, not copies."""
    info = os.lstat(source)
    if stat.S_ISDIR(info.st_mode):
        os.mkdir(target, 0o700)
        for entry in os.scandir(source):
            _link_tree(Path(entry.path), target / entry.name)
        _chown_like(target, info)
        shutil.copystat(source, target, follow_symlinks=False)
        return
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError as exc:
        # No hard links here (a file system without them, or another user's file under protected_hardlinks):
        # a copy keeps the content, mode and times; a FIFO or device cannot be copied safely.
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
            raise OutputError(
                f"cannot carry {shown(source)} over to the new {shown(source.parent)} ({exc.strerror}); "
                "move it out of the output folder"
            ) from None
        shutil.copy2(source, target, follow_symlinks=False)
        _chown_like(target, info)


def _take_permissions(outdir: Path, staging: Path) -> None:
    """Give the staging folder OUTDIR's mode, owner, group and extended attributes (or a new folder's)."""
    try:
        info = os.stat(outdir)
    except FileNotFoundError:
        os.chmod(staging, 0o777 & ~umask())
        return
    _chown_like(staging, info)  # first: a change of owner may clear mode bits
    shutil.copystat(outdir, staging)  # mode, flags and extended attributes (POSIX ACLs among them)
    os.utime(staging)  # but the folder's contents are new: its times are now


def _chown_like(path: Path, info: os.stat_result) -> None:
    if hasattr(os, "lchown"):
        with contextlib.suppress(OSError):  # only root may give a file away; a user keeps their own
            os.lchown(path, info.st_uid, info.st_gid)


def _swap(staging: Path, outdir: Path) -> None:
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


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
