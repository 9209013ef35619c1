"""Each option is declared once, whole: a new option without its label, French text, roster decision or
storage name fails here (its query tests: tests/test_web_query.py), and what derives from the declaration
(the command line, ScheduleOptions, the ward record) agrees with it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal

import pytest
from helpers import run_cli
from hypothesis import given
from hypothesis import strategies as st

from il2sched.app.commands import COMMANDS
from il2sched.app.option_table import SCHEDULE_OPTIONS
from il2sched.app.options import Column, Command, Field, Kind, NotRoster, NotStored, Option, Stored
from il2sched.app.requests import ScheduleOptions, options_from_record, options_record
from il2sched.core.schedule import Policy

EVERY = {(command.name, option.name): option for command in COMMANDS for option in command.options}
OPTIONS = sorted(EVERY.items())
IDS = [f"{command}--{name}" for (command, name), _ in OPTIONS]


@pytest.mark.parametrize(("where", "option"), OPTIONS, ids=IDS)
def test_every_option_is_declared_whole(where: tuple[str, str], option: Option) -> None:
    for text in (option.help, option.label):
        assert text.en.strip() and text.fr.strip(), f"{where}: a text is missing in English or French"
    assert option.help.fr != option.help.en, f"{where}: the French help is the English one"
    if isinstance(option.roster, NotRoster):
        assert option.roster.reason.strip(), f"{where}: say why it is not a roster column"
    else:
        assert isinstance(option.roster, Column) and option.roster.name.isidentifier()
    if isinstance(option.stored, NotStored):
        assert option.stored.reason.strip(), f"{where}: say why the ward record does not keep it"
    else:
        assert isinstance(option.stored, Stored) and option.stored.name.isidentifier()
    for choice in option.choices:
        assert choice.label.en and choice.label.fr and option.parse(choice.value) == choice.value
    if isinstance(option.page, Field) and option.page.hint is not None:
        assert option.page.hint.en and option.page.hint.fr
    if option.kind is Kind.FLAG:
        assert option.default is None and not option.metavar, f"{where}: a flag takes no value"
    else:
        assert option.metavar, f"{where}: the help shows what to type"


@pytest.mark.parametrize(("where", "option"), OPTIONS, ids=IDS)
def test_a_default_typed_back_is_the_default(where: tuple[str, str], option: Option) -> None:
    if option.default_text is not None:
        assert option.parse(option.default_text) == option.default, where


def test_names_and_storage_names_are_unique() -> None:
    for command in COMMANDS:
        names = [o.name for o in command.options]
        assert len(names) == len(set(names)), command.name
        shorts = [o.short for o in command.options if o.short]
        assert len(shorts) == len(set(shorts)), command.name
    stored = {o.stored.name: o for o in EVERY.values() if isinstance(o.stored, Stored)}
    owners = [o for o in {id(o): o for o in EVERY.values()}.values() if isinstance(o.stored, Stored)]
    assert len(stored) == len(owners), "two options share a storage name"


def test_every_schedule_options_field_is_set_and_stored_by_the_declaration() -> None:
    fields = {f.name: f for f in dataclasses.fields(ScheduleOptions)}
    assert {o.field for o in SCHEDULE_OPTIONS} == set(fields), "an option without a field, or a field without"
    stored = [o.field for o in SCHEDULE_OPTIONS if isinstance(o.stored, Stored)]
    assert sorted(stored) == sorted(fields), "each field is stored by exactly one option"
    defaults = ScheduleOptions()
    for option in SCHEDULE_OPTIONS:
        if option.kind is Kind.VALUE:  # the option that owns the field gives its default
            assert getattr(defaults, option.field) == option.default, option.name


@pytest.mark.parametrize("command", COMMANDS, ids=[c.name for c in COMMANDS])
def test_the_command_line_offers_exactly_the_declared_options(command: Command) -> None:
    from il2sched.cli import schedule

    declared = command
    click_command = getattr(schedule, declared.name)
    longs = [opt for p in click_command.params for opt in p.opts if opt.startswith("--")]
    assert longs == [f"--{o.name}" for o in declared.options]
    help_text = run_cli(declared.name, "--help").stdout
    for option in declared.options:
        assert f"--{option.name}" in help_text
        if option.default_text is not None:
            assert f"[default: {option.default_text}]" in " ".join(help_text.split())


def test_the_defaults_are_written_once() -> None:
    """ "FR", "Europe/Paris", 15 minutes, the default regimen, "en", "a4" and flag: declared, not retyped."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "il2sched"
    for literal in ('"Europe/Paris"', "minutes=15", '"nct01840046"', "'nct01840046'", 'default="FR"'):
        found = [p for p in root.rglob("*.py") if literal in p.read_text(encoding="utf-8")]
        found += [p for p in root.rglob("*.j2") if literal in p.read_text(encoding="utf-8")]
        assert len(found) <= 1, f"{literal} is written in {[str(p.relative_to(root)) for p in found]}"


