"""Where the ward record is: ``--db URL``, else ``IL2SCHED_DB``, else a SQLite file in the user's data folder.

A location is a SQLite file (``sqlite:///ward.db``, ``sqlite:////srv/ward.db`` or a plain path) or a
PostgreSQL database (``postgresql://user@host/dbname``, psycopg 3). ``timeout=SECONDS`` in the query says how
long a change waits for another one holding the record (default 10). A new SQLite file is created mode 0600;
the default folder is created mode 0700; an existing folder's mode is never changed.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from il2sched.errors import StoreError

#: The environment variable naming the ward record when ``--db`` is not given.
ENV = "IL2SCHED_DB"
#: How long a change waits for another one to finish, in seconds, unless the location says otherwise.
DEFAULT_TIMEOUT = 10.0
#: The default SQLite file's name in the user's data folder.
DEFAULT_FILE = "ward.db"
#: The first bytes of every SQLite 3 database file.
SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True, slots=True)
class Location:
    """A parsed location: the backend, the URL SQLAlchemy opens, how it is shown (never a password), the
    SQLite file's path, and the lock timeout."""

    backend: str  # "sqlite" or "postgresql"
    url: str  # for SQLAlchemy (postgresql+psycopg://...)
    shown: str  # for messages: the file's path, or the URL with its password hidden
    path: Path | None  # the SQLite file
    timeout: float
    default: bool = False  # the user's data folder's file (its folder is created if missing)


def default_path() -> Path:
    """The SQLite file in the user's data folder (``~/.local/share/il2sched/ward.db`` on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("il2sched", appauthor=False) / DEFAULT_FILE


def locate(given: str | None) -> Location:
    """The location ``given`` (``--db``), else ``IL2SCHED_DB``'s, else the default file; one line if bad."""
    text = given if given is not None else os.environ.get(ENV)
    if text is None or text == "":
        if given == "":
            raise StoreError("--db is empty: give sqlite:///PATH, postgresql://... or a file's path")
        return Location("sqlite", f"sqlite:///{default_path()}", str(default_path()), default_path(),
                        DEFAULT_TIMEOUT, default=True)  # fmt: skip
    if "://" not in text:
        return _sqlite(Path(text), DEFAULT_TIMEOUT)
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(text)
    except ArgumentError:
        raise StoreError(
            f"{_hidden(text)} is not a database URL; write sqlite:///PATH or postgresql://..."
        ) from None
    query = dict(url.query)
    timeout = _timeout(query.pop("timeout", None), url.render_as_string(hide_password=True))
    url = url.difference_update_query(["timeout"])
    scheme = url.drivername.split("+")[0]
    if scheme == "sqlite":
        if not url.database or url.database == ":memory:" or query:
            raise StoreError(
                f"{url.render_as_string(hide_password=True)} names no SQLite file; write sqlite:///PATH "
                "(three slashes, then a relative path; four for an absolute one)"
            )
        return _sqlite(Path(url.database), timeout)
    if scheme in ("postgresql", "postgres"):
        if url.drivername not in ("postgresql", "postgres", "postgresql+psycopg"):
            raise StoreError(
                f"the PostgreSQL driver {url.drivername!r} is not supported; write postgresql://..."
            )
        url = url.set(drivername="postgresql+psycopg")
        shown = url.set(drivername="postgresql").render_as_string(hide_password=True)
        return Location("postgresql", url.render_as_string(hide_password=False), shown, None, timeout)
    raise StoreError(
        f"{url.drivername}:// is not a database il2sched keeps its ward record in; use sqlite:///PATH or "
        "postgresql://..."
    )


def _hidden(text: str) -> str:
    """A URL that could not be parsed, shown without what could be a password (between : and @)."""
    head, at, tail = text.rpartition("@")
    if not at:
        return text
    scheme, _, rest = head.partition("://")
    user = rest.split(":")[0]
    return f"{scheme}://{user}:***@{tail}"


def _timeout(text: str | tuple[str, ...] | None, where: str) -> float:
    if text is None:
        return DEFAULT_TIMEOUT
    value = text if isinstance(text, str) else text[-1]
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:
        raise StoreError(f"{where}: timeout={value!r} is not a number of seconds from 0 to 3600")
    return seconds


def _sqlite(path: Path, timeout: float) -> Location:
    return Location("sqlite", f"sqlite:///{path}", str(path), path, timeout)


def sqlite_state(location: Location) -> str:
    """What the SQLite file is: ``"missing"``, ``"empty"`` (created but never written) or ``"sqlite"``;
    anything else (a folder, a FIFO, a text file) is one line."""
    path = location.path
    assert path is not None
    try:
        info = path.stat()
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        raise StoreError(f"cannot read the database {path}: {exc.strerror}; check the path") from None
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"the database {path} is a folder; give a file's path (sqlite:///{path}/ward.db)")
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(
            f"the database {path} is not a regular file (a device or a FIFO); give a file's path"
        )
    if info.st_size == 0:
        return "empty"
    try:
        with open(path, "rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"cannot read the database {path}: {exc.strerror}; check its permissions") from None
    if header != SQLITE_HEADER:
        raise StoreError(
            f"{path} is not a SQLite database (another kind of file); il2sched leaves it alone: give the "
            "path of a new file or of il2sched's ward record"
        )
    return "sqlite"


def create_sqlite_file(location: Location) -> None:
    """Create the missing SQLite file, mode 0600 (the default location's folder too, mode 0700); the folder
    of a path someone gave must exist, and an existing folder keeps its mode."""
    path = location.path
    assert path is not None
    folder = path.parent
    if location.default:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder {folder}: {exc.strerror}; give --db PATH") from None
    elif not folder.is_dir():
        raise StoreError(f"no folder {folder} for the database {path}: create it first, or check --db")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another run created it first: it goes on as an existing (maybe empty) file
    except OSError as exc:
        raise StoreError(f"cannot create the database {path}: {exc.strerror}; check the folder") from None
    os.close(fd)
