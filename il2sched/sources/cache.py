"""A small on-disk cache of computed JSON data (locale names, holiday dates).

Importing babel or holidays costs more start-up time than the rest of a run, yet the data we take from them
is tiny and only changes with their version. Entries are keyed on everything that determines them
(package version, country, language, years, ...), carry a checksum of their content, are written
atomically, and are rebuilt when missing, unreadable, stale or damaged (the checksum catches an entry edited
by hand into other valid data, such as a holiday on another day; each reader also checks the shape, types and
values of what it reads back): a cache problem never changes an output and never fails a run. Deleting the
cache folder is always safe.

The cache is bounded: at most :data:`MAX_ENTRIES` entries, the least recently used removed first (an entry's
modification time is its last use, refreshed at most once an hour), so a web page asking for every country,
language and year span in turn cannot fill a disk; callers leave out what is rarely asked again (holidays
of years far from today).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import zlib
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path
from typing import Any

CACHE_ENV = "IL2SCHED_CACHE_DIR"
FORMAT = 2  # 2: entries carry a checksum ("sum"); entries of format 1 are simply never read
MAX_ENTRY_BYTES = 1024 * 1024  # an entry holds a few KiB; anything larger is not ours
#: Entries kept at most (a few KiB each): far more than one site's countries, languages and years use.
MAX_ENTRIES = 200
#: An entry used again is marked used (its modification time) when its mark is older than this (seconds):
#: a run reading the cache writes nothing, but the least recently used entries are still known.
USE_MARK = 3600
#: A temporary file older than this (seconds) was left by a run that died mid-write: removed.
STALE_TEMPORARY = 600


def cache_dir() -> Path | None:
    """Where the cache lives: ``$IL2SCHED_CACHE_DIR`` (empty turns it off), else the user cache folder."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "il2sched" / "cache" if base else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and sys.platform != "darwin":
        return Path(xdg) / "il2sched"
    try:
        home = Path.home()
    except RuntimeError:  # no HOME and a user the system does not list (a container's --user): no cache
        return None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "il2sched"
    return home / ".cache" / "il2sched"


def package_version(name: str) -> str:
    """A package's installed version, read from its dist-info folder name without importing it.

    ``importlib.metadata`` would cost more than the import the cache avoids, so we look for the
    ``<name>-<version>.dist-info`` folder beside the package; failing that, the package file's mtime keys it.
    """
    spec = find_spec(name)
    if spec is None or spec.origin is None:
        return "missing"
    origin = Path(spec.origin)
    site = origin.parent.parent
    wanted = name.lower().replace("-", "_") + "-"
    try:
        for entry in os.scandir(site):
            if entry.name.endswith(".dist-info") and entry.name.lower().startswith(wanted):
                return entry.name[len(wanted) : -len(".dist-info")]
        return f"mtime-{origin.stat().st_mtime_ns}"
    except OSError:
        return "unknown"


def cached_json(
    namespace: str,
    key: dict[str, Any],
    compute: Callable[[], Any],
    valid: Callable[[Any], bool] = lambda value: True,
    *,
    store: bool = True,
) -> Any:
    """Return ``compute()``'s JSON-able result, from the cache when a sound entry for ``key`` exists.

    An entry is used only if it holds exactly ``key`` and ``valid`` accepts its value; any other entry
    (damaged, truncated, edited by hand, from another version) is rebuilt, and :func:`take_rebuilt` names
    it so the command line can say so once. Without ``store`` a missing entry is computed but not written.
    """
    folder = cache_dir()
    if folder is None:
        return compute()
    canonical = json.dumps({"format": FORMAT, "namespace": namespace, **key}, sort_keys=True)
    # The file name only spreads entries out (each entry holds its whole key, compared on read), so a
    # checksum is enough: importing hashlib would cost more start-up than the rest of the cache.
    digest = f"{zlib.crc32(canonical.encode()):08x}{zlib.adler32(canonical.encode()):08x}"
    path = folder / f"{namespace}-{digest}.json"
    entry = _read(path)
    if entry is not _MISSING:
        sound = isinstance(entry, dict) and entry.get("key") == canonical and "value" in entry
        if sound and entry.get("sum") == _checksum(canonical, entry["value"]) and valid(entry["value"]):
            _mark_used(path)
            return entry["value"]
        if str(path) not in _rebuilt:
            _rebuilt.append(str(path))
    value = compute()
    if store:
        entry = {"key": canonical, "sum": _checksum(canonical, value), "value": value}
        _store(path, json.dumps(entry).encode("utf-8"))
        _trim(folder)
    return value


def _mark_used(path: Path) -> None:
    """Mark an entry as used now, when its mark is over :data:`USE_MARK` seconds old (one write an hour)."""
    import time

    with contextlib.suppress(OSError):  # a read-only cache still serves
        if time.time() - path.stat().st_mtime > USE_MARK:
            os.utime(path)


def _trim(folder: Path) -> None:
    """Keep the :data:`MAX_ENTRIES` most recently used entries (and no temporary file a dead run left)."""
    import time

    entries: list[tuple[float, str]] = []
    now = time.time()
    try:
        with os.scandir(folder) as found:
            for item in found:
                if not item.is_file(follow_symlinks=False):
                    continue
                modified = item.stat(follow_symlinks=False).st_mtime
                if item.name.endswith(".json") and not item.name.startswith("."):
                    entries.append((modified, item.name))
                elif (
                    item.name.startswith(".")
                    and item.name.endswith(".tmp")
                    and now - modified > STALE_TEMPORARY
                ):
                    with contextlib.suppress(OSError):
                        os.unlink(item.path)
    except OSError:
        return
    entries.sort()
    for _, name in entries[: max(0, len(entries) - MAX_ENTRIES)]:
        with contextlib.suppress(OSError):
            os.unlink(folder / name)


def _checksum(canonical: str, value: Any) -> str:
    """A checksum of an entry's key and value (as JSON, keys sorted): 64 bits, crc32 then adler32.

    It tells an entry we wrote from one changed since (by hand, a tool, a damaged disk); it is no defence
    against someone who recomputes it, and needs none: the cache is the user's own, under their own folder.
    """
    data = json.dumps([canonical, value], sort_keys=True, ensure_ascii=False).encode("utf-8")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def take_rebuilt() -> tuple[str, ...]:
    """The cache files found damaged (and rebuilt) since the last call, each once: for one report a run."""
    taken = tuple(_rebuilt)
    _rebuilt.clear()
    return taken


_MISSING = object()
_rebuilt: list[str] = []


def _read(path: Path) -> Any:
    """The JSON in ``path``; ``_MISSING`` when there is no such file; ``None`` when it is not usable JSON."""
    from il2sched.errors import Il2schedError, InvalidValue
    from il2sched.sources.files import read_bytes

    if not os.path.lexists(path):
        return _MISSING
    try:
        return json.loads(read_bytes(str(path), "cache entry", InvalidValue, limit=MAX_ENTRY_BYTES))
    except (Il2schedError, ValueError, RecursionError):  # unreadable, not a file, too big, not JSON
        return None


def _store(path: Path, data: bytes) -> None:
    """Write a cache entry atomically, or not at all: a cache that cannot be written is simply not used.

    A folder that is a file, read-only or full leaves nothing behind: the temporary file is removed.
    """
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException as exc:  # a full disk, or Ctrl-C / SIGTERM right now: no temporary file left
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if not isinstance(exc, OSError):
            raise
