"""The HTTP contract is the command line: every option of generate and worklist is a query parameter that
builds the very request the option builds, and a bad value gets the command line's own message, placed by
the option it is about."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from helpers import run_cli
from web_samples import (
    BASE,
    THE_DEFAULT,
    WORKLIST_BASE,
    Pairs,
    argv,
    bad_generate_samples,
    bad_worklist_samples,
    generate_samples,
    worklist_samples,
)

from il2sched.app.commands import GENERATE, WORKLIST
from il2sched.app.options import Command, Kind, NotOnPage, Raw
from il2sched.app.requests import generate_request
from il2sched.app.worklist import worklist_request
from il2sched.cli import schedule as commands
from il2sched.errors import Il2schedError
from il2sched.web.query import canonical, options_of, problem_of

ROSTER = str(Path(__file__).resolve().parent.parent / "samples" / "roster.csv")
Builder = Callable[[Mapping[str, Raw]], Any]
BUILDERS: dict[str, Builder] = {
    "generate": generate_request,
    "worklist": lambda raw: worklist_request(raw, ROSTER),
}


def on_the_web(command: Command) -> list[str]:
    return [o.name for o in command.options if not isinstance(o.page, NotOnPage)]


def web_request(command: Command, query: Pairs) -> Any:
    """The request the page builds for ``query``."""
    return BUILDERS[command.name](options_of(command, canonical(command, query)))


def cli_request(command: Command, args: list[str]) -> Any:
    """The request the command line builds for ``args``: click collects the texts, the application parses."""
    click_command = getattr(commands, command.name)
    positional = [ROSTER] if command.name == "worklist" else []
    with click_command.make_context(command.name, [*positional, *args]) as ctx:
        raw = {k: v for k, v in ctx.params.items() if k != "roster"}
        return BUILDERS[command.name](raw)


@pytest.mark.parametrize(
    ("command", "samples", "base"),
    [(GENERATE, generate_samples, BASE), (WORKLIST, worklist_samples, WORKLIST_BASE)],
    ids=["generate", "worklist"],
)
def test_every_option_is_a_query_parameter_that_builds_the_same_request(
    command: Command, samples: Any, base: Pairs, tmp_path: Path
) -> None:
    table = samples(tmp_path)
    missing = [name for name in on_the_web(command) if name not in table]
    assert not missing, f"no sample value for {missing}: add one to tests/web_samples.py (and check the page)"
    for name, (context, pairs) in table.items():
        without = web_request(command, base + context)
        web = web_request(command, base + context + pairs)
        cli = cli_request(command, argv(command, base + context + pairs))
        assert web == cli, name
        assert (web == without) == (name in THE_DEFAULT), f"{name}: the sample does not change the request"


def test_a_form_sends_empty_fields_and_text_areas_which_mean_absent_and_one_value_a_line() -> None:
    form_query = [*BASE, ("time", ""), ("remind", "1h\r\n\r\n1d\n"), ("closed", ""), ("no-weekends", "")]
    expected = cli_request(GENERATE, ["--start", "2026-04-27", "--patient", "P-0001", "--remind", "1h",
                                      "--remind", "1d"])  # fmt: skip
    assert web_request(GENERATE, form_query) == expected


@pytest.mark.parametrize("value", ["1", "true", "on", "yes", "TRUE"])
def test_a_flag_is_set_by_a_true_word(value: str) -> None:
    assert web_request(GENERATE, [*BASE, ("no-holidays", value)]).options.country is None


@pytest.mark.parametrize("value", ["0", "false", "off", "no"])
def test_a_flag_is_left_unset_by_a_false_word(value: str) -> None:
    assert web_request(GENERATE, [*BASE, ("no-holidays", value)]).options.country == "FR"


def cli_error(args: list[str]) -> str:
    result = run_cli(*args)
    assert result.exit_code == 2
    return result.stderr


def web_error(command: Command, query: Pairs) -> tuple[str, str | None]:
    """The page's message for ``query`` (as the command line prints it) and the parameter it names."""
    with pytest.raises(Il2schedError) as caught:
        web_request(command, query)
    return problem_of(caught.value).text(), caught.value.option


