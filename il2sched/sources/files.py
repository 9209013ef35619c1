"""Writing outputs whole or not at all."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from il2sched.errors import Il2schedError, OutputError


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A reader never sees a half-written file, and a failed run leaves any previous file untouched.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder; give a file name such as {path}/out.ics")
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: folder {folder} does not exist; create it first")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}; choose a folder you can write to") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask()
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except OSError as exc:
        _remove_quietly(tmp_name)
        raise OutputError(f"cannot write {path}: {exc.strerror}; check the path and free space") from None
    except BaseException:
        _remove_quietly(tmp_name)
        raise


def read_input(path: str, what: str, error: type[Il2schedError], hint: str = "check the path") -> str:
    """The UTF-8 text of the input file ``path`` (a BOM is dropped), or ``error`` with one line saying why.

    ``what`` names the file for people ("regimen file"); ``hint`` is the fix for a file not found.
    """
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error(f"{path}: {what} not found; {hint}") from None
    except IsADirectoryError:
        raise error(f"{path}: is a folder, not a {what}; give a text file") from None
    except UnicodeDecodeError:
        raise error(f"{path}: not UTF-8 text; save the {what} as UTF-8") from None
    except OSError as exc:
        raise error(f"{path}: cannot read the {what} ({exc.strerror})") from None


def read_replaced(target: str) -> bytes:
    """The bytes of the file an output is about to replace; empty for standard output or no readable file."""
    if target == "-":
        return b""
    try:
        with open(target, "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def write_output(target: str, data: bytes) -> None:
    """Write to a file path, or to standard output for ``-``."""
    if target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        atomic_write(Path(target), data)


def umask() -> int:
    """The process's file-creation mask, read without changing it for longer than a call."""
    current = os.umask(0)
    os.umask(current)
    return current


def _remove_quietly(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)
