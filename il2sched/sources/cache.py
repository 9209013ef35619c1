"""A small on-disk cache of computed JSON data (locale names, holiday dates).

Importing babel or holidays costs more start-up time than the rest of a run, yet the data we take from them
is tiny and only changes with their version. Entries are keyed on everything that determines them
(package version, country, language, years, ...), written atomically, and silently rebuilt when missing,
unreadable or stale: a cache problem never changes an output and never fails a run.
"""

from __future__ import annotations

import json
import os
import sys
import zlib
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path
from typing import Any

CACHE_ENV = "IL2SCHED_CACHE_DIR"
FORMAT = 1


def cache_dir() -> Path | None:
    """Where the cache lives: ``$IL2SCHED_CACHE_DIR`` (empty turns it off), else the user cache folder."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "il2sched" / "cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "il2sched"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "il2sched"


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


def cached_json(namespace: str, key: dict[str, Any], compute: Callable[[], Any]) -> Any:
    """Return ``compute()``'s JSON-able result, from the cache when an entry for ``key`` exists."""
    folder = cache_dir()
    if folder is None:
        return compute()
    canonical = json.dumps({"format": FORMAT, "namespace": namespace, **key}, sort_keys=True)
    # The file name only spreads entries out (each entry holds its whole key, compared on read), so a
    # checksum is enough: importing hashlib would cost more start-up than the rest of the cache.
    digest = f"{zlib.crc32(canonical.encode()):08x}{zlib.adler32(canonical.encode()):08x}"
    path = folder / f"{namespace}-{digest}.json"
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        if entry.get("key") == canonical:
            return entry["value"]
    except (OSError, ValueError, KeyError, AttributeError):
        pass
    value = compute()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"key": canonical, "value": value}), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
    return value