@pytest.mark.parametrize(
    ("query", "args"),
    [
        ([("start", "2026-02-30")], ["--start", "2026-02-30"]),
        ([*BASE, ("lang", "de")], ["--start", "2026-04-27", "--patient", "P-0001", "--lang", "de"]),
        ([*BASE, ("remind", "0m")], ["--start", "2026-04-27", "--patient", "P-0001", "--remind", "0m"]),
        ([*BASE, ("delay", "x")], ["--start", "2026-04-27", "--patient", "P-0001", "--delay", "x"]),
        ([("patient", "P-1")], ["--patient", "P-1"]),
        ([*BASE, ("frobnicate", "1")], ["--start", "2026-04-27", "--patient", "P-0001", "--frobnicate", "1"]),
        ([*BASE, ("pattient", "1")], ["--start", "2026-04-27", "--patient", "P-0001", "--pattient", "1"]),
        ([*BASE, ("duration", "0")], ["--start", "2026-04-27", "--patient", "P-0001", "--duration", "0"]),
    ],
    ids=[
        "impossible-date",
        "language",
        "reminder",
        "delay",
        "missing-start",
        "unknown-option",
        "close-option",
        "duration",
    ],
)
def test_a_bad_value_gets_the_command_lines_own_message(query: Pairs, args: list[str]) -> None:
    assert web_error(GENERATE, query)[0] == cli_error(["generate", *args])


def test_a_value_is_never_read_as_an_option() -> None:
    message, option = web_error(GENERATE, [("start", "2026-04-27"), ("patient", "--lang=fr")])
    assert option == "patient" and "'--lang=fr'" in message


def test_a_bad_flag_value_is_refused_with_the_way_to_write_it() -> None:
    message, option = web_error(GENERATE, [*BASE, ("excel", "maybe")])
    assert "excel=1" in message and message.startswith("il2sched: error: invalid value for '--excel'")
    assert option == "excel"


@pytest.mark.parametrize("name", [o.name for o in GENERATE.options if isinstance(o.page, NotOnPage)])
def test_options_without_meaning_on_the_web_are_refused_by_name(name: str) -> None:
    message, option = web_error(GENERATE, [*BASE, (name, "/etc/passwd")])
    assert f"no '{name}' on the web page" in message and option == name


@pytest.mark.parametrize(
    ("command", "bad", "base"),
    [(GENERATE, bad_generate_samples, BASE), (WORKLIST, bad_worklist_samples, WORKLIST_BASE)],
    ids=["generate", "worklist"],
)
def test_every_option_has_a_bad_value_refused_with_the_option_named(
    command: Command, bad: Callable[[], dict[str, Pairs]], base: Pairs
) -> None:
    """Each bad value is refused by the page and the command line alike, naming its option: the page then
    shows the message beside that field (tests/test_web_pages.py draws them)."""
    from il2sched.app.generate import plan_schedule
    from il2sched.app.worklist import plan_worklist

    table = bad()
    own = on_the_web(command) if command is GENERATE else [o.name for o in command.options[:2]]
    assert not [n for n in own if n not in table], "add a refused value to tests/web_samples.py"
    for name, pairs in table.items():
        query = [(k, v) for k, v in base if all(k != n for n, _ in pairs)] + pairs
        with pytest.raises(Il2schedError) as caught:
            request = web_request(command, query)
            (plan_schedule if command is GENERATE else plan_worklist)(request)
            if name == "format":  # chosen when the output is rendered
                from il2sched.app.generate import generate
                from il2sched.app.worklist import worklist

                (generate if command is GENERATE else worklist)(request)
        assert caught.value.option == name, f"{name}: {caught.value}"
        option = command.option(name)
        if option is not None and option.kind is not Kind.FLAG:  # a flag's value is the page's own
            positional = [ROSTER] if command is WORKLIST else []
            args = [command.name, *positional, *argv(command, query)]
            assert problem_of(caught.value).text() == cli_error(args), name
