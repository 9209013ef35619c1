"""Reading input files and writing outputs, with the promises the README makes about both.

Inputs (regimen, closures, roster, the calendar a run replaces) must be regular files of at most
:data:`MAX_INPUT_BYTES`: a FIFO, a device or a folder is refused before it is opened, so ``/dev/zero`` or a
named pipe nobody writes to is one line, never a hang or a memory blow-up.

Outputs are written whole or not at all: a regular file (or a new one) through a temporary file in the same
folder and a rename. A character device (``/dev/null``) or a FIFO is written into, never replaced; a folder,
socket or block device is refused.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from il2sched.core.messages import Phrase, keyed
from il2sched.errors import Il2schedError, OutputError

#: The largest input file read: far above any real regimen, closures file, roster or calendar (a roster of
#: 10,000 patients is under 1 MiB), and small enough that reading it never strains memory.
MAX_INPUT_BYTES = 10 * 1024 * 1024
#: The largest calendar read back when an output replaces it (for SEQUENCE): il2sched itself writes calendars
#: of up to about 85 MB (36,525 timed doses, ten reminders each), which a later run must be able to replace.
MAX_REPLACED_BYTES = 128 * 1024 * 1024

# Non-blocking so that a path swapped for a FIFO between the check and the open never waits for a writer;
# no controlling terminal from a device; 0 where the platform has no such flag (Windows).
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_OPEN_FLAGS = _NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
# A link into one of our own open descriptors: /dev/stdout -> /proc/self/fd/1, /dev/fd/3.
_DESCRIPTOR_RE = re.compile(r"/(?:proc/(?:self|thread-self|(\d+))|dev)/fd/(\d+)")

ErrorFactory = Callable[[str], Il2schedError]
#: A file's kind or a fix as an error says it: English for the command line alone, or words of the error
#: tables (:class:`~il2sched.core.messages.Phrase`) for the files the page may name.
Words = str | Phrase
#: The fix for a file not found, unless the caller names another.
CHECK_PATH = Phrase("hint.path")


def shown(path: str | os.PathLike[str], limit: int = 200) -> str:
    """A path as an error message may show it: on one line, printable, not absurdly long."""
    text = os.fspath(path)
    if not text.isprintable():
        text = repr(text)[1:-1]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def kind_of(mode: int) -> str:
    """What a file of ``mode`` is, in words ("a FIFO (named pipe)")."""
    for test, words in (
        (stat.S_ISREG, "a regular file"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISLNK, "a symbolic link"),
    ):
        if test(mode):
            return words
    return "not a regular file"


# --- inputs ----------------------------------------------------------------------------------------------


def read_bytes(
    path: str,
    what: Words,
    error: ErrorFactory,
    hint: Words = CHECK_PATH,
    limit: int = MAX_INPUT_BYTES,
) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit``), or ``error`` with one line saying why.

    ``what`` names the file for people ("regimen file"); ``hint`` is the fix for a file not found.
    """
    name = shown(path)
    if "\0" in path:
        raise keyed(error, "file.nul", name=name, hint=hint)
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise keyed(error, "file.missing", name=name, what=what, hint=hint) from None
    except OSError as exc:
        raise keyed(error, "file.unreadable", name=name, what=what, reason=exc.strerror) from None
    _check_input(info, name, what, error, limit)
    try:
        fd = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
    except OSError as exc:
        raise keyed(error, "file.unreadable", name=name, what=what, reason=exc.strerror) from None
    try:
        _check_input(os.fstat(fd), name, what, error, limit)  # the same file we checked, not a swapped one
        if hasattr(os, "set_blocking") and _NONBLOCK:
            os.set_blocking(fd, True)
        chunks, size = [], 0
        while size <= limit and (chunk := os.read(fd, min(1 << 20, limit + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise keyed(error, "file.unreadable", name=name, what=what, reason=exc.strerror) from None
    finally:
        os.close(fd)
    if size > limit:  # it grew after the check
        raise _too_large(error, name, what, limit)
    return b"".join(chunks)


def _check_input(info: os.stat_result, name: str, what: Words, error: ErrorFactory, limit: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise keyed(error, "file.folder", name=name, what=what)
    if not stat.S_ISREG(info.st_mode):
        raise keyed(error, "file.kind", name=name, kind=kind_of(info.st_mode), what=what)
    if info.st_size > limit:
        raise _too_large(error, name, what, limit)


def _too_large(error: ErrorFactory, name: str, what: Words, limit: int) -> Il2schedError:
    size = f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit} bytes"
    return keyed(error, "file.large", name=name, what=what, size=size)


def read_input(path: str, what: Words, error: ErrorFactory, hint: Words = CHECK_PATH) -> str:
    """The UTF-8 text of the input file ``path`` (a BOM is dropped), or ``error`` with one line saying why."""
    return text_of(read_bytes(path, what, error, hint), path, what, error)


def text_of(raw: bytes, path: str, what: Words, error: ErrorFactory) -> str:
    """``raw`` as UTF-8 text (a BOM dropped), or ``error`` naming the first line that is not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise keyed(error, "file.utf8", name=shown(path), line=line, what=what) from None


def read_replaced(target: str) -> bytes:
    """The bytes of the regular file an output is about to replace; empty for anything else.

    A device, FIFO or standard output is written into, not replaced, so there is nothing to read from it.
    """
    if target == "-" or _output_kind(Path(target)) != "replace":
        return b""
    try:
        info = os.stat(target)
    except OSError:
        return b""
    if not stat.S_ISREG(info.st_mode):
        return b""
    return read_bytes(
        target, "calendar being replaced", OutputError, limit=MAX_REPLACED_BYTES
    )  # too large: one line, not a blow-up


# --- outputs ---------------------------------------------------------------------------------------------


def check_output(target: str, inputs: Iterable[tuple[str | None, str]] = ()) -> None:
    """Refuse, before any work, an output that cannot be written or that is one of the run's ``inputs``.

    ``inputs`` holds (path, what) pairs such as ("ward.csv", "roster"); a missing path is skipped.
    """
    if target == "-":
        return
    if not target.strip():  # an unset shell variable: Path("") would be the current folder
        raise OutputError("-o is empty: give a file name such as out.ics, or - for standard output")
    if target.endswith(("/", os.sep)):  # a Path would drop the slash and write a file of that name
        raise OutputError(
            f"cannot write {shown(target)}: a name ending in '/' names a folder; give a file name such as "
            f"{shown(target + 'out.ics')}"
        )
    _output_kind(Path(target))
    for path, what in inputs:
        if path and _same_file(target, path):
            raise OutputError(
                f"cannot write {shown(target)}: it is the {what} this run reads; choose another output file"
            )


def write_output(target: str, data: bytes) -> None:
    """Write to a file path, or to standard output for ``-``."""
    if target != "-":
        check_output(target)
        atomic_write(Path(target), data)
        return
    if sys.stdout is None:  # started with standard output closed (``>&-``)
        raise OutputError("cannot write to standard output: it is closed; give -o FILE")
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise  # the reader went away (``| head``): the command line ends quietly
    except OSError as exc:  # a full disk behind a redirection, /dev/full, a terminal gone
        forget_stdout()
        raise OutputError(
            f"cannot write to standard output: {exc.strerror}; free some space, or give -o FILE"
        ) from None


def forget_stdout() -> None:
    """Point standard output at the null device once it has failed, so that the bytes still in its buffer
    are not written again (and fail again, with a traceback) when Python exits."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # no real descriptor (a test's stdout)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``: whole or not at all for a file, straight into a device or FIFO.

    A regular file (or a new one, or a symbolic link to one, which is replaced as a link) is written through
    a temporary file in the same folder and a rename, keeping the replaced file's mode and owner: a reader
    never sees half a file and a failed run leaves the previous one untouched.
    """
    kind = _output_kind(path)
    if kind == "replace":
        _replace(path, data)
    elif kind == "descriptor":
        _write_descriptor(path, data)
    else:
        _write_into(path, data)


def _output_kind(path: Path) -> str:
    """``replace`` (a regular file or none yet), ``device`` (write into it) or ``descriptor`` (our own fd)."""
    name = shown(path)
    if "\0" in str(path):
        raise OutputError(f"cannot write {name}: a file name cannot contain a NUL character")
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return "replace"
    except OSError as exc:
        raise OutputError(f"cannot write {name}: {exc.strerror}; check the path") from None
    if stat.S_ISLNK(info.st_mode):
        if _descriptor_of(path) is not None:
            return "descriptor"
        try:
            info = os.stat(path)
        except OSError:
            return "replace"  # a dangling link is replaced as a link
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return "replace"
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return "device"
    if stat.S_ISDIR(mode):
        raise OutputError(f"cannot write {name}: it is a folder; give a file name such as {name}/out.ics")
    raise OutputError(f"cannot write {name}: it is {kind_of(mode)}, not a file; give a file name")


def _descriptor_of(path: Path) -> int | None:
    """The descriptor of this process a chain of links ends in (``/dev/stdout``), if it does."""
    current = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on links followed
        match = _DESCRIPTOR_RE.fullmatch(current)
        if match and (match.group(1) is None or int(match.group(1)) == os.getpid()):
            return int(match.group(2))
        try:
            target = os.readlink(current)
        except OSError:
            return None
        current = os.path.normpath(os.path.join(os.path.dirname(current), target))
    return None


def _replace(path: Path, data: bytes) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(
            f"cannot write {shown(path)}: folder {shown(folder)} does not exist; create it first"
        )
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"cannot write {shown(path)}: {exc.strerror}; choose a folder you can write to"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            old = os.stat(path)
        except OSError:
            os.chmod(tmp_name, 0o666 & ~umask())
        else:
            os.chmod(tmp_name, stat.S_IMODE(old.st_mode))
            _chown_like(tmp_name, old)
        os.replace(tmp_name, path)
    except OSError as exc:
        _remove_quietly(tmp_name)
        raise OutputError(
            f"cannot write {shown(path)}: {exc.strerror}; check the path and free space; nothing was changed"
        ) from None
    except BaseException:
        _remove_quietly(tmp_name)
        raise


def _write_into(path: Path, data: bytes) -> None:
    """Write into a character device or FIFO, which must never be replaced by a regular file."""
    try:
        fd = os.open(path, os.O_WRONLY | _OPEN_FLAGS)
    except OSError as exc:
        # A FIFO opened without blocking and no reader at the other end (a device such as /dev/tty without a
        # terminal says ENXIO too, for another reason).
        if exc.errno == errno.ENXIO and _is_fifo(path):
            raise OutputError(
                f"cannot write {shown(path)}: it is a FIFO (named pipe) and no program is reading it; "
                "start the reader first"
            ) from None
        raise OutputError(f"cannot write {shown(path)}: {exc.strerror}") from None
    if hasattr(os, "set_blocking") and _NONBLOCK:
        os.set_blocking(fd, True)  # the reader is there: wait for it like any pipe
    _write_all(fd, path, data)


def _write_descriptor(path: Path, data: bytes) -> None:
    """Write to one of our descriptors (``/dev/stdout``) as the shell opened it (append mode kept)."""
    number = _descriptor_of(path)
    assert number is not None
    try:
        fd = os.dup(number)
    except OSError as exc:
        raise OutputError(f"cannot write {shown(path)}: {exc.strerror}") from None
    _write_all(fd, path, data)


def _write_all(fd: int, path: Path, data: bytes) -> None:
    """Write every byte to ``fd`` (a device may take them in parts), then close it."""
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise OutputError(f"cannot write {shown(path)}: {exc.strerror}") from None
    finally:
        os.close(fd)


def _is_fifo(path: Path) -> bool:
    try:
        return stat.S_ISFIFO(os.stat(path).st_mode)
    except OSError:
        return False


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # missing, unreadable or a NUL in the name: not the same existing file
        return False


def _chown_like(name: str, old: os.stat_result) -> None:
    """Give the new file the replaced one's owner and group (possible as root, or for a group of ours)."""
    if not hasattr(os, "chown"):
        return
    with contextlib.suppress(OSError):
        os.chown(name, old.st_uid, old.st_gid)


def umask() -> int:
    """The process's file-creation mask, read without changing it for longer than a call."""
    current = os.umask(0)
    os.umask(current)
    return current


def _remove_quietly(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)
