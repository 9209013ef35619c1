"""Errors said in the page's language: every error a page can meet carries its key and parameters (never read
back from English), the command line's table keeps its lines, and the page's English and French name no
``--option`` (issue 20: "no --option in any text a nurse reads")."""

from __future__ import annotations

import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_samples import BASE, WORKLIST_BASE, Pairs, bad_generate_samples, bad_worklist_samples

from il2sched.app.commands import GENERATE, WORKLIST
from il2sched.app.generate import generate, plan_schedule
from il2sched.app.requests import ScheduleOptions, generate_request
from il2sched.app.roster import read_checked_roster
from il2sched.app.worklist import plan_worklist, worklist, worklist_request
from il2sched.core.messages import Phrase, say, template
from il2sched.core.phrases_errors import CLI, ERROR_PHRASES
from il2sched.errors import Il2schedError, InvalidValue, RosterError
from il2sched.web.problems import page_errors
from il2sched.web.query import canonical, options_of, problem_of

ROSTER = str(Path(__file__).resolve().parent.parent / "samples" / "roster.csv")


#: Parameters a raise gives for the page's words only (the command line's sentence has no room for them).
PAGE_ONLY = {"page.unknown": {"name"}}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_command_line_and_french_tables_have_the_same_keys() -> None:
    assert ERROR_PHRASES[CLI].keys() == ERROR_PHRASES["fr"].keys()
    assert ERROR_PHRASES["en"].keys() <= ERROR_PHRASES[CLI].keys()


@pytest.mark.parametrize("key", sorted(ERROR_PHRASES[CLI]))
def test_each_page_template_takes_the_command_lines_parameters_and_names_no_option(key: str) -> None:
    cli = ERROR_PHRASES[CLI][key]
    for lang in ("en", "fr"):
        page = template(key, lang)
        given = fields(cli) | PAGE_ONLY.get(key, set())
        assert fields(page) <= given, f"{key} ({lang}) uses a parameter the raise does not give"
        assert "--" not in page and " -o " not in page and " -f " not in page, f"{key} ({lang}): {page}"
    if " " in cli.strip():  # a sentence, not one word such as "format"
        assert template(key, "fr") != cli, f"{key} is not translated"


def keyed_throughout(error: Il2schedError) -> Iterator[str]:
    """The keys of ``error`` and of every error and phrase in its parameters; '' for one without a key (a
    roster's refusal holds its rows' errors)."""
    if not isinstance(error, RosterError):
        yield error.key or ""
    for value in error.params.values():
        if isinstance(value, Il2schedError):
            yield from keyed_throughout(value)
        if isinstance(value, Phrase):
            assert value.key in ERROR_PHRASES[CLI], value.key
    if isinstance(error, RosterError):
        for each in error.errors:
            yield from keyed_throughout(each)


def raised_by_generate(pairs: Pairs) -> Il2schedError:
    query = [(k, v) for k, v in BASE if all(k != n for n, _ in pairs)] + pairs
    with pytest.raises(Il2schedError) as caught:
        request = generate_request(options_of(GENERATE, canonical(GENERATE, query)))
        plan_schedule(request)
        generate(request)
    return caught.value


def raised_by_worklist(pairs: Pairs) -> Il2schedError:
    query = [(k, v) for k, v in WORKLIST_BASE if all(k != n for n, _ in pairs)] + pairs
    with pytest.raises(Il2schedError) as caught:
        request = worklist_request(options_of(WORKLIST, canonical(WORKLIST, query)), ROSTER)
        plan_worklist(request)
        worklist(request)
    return caught.value


@pytest.mark.parametrize(("name", "pairs"), sorted(bad_generate_samples().items()))
def test_every_refused_value_of_the_form_is_said_in_french_beside_its_field(name: str, pairs: Pairs) -> None:
    error = raised_by_generate(pairs)
    assert "" not in set(keyed_throughout(error)), f"{name}: an error without its key: {error}"
    english, french = say(error, "en"), say(error, "fr")
    assert english is not None and french is not None and english != french
    (shown,) = page_errors(error, "fr", GENERATE, {name})
    assert shown.field == name and shown.linked
    assert "--" not in shown.summary and "--" not in shown.beside
    assert shown.summary.startswith(GENERATE.option(name).label("fr"))  # type: ignore[union-attr]


@pytest.mark.parametrize(("name", "pairs"), sorted(bad_worklist_samples().items()))
def test_every_refused_value_of_the_worklist_is_said_in_french(name: str, pairs: Pairs) -> None:
    error = raised_by_worklist(pairs)
    assert "" not in set(keyed_throughout(error)), f"{name}: {error}"
    (shown,) = page_errors(error, "fr", WORKLIST, {name})
    assert "--" not in shown.summary and shown.summary.startswith(WORKLIST.option(name).label("fr"))  # type: ignore[union-attr]


BAD_ROWS = {
    "tuesday": ("NICE-009,2026-04-28", "la date de début 2026-04-28 est un mardi"),
    "code": ("bad name,2026-04-27", "code patient 'bad name' refusé"),
    "date": ("NICE-009,2026-13-01", "'2026-13-01' n'existe pas dans le calendrier"),
    "regimen": ("NICE-009,2026-04-27,,nope", "protocole 'nope' inconnu"),
    "twice": ("NICE-001,2026-05-04", "le patient NICE-001 est déjà à la ligne 2"),
    "device": ("CON.1,2026-04-27", "un nom que Windows réserve à un appareil"),
    "delay": ("NICE-009,2026-04-27,,,9:1", "report 9:1 impossible"),
    "cells": ("NICE-009,2026-04-27,,,,,,,,,,,,", "plus de cellules que de colonnes"),
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_a_bad_roster_row_is_said_in_french_with_its_line_and_the_good_rows_kept(
    case: str, tmp_path: Path
) -> None:
    row, french = BAD_ROWS[case]
    roster = tmp_path / "ward.csv"
    roster.write_text(f"patient,start,time,regimen,delays\nNICE-001,2026-04-27\n{row}\n", encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        read_checked_roster(str(roster), ScheduleOptions())
    error = caught.value
    assert "" not in set(keyed_throughout(error)), str(error)
    assert [r.patient for r in error.rows] == ["NICE-001"]  # type: ignore[attr-defined]
    (shown,) = page_errors(error, "fr", WORKLIST)
    assert shown.line == 3 and shown.summary.startswith(f"{roster} ligne 3\u202f: ")
    assert french in shown.beside.replace("\u202f", " "), shown.beside
    assert str(error) == "\n".join(error.problems)  # the command line's lines, in English
    assert str(error).startswith(f"{roster} line 3: ")


def test_an_error_not_yet_worded_for_the_page_keeps_its_words_naming_fields_by_their_labels() -> None:
    # An error raised without a key (a page added later, a store's refusal): its own words, never an empty
    # "refused" and never an --option.
    unkeyed = InvalidValue("patient P-1 is already enrolled; choose another --patient, or see --closed")
    (shown,) = page_errors(problem_of(unkeyed), "fr")
    patient, closed = GENERATE.option("patient"), GENERATE.option("closed")
    assert patient is not None and closed is not None
    assert shown.beside == (
        f"patient P-1 is already enrolled; choose another '{patient.label('fr')}', "
        f"or see '{closed.label('fr')}'"
    )
    assert "--" not in shown.summary
