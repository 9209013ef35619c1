"""Regimen files: the built-in ones shipped in ``il2sched/regimens/``, or a user's ``.toml`` path."""

from __future__ import annotations

import os
import re
from pathlib import Path

from il2sched.core.messages import Phrase, keyed
from il2sched.core.regimen import Regimen, parse_regimen
from il2sched.errors import RegimenError
from il2sched.sources.files import read_bytes, shown, text_of

#: The regimens shipped with il2sched. A plain path, not importlib.resources: that import alone costs more
#: than a tenth of a CSV run's start-up, and the package is always installed as files.
BUILTIN_DIR = Path(__file__).resolve().parent.parent / "regimens"

#: The largest regimen file read. The longest regimen lists 36,525 study days (under 300 KiB); the TOML
#: reader's work on a file this size stays within seconds whatever the file holds.
MAX_REGIMEN_BYTES = 1024 * 1024
#: The most parts a dotted key (``a.b.c``) or table name may have. A regimen's keys have one; the TOML
#: reader's work grows with the square of a key's parts (100,000 parts took minutes), so a longer chain is
#: refused before it is read.
MAX_KEY_PARTS = 16

# A chain of key parts joined by dots: bare (a run of letters, digits, _ and -; not inside a longer run
# nor after a dot, so a chain is measured once, from its start) or quoted. Possessive quantifiers keep the
# scan linear in the file's size whatever it holds.
_PART = r"""(?:[A-Za-z0-9_-]++|"[^"\\\n]*+"|'[^'\n]*+')"""
_CHAIN = re.compile(rf"(?<![A-Za-z0-9_\-.\"']){_PART}(?:[ \t]*+\.[ \t]*+{_PART})++")


def builtin_names() -> tuple[str, ...]:
    """Names of the regimens shipped with il2sched."""
    return tuple(sorted(p.name[:-5] for p in BUILTIN_DIR.iterdir() if p.name.endswith(".toml")))


def load_regimen(name_or_path: str) -> Regimen:
    """Load a built-in regimen by name, or a user regimen from a ``.toml`` path."""
    text, source = regimen_text(name_or_path)
    return parse_regimen(text, source)


def regimen_text(name_or_path: str) -> tuple[str, str]:
    """The text of a built-in regimen (by name) or of a regimen file (by path), and how errors name it
    (the ward record keeps a copy of the text a patient was added with)."""
    if name_or_path in builtin_names():
        text = (BUILTIN_DIR / f"{name_or_path}.toml").read_text(encoding="utf-8")
        return text, f"built-in regimen {name_or_path}"
    path = Path(name_or_path)
    # os.path.exists, not Path.exists: a name too long for the system is "not there", not an OSError.
    if path.suffix != ".toml" and not os.path.exists(name_or_path):
        known = ", ".join(builtin_names())
        raise keyed(RegimenError, "regimen.unknown", name=f"'{shown(name_or_path)}'", known=known)
    what = Phrase("term.regimen_file")
    raw = read_bytes(str(path), what, RegimenError, limit=MAX_REGIMEN_BYTES)
    text = text_of(raw, str(path), what, RegimenError)
    check_key_parts(text, str(path))
    return text, str(path)


def check_key_parts(text: str, source: str) -> None:
    """Refuse a dotted key or table name of more than :data:`MAX_KEY_PARTS` parts, naming its line."""
    for chain in _CHAIN.finditer(text):
        if chain.group().count(".") >= MAX_KEY_PARTS:
            line = text.count("\n", 0, chain.start()) + 1
            raise RegimenError(
                f"{source} line {line}: a dotted key of more than {MAX_KEY_PARTS} parts; a regimen's keys "
                "have one part (key = value, under [regimen] or [[phase]])"
            )
