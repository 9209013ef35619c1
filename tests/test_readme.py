"""The README's two commands stay true: CI runs the test command verbatim, and the main job works."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    head = text.split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", head)


def test_readme_starts_with_exactly_two_commands() -> None:
    commands = readme_commands()
    assert len(commands) == 2
    install_and_run, test = commands
    assert "pip install" in install_and_run and "il2sched generate" in install_and_run
    assert "pip install" in test and "pytest" in test


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()


def test_the_readme_main_job_produces_a_calendar(tmp_path: Path) -> None:
    command = readme_commands()[0]
    args = command.split("il2sched generate", 1)[1].split()
    out = args.index("-o") + 1
    args[out] = str(tmp_path / args[out])
    result = run_cli("generate", *args)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "calendar.ics").read_bytes().count(b"BEGIN:VEVENT") == 20
