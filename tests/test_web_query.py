"""The HTTP contract is the command line: every option of generate and worklist is a query parameter that
builds the very request the option builds, and a bad value gets the command line's own message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pytest
from helpers import run_cli
from web_client import GENERATE, WORKLIST
from web_samples import BASE, WORKLIST_BASE, Pairs, argv, generate_samples, worklist_samples

from il2sched.web.query import NOT_ON_THE_WEB, CommandForm, parameter_name, parse, usage_problem


def long_names(command: click.Command) -> list[str]:
    names = [parameter_name(p) for p in command.params if isinstance(p, click.Option)]
    return [n for n in names if n is not None and n not in NOT_ON_THE_WEB]


def cli_request(form: CommandForm, args: list[str]) -> Any:
    """The request the command line builds for ``args`` (click's parsing, then the command's builder)."""
    with form.command.make_context(form.command.name, args) as ctx:
        return form.request(**ctx.params)


@pytest.mark.parametrize(
    ("form", "samples", "base", "arguments"),
    [(GENERATE, generate_samples, BASE, ()), (WORKLIST, worklist_samples, WORKLIST_BASE, ("ward.csv",))],
    ids=["generate", "worklist"],
)
def test_every_option_is_a_query_parameter_that_builds_the_same_request(
    form: CommandForm, samples: Any, base: Pairs, arguments: tuple[str, ...], tmp_path: Path
) -> None:
    table = samples(tmp_path)
    missing = [name for name in long_names(form.command) if name not in table]
    assert not missing, f"no sample value for {missing}: add one to tests/web_samples.py (and check the page)"
    for name, (context, pairs) in table.items():
        without = parse(form, base + context, arguments)
        web = parse(form, base + context + pairs, arguments)
        cli = cli_request(form, [*argv(form.command, base + context + pairs), *arguments])
        assert web == cli, name
        assert web != without, f"{name}: the sample does not change the request"


def test_a_form_sends_empty_fields_and_text_areas_which_mean_absent_and_one_value_a_line() -> None:
    form_query = [*BASE, ("time", ""), ("remind", "1h\r\n\r\n1d\n"), ("closed", ""), ("no-weekends", "")]
    expected = cli_request(GENERATE, ["--start", "2026-04-27", "--patient", "P-0001", "--remind", "1h",
                                      "--remind", "1d"])  # fmt: skip
    assert parse(GENERATE, form_query) == expected


@pytest.mark.parametrize("value", ["1", "true", "on", "yes", "TRUE"])
def test_a_flag_is_set_by_a_true_word(value: str) -> None:
    assert parse(GENERATE, [*BASE, ("no-holidays", value)]).options.country is None


@pytest.mark.parametrize("value", ["0", "false", "off", "no"])
def test_a_flag_is_left_unset_by_a_false_word(value: str) -> None:
    assert parse(GENERATE, [*BASE, ("no-holidays", value)]).options.country == "FR"


def cli_error(args: list[str]) -> str:
    result = run_cli(*args)
    assert result.exit_code == 2
    return result.stderr


def web_error(form: CommandForm, query: Pairs) -> str:
    with pytest.raises(click.UsageError) as caught:
        parse(form, query)
    return usage_problem(caught.value).text()


@pytest.mark.parametrize(
    ("query", "args"),
    [
        ([("start", "2026-02-30")], ["--start", "2026-02-30"]),
        ([*BASE, ("lang", "de")], ["--start", "2026-04-27", "--patient", "P-0001", "--lang", "de"]),
        ([*BASE, ("remind", "0m")], ["--start", "2026-04-27", "--patient", "P-0001", "--remind", "0m"]),
        ([*BASE, ("delay", "x")], ["--start", "2026-04-27", "--patient", "P-0001", "--delay", "x"]),
        ([("patient", "P-1")], ["--patient", "P-1"]),
        ([*BASE, ("frobnicate", "1")], ["--start", "2026-04-27", "--patient", "P-0001", "--frobnicate", "1"]),
        ([*BASE, ("duration", "0")], ["--start", "2026-04-27", "--patient", "P-0001", "--duration", "0"]),
    ],
    ids=["impossible-date", "language", "reminder", "delay", "missing-start", "unknown-option", "duration"],
)
def test_a_bad_value_gets_the_command_lines_own_message(query: Pairs, args: list[str]) -> None:
    assert web_error(GENERATE, query) == cli_error(["generate", *args])


def test_the_message_names_the_field_it_is_about() -> None:
    with pytest.raises(click.UsageError) as caught:
        parse(GENERATE, [*BASE, ("on-holiday", "maybe")])
    assert usage_problem(caught.value).parameter == "on-holiday"


def test_a_value_is_never_read_as_an_option() -> None:
    request = parse(GENERATE, [("start", "2026-04-27"), ("patient", "--lang=fr")])
    assert request.patient == "--lang=fr" and request.options.lang == "en"  # refused later as a bad code


def test_a_bad_flag_value_is_refused_with_the_way_to_write_it() -> None:
    message = web_error(GENERATE, [*BASE, ("excel", "maybe")])
    assert "excel=1" in message and message.startswith("il2sched: error: Invalid value for '--excel'")


@pytest.mark.parametrize("name", sorted(NOT_ON_THE_WEB))
def test_options_without_meaning_on_the_web_are_refused_by_name(name: str) -> None:
    message = web_error(GENERATE, [*BASE, (name, "/etc/passwd")])
    assert f"no '{name}' on the web page" in message
