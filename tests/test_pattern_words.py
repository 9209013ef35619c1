"""Every registered pattern kind is whole (every method, every declaration, words in every language), and
its words tell apart what it schedules: two phases that give different days never read the same, on the
sheet, in FHIR or anywhere the regimen's summary is shown."""

from __future__ import annotations

import inspect
import subprocess
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profile import examples
from pattern_kinds import oracle, phase_toml, readme_examples, regimen_toml

from il2sched.core.patterns import KINDS, _registry
from il2sched.core.phases import Pattern, PhaseWords, Phrase
from il2sched.core.regimen import Regimen, parse_regimen
from il2sched.core.summary import phase_text, regimen_summary
from il2sched.core.texts import LANGUAGES, Texts
from il2sched.core.validator import Validator
from il2sched.errors import RegimenError
from il2sched.sources.locale import texts_for

TEXTS = {lang: texts_for(lang, use_cache=False) for lang in LANGUAGES}
DOSE = 1_000_000
#: A phase after the one under test, so its words carry the count a regimen of several phases shows.
AFTER = phase_toml("days", {"days": [36_000]}, dose_iu=2_000_000)


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_implements_and_declares_everything(name: str) -> None:
    kind = KINDS[name]
    assert kind.kind == name
    assert not inspect.isabstract(kind), f"{name} leaves {sorted(kind.__abstractmethods__)} unimplemented"
    for declared in Pattern.__annotations__:
        assert hasattr(kind, declared), f"pattern kind {name} does not declare {declared}"
    assert {f.name for f in fields(Phrase)} == set(LANGUAGES), "a Phrase holds every language, no other"
    assert all(kind.phrase.of(lang) for lang in LANGUAGES)
    assert name in readme_examples(), f"README.md's **Patterns** section has no example of {name!r}"


def test_the_registry_refuses_a_kind_that_forgets_a_method_or_a_declaration() -> None:
    class Forgetful(Pattern):
        kind = "forgetful"

        def cycles(self, first_day: int) -> list[tuple[int, ...]]:
            return [(first_day,)]

    with pytest.raises(TypeError, match="pattern kind Forgetful lacks") as error:
        _registry(Forgetful)  # mypy refuses it first (type-abstract): see the next test
    forgotten = {*Pattern.__annotations__, *Pattern.__abstractmethods__} - {"kind", "cycles"}
    assert forgotten and all(name in str(error.value) for name in forgotten)


@pytest.mark.slow
def test_mypy_refuses_to_register_a_kind_that_forgets_a_method(tmp_path: Path) -> None:
    source = tmp_path / "forgetful.py"
    source.write_text(
        "from dataclasses import dataclass\n"
        "from il2sched.core.patterns import Daily, _registry\n"
        "from il2sched.core.phases import Counted\n\n\n"
        "@dataclass(frozen=True, kw_only=True)\n"
        "class Forgetful(Counted):  # no words()\n"
        "    kind = 'forgetful'\n"
        "    read = Daily.read\n"
        "    cycles = Daily.cycles\n"
        "    count_bound = Daily.count_bound\n"
        "    phase_end = Daily.phase_end\n\n\n"
        "KINDS = _registry(Daily, Forgetful)\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), str(source)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stdout
    assert (
        'Only concrete class can be given where "type[Pattern]" is expected  [type-abstract]' in done.stdout
    )


def single(kind: str, params: dict[str, Any], *more: str) -> Regimen | None:
    """A regimen whose first phase is ``kind`` with ``params`` (then ``more`` phases); None if refused."""
    try:
        return parse_regimen(regimen_toml(phase_toml(kind, params, DOSE), *more), "kind.toml")
    except RegimenError:
        return None


def study_days(regimen: Regimen) -> list[int]:
    return [day for cycle in regimen.cycles if cycle.phase == 1 for day in cycle.days]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", list(KINDS))
@settings(max_examples=examples(30))
@given(data=st.data())
def test_every_kind_is_worded_in_each_language(name: str, lang: str, data: st.DataObject) -> None:
    regimen = single(name, data.draw(oracle(name).params), AFTER)
    if regimen is None:
        return
    texts = TEXTS[lang]
    text = phase_text(regimen, regimen.phases[0], texts)
    other = phase_text(regimen, regimen.phases[0], TEXTS["fr" if lang == "en" else "en"])
    assert texts.dose(DOSE) in text and "{" not in text and "}" not in text
    assert text != other, "the same words in both languages"


#: Facts of a phase held fixed while a kind's own keys change: what changes in the words is the kind's.
ABOUT = PhaseWords(dose="1 million units", first=3, last=40, first_day=3, end_day=42, cycles=4, count="")


@pytest.mark.parametrize("name", list(KINDS))
@settings(max_examples=examples(60))
@given(data=st.data())
def test_each_key_of_a_kind_shows_in_its_words(name: str, data: st.DataObject) -> None:
    """Any one of a kind's own keys changed, the rest of the phase the same: its words change, in every
    language. A kind worded as another ("every Monday" for a dose every 14 days), or words that leave a key
    out, fail here even when the span and the count would tell the days apart."""
    kind = KINDS[name]
    if not kind.keys:  # nothing of its own to say: its words are the phase's span
        return
    params, fresh = data.draw(oracle(name).params), data.draw(oracle(name).params)
    key = data.draw(st.sampled_from(kind.keys), label="key changed")
    changed = {**params, key: fresh[key]}
    if changed[key] == params[key]:
        return
    v = Validator("kind.toml")
    try:
        before, after = (kind.read(v, p, "phase[1]", p.get("start_day", 1)) for p in (params, changed))
    except RegimenError:  # cycle days past a shorter cycle: refused, nothing to word
        return
    for texts in TEXTS.values():
        assert before.words(ABOUT, texts) != after.words(ABOUT, texts), (key, texts.lang)


@st.composite
def two_phases(draw: st.DrawFn) -> tuple[tuple[str, dict[str, Any]], tuple[str, dict[str, Any]]]:
    """Two patterns: of any two kinds, or of one kind with one key drawn anew (the case where a word that
    forgets a key shows: same span, other days)."""
    kind = draw(st.sampled_from(list(KINDS)), label="kind")
    first = draw(oracle(kind).params)
    if draw(st.booleans()):
        other = draw(st.sampled_from(list(KINDS)), label="other kind")
        return (kind, first), (other, draw(oracle(other).params))
    fresh = draw(oracle(kind).params)
    key = draw(st.sampled_from(sorted(first)), label="key changed")
    return (kind, first), (kind, {**first, key: fresh[key]} if key in fresh else fresh)


def words_of(regimen: Regimen, texts: Texts) -> tuple[str, str]:
    return regimen_summary(regimen, texts), phase_text(regimen, regimen.phases[0], texts)


@settings(max_examples=examples(400))
@given(pair=two_phases())
def test_phases_that_give_other_days_never_read_the_same(
    pair: tuple[tuple[str, dict[str, Any]], tuple[str, dict[str, Any]]],
) -> None:
    """The bug this guards: a kind worded as another ("every Monday" for a dose every 14 days) would read
    the same as a phase that doses on other days. Alone (the summary ends with the count) and followed by
    another phase (the phase's own words carry its count)."""
    for more in ((), (AFTER,)):
        first, second = (single(kind, params, *more) for kind, params in pair)
        if first is None or second is None or study_days(first) == study_days(second):
            continue
        for texts in TEXTS.values():
            assert words_of(first, texts) != words_of(second, texts), (pair, texts.lang)
