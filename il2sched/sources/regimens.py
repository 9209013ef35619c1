"""Regimen files: the built-in ones shipped in ``il2sched/regimens/``, or a user's ``.toml`` path."""

from __future__ import annotations

from pathlib import Path

from il2sched.core.regimen import Regimen, parse_regimen
from il2sched.errors import RegimenError
from il2sched.sources.files import read_input

#: The regimens shipped with il2sched. A plain path, not importlib.resources: that import alone costs more
#: than a tenth of a CSV run's start-up, and the package is always installed as files.
BUILTIN_DIR = Path(__file__).resolve().parent.parent / "regimens"


def builtin_names() -> tuple[str, ...]:
    """Names of the regimens shipped with il2sched."""
    return tuple(sorted(p.name[:-5] for p in BUILTIN_DIR.iterdir() if p.name.endswith(".toml")))


def load_regimen(name_or_path: str) -> Regimen:
    """Load a built-in regimen by name, or a user regimen from a ``.toml`` path."""
    if name_or_path in builtin_names():
        text = (BUILTIN_DIR / f"{name_or_path}.toml").read_text(encoding="utf-8")
        return parse_regimen(text, f"built-in regimen {name_or_path}")
    path = Path(name_or_path)
    if path.suffix != ".toml" and not path.exists():
        known = ", ".join(builtin_names())
        raise RegimenError(
            f"unknown regimen {name_or_path!r}: use a built-in name ({known}) or the path of a .toml file"
        )
    text = read_input(str(path), "regimen file", RegimenError)
    return parse_regimen(text, str(path))