_DAYS = st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31))
_SPANS = st.tuples(_DAYS, st.integers(0, 365)).map(lambda d: (d[0], d[0] + dt.timedelta(days=d[1])))
_TIMES = st.builds(dt.time, st.integers(0, 23), st.integers(0, 59))


def _measure(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low * 100, high * 100).map(lambda n: (Decimal(n) / 100).normalize())


OPTIONS_STRATEGY = st.builds(
    ScheduleOptions,
    regimen=st.sampled_from(["nct01840046", "ward/regimen.toml"]),
    time=st.none() | _TIMES,
    tz=st.sampled_from(["Europe/Paris", "America/New_York", "UTC"]),
    duration=st.integers(1, 1440).map(lambda m: dt.timedelta(minutes=m)),
    reminders=st.lists(
        st.integers(1, 4 * 7 * 24 * 60).map(lambda m: dt.timedelta(minutes=m)), max_size=3
    ).map(tuple),
    remind_at=st.lists(_TIMES, max_size=3).map(tuple),
    private=st.booleans(),
    lang=st.sampled_from(["en", "fr"]),
    excel=st.booleans(),
    site=st.text("abcé <&>'\"-", max_size=60).map(str.strip),
    paper=st.sampled_from(["a4", "letter"]),
    double_check=st.booleans(),
    country=st.sampled_from([None, "FR", "US"]),
    subdiv=st.sampled_from([None, "57"]),
    closed=st.lists(_SPANS, max_size=3).map(tuple),
    closed_file=st.sampled_from([None, "closures.txt"]),
    policy=st.sampled_from(list(Policy)),
    weekends_open=st.booleans(),
    delays=st.dictionaries(st.integers(1, 99_999), st.integers(1, 99), max_size=3),
    bsa=st.none() | _measure(1, 3).filter(lambda d: Decimal("0.2") <= d <= Decimal("3.5")),
    height=st.none() | _measure(30, 250),
    weight=st.none() | _measure(1, 400),
)


@given(OPTIONS_STRATEGY)
def test_a_patients_options_are_stored_and_read_back_exactly(options: ScheduleOptions) -> None:
    record = json.loads(json.dumps(options_record(options)))
    assert options_from_record(record) == options


def test_a_record_older_than_an_option_reads_with_its_default() -> None:
    record = options_record(ScheduleOptions(lang="fr", delays={3: 1}))
    del record["paper"]
    assert options_from_record(record) == ScheduleOptions(lang="fr", delays={3: 1})


def test_the_record_names_are_the_declared_storage_names() -> None:
    record = options_record(ScheduleOptions(bsa=Decimal("1.73"), duration=dt.timedelta(minutes=90)))
    assert record["bsa_m2"] == "1.73" and record["duration_minutes"] == "90" and record["policy"] == "flag"
    assert record["weekends_open"] is False and record["country"] == "FR" and record["delays"] == []
