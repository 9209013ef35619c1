"""An output folder written whole or not at all: files are staged beside it and swapped in at the end.

A failed or interrupted run leaves the previous outputs as they were. The names a run wrote are kept in a
manifest so the next run knows which files are its own; every other entry of the folder (a coordinator's
notes) is carried over as it is: hard-linked, so owner, mode, times and other links stay those of the file
itself. The new folder takes the old one's permissions and owner, and replaces it in one atomic exchange
where the system has one (Linux ``renameat2``, macOS ``renamex_np``).

The staging folder's marker, the removal of killed runs' leftovers and the swap itself are in
:mod:`il2sched.sources.staging`.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from il2sched.errors import OutputError
from il2sched.sources.files import MAX_REPLACED_BYTES, read_bytes, shown, umask
from il2sched.sources.staging import MARKER_SUFFIX, TAG, create_marker, remove_leftovers, remove_tree, swap

MANIFEST = ".il2sched-batch.json"
_MAX_MANIFEST = 4 * 1024 * 1024  # bytes: a manifest lists file names, a few MiB for a huge roster


class StagedFolder:
    """A staging folder beside ``outdir``; :meth:`commit` swaps it in, leaving the context removes it.

    ``cleaned`` lists, in words, the leftovers of earlier killed runs this run removed.
    """

    def __init__(self, outdir: str | Path) -> None:
        self.outdir = check_outdir(outdir)
        parent = self.outdir.parent
        self.cleaned = remove_leftovers(self.outdir)
        base = f".{self.outdir.name}{TAG}{secrets.token_hex(6)}"
        self.path = parent / base
        self.marker = parent / (base + MARKER_SUFFIX)
        self._lock: int | None = None
        try:
            self._lock = create_marker(self.marker, self.outdir.name)
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
            remove_tree(self.path)
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
                # A batch writes files only: a folder bearing an output's name is a coordinator's.
                if key in wanted and (key not in earlier or entry.is_dir(follow_symlinks=False)):
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
        _keep_modes(self.outdir, self.path, (*ours, MANIFEST))
        _take_permissions(self.outdir, self.path)
        swap(self.path, self.outdir)
        self.committed = True
        remove_tree(self.path)  # the previous outputs, now at the staging path (else the next run says so)
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
    try:
        os.lstat(outdir)
    except (FileNotFoundError, NotADirectoryError):
        pass  # a new folder (or a missing parent, said below)
    except OSError as exc:  # a name too long, a loop of links, a folder we may not search
        raise OutputError(
            f"cannot write into {shown(outdir)}: {exc.strerror}; check the path given to -d"
        ) from None
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


def write_file(folder: Path, name: str, data: bytes) -> None:
    """Write one output file into a staging folder (from any worker process)."""
    (folder / name).write_bytes(data)


def read_previous(outdir: Path, name: str) -> bytes:
    """The bytes of ``name`` as the previous run left it in ``outdir``; empty when there is none.

    Only a regular file is read (never a FIFO or device someone put there), and at most 128 MiB.
    """
    old = outdir / name
    try:
        if not stat.S_ISREG(os.stat(old).st_mode):
            return b""
    except OSError:
        return b""
    return read_bytes(str(old), "previous calendar", OutputError, limit=MAX_REPLACED_BYTES)


def _manifest(outdir: Path) -> set[str]:
    """The names the previous batch wrote, from its manifest; empty when there is none or it is damaged."""
    path = outdir / MANIFEST
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return set()
        names = json.loads(read_bytes(str(path), "manifest", OutputError, limit=_MAX_MANIFEST))
    except (OSError, OutputError, ValueError, RecursionError):  # damaged, not JSON, nested past reading
        return set()  # then nothing counts as ours, and a file with an output's name is refused
    return {n for n in names if isinstance(n, str)} if isinstance(names, list) else set()


def _carry_over_foreign_entries(outdir: Path, staging: Path, ours: set[str]) -> None:
    """Keep the entries of OUTDIR that no batch wrote (a coordinator's notes), as they are."""
    if not outdir.is_dir():
        return
    earlier = _manifest(outdir)
    for entry in os.scandir(outdir):
        # A name the previous batch wrote is ours to drop, unless it is now a folder: a batch writes files
        # only, so a folder of that name (and what is in it) is a coordinator's.
        ours_before = entry.name in earlier and not entry.is_dir(follow_symlinks=False)
        if entry.name in ours or ours_before or entry.name == MANIFEST:
            continue
        _link_tree(Path(entry.path), staging / entry.name)


def _link_tree(source: Path, target: Path) -> None:
    """Hard-link ``source`` (a folder: its tree) at ``target``: the same files, not copies.

    Iterative, however deep the tree: folders are made as they are met, and given their own owner, mode and
    times once their contents are in (deepest first, so filling one never changes a finished one's times).
    """
    pending, finished = [(source, target)], []
    while pending:
        source, target = pending.pop()
        info = os.lstat(source)
        if not stat.S_ISDIR(info.st_mode):
            _link_entry(source, target, info)
            continue
        os.mkdir(target, 0o700)
        finished.append((source, target, info))
        pending += [(Path(entry.path), target / entry.name) for entry in os.scandir(source)]
    for source, target, info in reversed(finished):
        _chown_like(target, info)
        shutil.copystat(source, target, follow_symlinks=False)


def _link_entry(source: Path, target: Path, info: os.stat_result) -> None:
    """Hard-link one entry that is not a folder (a copy where links are refused; never a FIFO or device)."""
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


def _keep_modes(outdir: Path, staging: Path, names: Iterable[str]) -> None:
    """Give each output that replaces a file of OUTDIR that file's mode, owner and group, as ``generate -o``
    does: a patient's file the coordinator made private (0600) stays private."""
    for name in names:
        try:
            old = os.lstat(outdir / name)
        except OSError:
            continue  # a new file: the umask's mode
        if stat.S_ISREG(old.st_mode):
            _chown_like(staging / name, old)  # first: a change of owner may clear mode bits
            os.chmod(staging / name, stat.S_IMODE(old.st_mode))


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


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
