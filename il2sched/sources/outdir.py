"""An output folder written whole or not at all: files are staged beside it and swapped in at the end.

A failed or interrupted run leaves the previous outputs as they were. Files in the folder that an earlier
run did not write (a coordinator's notes) are carried over; the names a run wrote are kept in a manifest so
the next run knows which files are its own.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from il2sched.errors import OutputError
from il2sched.sources.files import umask

MANIFEST = ".il2sched-batch.json"


class StagedFolder:
    """A staging folder beside ``outdir``; :meth:`commit` swaps it in, leaving the context removes it."""

    def __init__(self, outdir: Path) -> None:
        if outdir.exists() and not outdir.is_dir():
            raise OutputError(f"cannot write into {outdir}: it is a file; give a folder with -d")
        parent = outdir.parent
        if not parent.is_dir():
            raise OutputError(f"cannot write into {outdir}: folder {parent} does not exist; create it first")
        try:
            self.path = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", suffix=".tmp", dir=parent))
        except OSError as exc:
            raise OutputError(f"cannot write into {parent}: {exc.strerror}") from None
        self.outdir = outdir
        self.committed = False

    def __enter__(self) -> StagedFolder:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if not self.committed:
            shutil.rmtree(self.path, ignore_errors=True)
        if isinstance(error, OSError):
            raise OutputError(
                f"cannot write into {self.outdir}: {error.strerror or error}; nothing was changed"
            ) from None

    def open(self, name: str) -> BinaryIO:
        """A staged file opened for writing (the ward files, streamed as patients are rendered)."""
        return open(self.path / name, "wb")

    def commit(self, names: Iterable[str]) -> None:
        """Carry the folder's foreign files over, write the manifest of ``names``, and swap the folders."""
        ours = set(names)
        _carry_over_foreign_files(self.outdir, self.path, ours)
        (self.path / MANIFEST).write_text(json.dumps(sorted(ours), indent=0) + "\n", encoding="utf-8")
        _swap(self.path, self.outdir)
        self.committed = True


def write_file(folder: Path, name: str, data: bytes) -> None:
    """Write one output file into a staging folder (from any worker process)."""
    (folder / name).write_bytes(data)


def read_previous(outdir: Path, name: str) -> bytes:
    """The bytes of ``name`` as the previous run left it in ``outdir``; empty when there is none."""
    old = outdir / name
    return old.read_bytes() if old.is_file() else b""


def _carry_over_foreign_files(outdir: Path, staging: Path, ours: set[str]) -> None:
    """Keep files in OUTDIR that no batch wrote (a coordinator's notes), without touching the originals."""
    if not outdir.is_dir():
        return
    try:
        earlier = set(json.loads((outdir / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        earlier = set()
    for entry in outdir.iterdir():
        if entry.name in ours or entry.name in earlier or entry.name == MANIFEST:
            continue
        target = staging / entry.name
        if entry.is_dir():
            shutil.copytree(entry, target, symlinks=True)
        else:
            shutil.copy2(entry, target, follow_symlinks=False)


def _swap(staging: Path, outdir: Path) -> None:
    os.chmod(staging, 0o777 & ~umask())
    if not outdir.exists():
        os.replace(staging, outdir)
        return
    retired = outdir.with_name(f".{outdir.name}.old-{os.getpid()}")
    os.replace(outdir, retired)
    try:
        os.replace(staging, outdir)
    except OSError:
        os.replace(retired, outdir)  # put the previous outputs back
        raise
    shutil.rmtree(retired, ignore_errors=True)
