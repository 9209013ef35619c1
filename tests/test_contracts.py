"""The contracts import-linter cannot state (pyproject.toml has the others), each proven to catch what it
is for: the core imports only an allow-list of pure standard modules and calls nothing that reads the
machine, the clock or chance; the renderers reach only the source modules named here."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

import il2sched.core

CORE = Path(il2sched.core.__file__).parent

#: The standard modules the core may import: computation only. A module that reads or writes anything (a
#: file, the clock, the environment, a socket, chance) belongs in il2sched/sources/; adding one here is a
#: review of the architecture (docs/architecture.md), not a convenience.
CORE_MAY_IMPORT = frozenset({
    "__future__", "abc", "bisect", "collections.abc", "dataclasses", "datetime", "decimal", "enum",
    "functools", "hashlib", "ipaddress", "itertools", "json", "re", "tomllib", "typing", "unicodedata",
})  # fmt: skip
#: il2sched's own modules the core may import: itself and the exceptions.
CORE_MAY_IMPORT_OWN = ("il2sched.core", "il2sched.errors")

#: Calls that reach outside a pure function: files, the console, code from text.
IMPURE_CALLS = frozenset({"open", "print", "input", "breakpoint", "eval", "exec", "compile", "__import__"})
#: Methods that read the clock: ``date.today()``, ``datetime.now()``, ``datetime.utcnow()``.
CLOCK_METHODS = frozenset({"today", "now", "utcnow"})
#: Names of chance: the modules and their usual spellings.
CHANCE = frozenset({"random", "secrets", "SystemRandom", "urandom", "uuid1", "uuid4"})

#: The source modules the renderers (export/, print/) may reach, directly or through another module:
#: time zone data, and nothing that reads a user's file, the cache, the clock or a server.
RENDERER_SOURCES = frozenset({"il2sched.sources.zones"})
RENDERERS = ("il2sched.export", "il2sched.print")


def imported_modules(source: str, package: str = "il2sched.core") -> set[str]:
    """Every module ``source``'s import statements name, relative ones resolved from ``package``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            found.add(module)
            if node.module is None:  # from . import x: x is a module
                found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def refused_imports(source: str) -> list[str]:
    """The modules ``source`` imports that the core may not."""
    return sorted(
        name
        for name in imported_modules(source)
        if name not in CORE_MAY_IMPORT
        and not any(name == own or name.startswith(f"{own}.") for own in CORE_MAY_IMPORT_OWN)
    )


def _spelled(node: ast.AST) -> str:
    """The name a node spells (a variable, an attribute, an imported name or module), else ""."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.alias):
        return node.name
    if isinstance(node, ast.ImportFrom):
        return node.module or ""
    return ""


def impurities(source: str) -> list[str]:
    """What in ``source`` reads or writes outside the function: impure calls, the clock, chance."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in IMPURE_CALLS:
            found.append(f"line {node.lineno}: {node.func.id}(")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in CLOCK_METHODS
        ):
            found.append(f"line {node.lineno}: .{node.func.attr}(")
        name = _spelled(node)
        if name.split(".")[0] in CHANCE:
            found.append(f"line {getattr(node, 'lineno', '?')}: {name}")
    return found


def core_sources() -> dict[str, str]:
    sources = {path.name: path.read_text(encoding="utf-8") for path in sorted(CORE.glob("*.py"))}
    assert "schedule.py" in sources and "patterns.py" in sources
    return sources


def test_the_core_imports_only_its_allow_list() -> None:
    refused = {name: bad for name, text in core_sources().items() if (bad := refused_imports(text))}
    assert not refused, f"the core imports modules outside CORE_MAY_IMPORT: {refused}"


@pytest.mark.parametrize(
    "source",
    [
        "import os", "import os.path", "from os import environ", "from pathlib import Path", "import sys",
        "import time", "from zoneinfo import ZoneInfo", "import random", "import importlib",
        "import il2sched.sources.zones", "from il2sched.app import formats", "from .. import sources",
        "from ..sources import files", "def f():\n    import socket\n",
    ],
)  # fmt: skip
def test_the_allow_list_refuses_what_the_core_may_not_import(source: str) -> None:
    assert refused_imports(source)


def test_the_allow_list_takes_what_the_core_may_import() -> None:
    assert not refused_imports("import datetime as dt\nfrom . import phases\nfrom .texts import Texts\n")
    assert not refused_imports(
        "from il2sched.errors import RegimenError\nfrom collections.abc import Sequence"
    )


def test_the_core_opens_no_file_and_reads_no_clock_or_chance() -> None:
    found = {name: bad for name, text in core_sources().items() if (bad := impurities(text))}
    assert not found, f"the core reaches outside itself: {found}"


@pytest.mark.parametrize(
    "source",
    [
        "open('x')", "data = open(path, 'rb').read()", "dt.date.today()", "datetime.date.today()",
        "dt.datetime.now(dt.UTC)", "datetime.now()", "dt.datetime.utcnow()", "random.random()",
        "from random import choice", "import secrets", "uuid.uuid4()", "print('x')", "__import__('os')",
    ],
)  # fmt: skip
def test_the_purity_check_finds_each_impurity(source: str) -> None:
    assert impurities(source)


def renderer_sources(graph: grimp.ImportGraph) -> set[str]:
    """The source modules a renderer module imports, directly or through other modules."""
    renderers = {m for package in RENDERERS for m in {package, *graph.find_descendants(package)}}
    reached = set().union(*(graph.find_upstream_modules(m) for m in renderers))
    return {m for m in reached if m == "il2sched.sources" or m.startswith("il2sched.sources.")}


def test_renderers_reach_only_the_named_source_modules() -> None:
    reached = renderer_sources(grimp.build_graph("il2sched", cache_dir=None))
    assert reached, "the renderers reach no source module: is the graph empty?"
    assert reached <= RENDERER_SOURCES, f"renderers reach {sorted(reached - RENDERER_SOURCES)}"


def test_the_renderer_check_sees_an_indirect_source_import() -> None:
    graph = grimp.ImportGraph()
    for module in (
        "il2sched",
        "il2sched.export",
        "il2sched.export.csv",
        "il2sched.core",
        "il2sched.core.x",
        "il2sched.print",
        "il2sched.sources",
        "il2sched.sources.zones",
        "il2sched.sources.files",
    ):
        graph.add_module(module)  # fmt: skip
    graph.add_import(importer="il2sched.export.csv", imported="il2sched.sources.zones")
    assert renderer_sources(graph) <= RENDERER_SOURCES
    graph.add_import(importer="il2sched.sources.zones", imported="il2sched.sources.files")
    assert renderer_sources(graph) == {"il2sched.sources.zones", "il2sched.sources.files"}
