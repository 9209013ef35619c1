"""The page's forms come from the options' declaration: every field labelled in both languages, and an error
shown beside the field of the option it names (``Il2schedError.option``), never found by its wording."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from web_client import app, call
from web_samples import BASE, WORKLIST_BASE, Pairs, bad_generate_samples, bad_worklist_samples

from il2sched.app.commands import GENERATE, WORKLIST
from il2sched.app.options import Field

HTML = {"accept": "text/html"}
ROSTER = str(Path(__file__).resolve().parent.parent / "samples" / "roster.csv")
ON_THE_FORM = [o.name for o in GENERATE.options if isinstance(o.page, Field)]


def with_bad(base: Pairs, pairs: Pairs) -> str:
    return urlencode([(k, v) for k, v in base if all(k != n for n, _ in pairs)] + pairs)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_field_has_its_declared_label(lang: str) -> None:
    page = html.unescape(call(app(), f"/?lang={lang}", headers=HTML).text)
    for option in GENERATE.options:
        if isinstance(option.page, Field):
            assert f'<label for="f-{option.name}">{option.label(lang)}</label>' in page, option.name


@pytest.mark.parametrize("name", ON_THE_FORM)
def test_an_error_is_shown_beside_the_field_it_names(name: str) -> None:
    page = call(app(), f"/?{with_bad(BASE, bad_generate_samples()[name])}", headers=HTML)
    assert page.status == 400
    slot = re.search(rf'data-field-error="{name}">([^<]+)</p>', page.text)
    assert slot is not None, f"no message beside {name}"
    assert html.unescape(slot.group(1)) in page.words  # the message the preview shows in full
    field = re.search(rf'<(?:input|select|textarea) id="f-{name}"[^>]*>', page.text)
    assert field is not None and 'aria-invalid="true"' in field.group(0)
    assert page.text.count('aria-invalid="true"') == 1
    before = page.text[: field.start()]
    if before.rfind("<details") > before.rfind("</details>"):  # a folded part opens to show it
        assert before[before.rfind("<details") :].startswith("<details open>")


@pytest.mark.parametrize("name", ["from", "days"])
def test_the_worklist_page_shows_its_error_beside_the_field(name: str) -> None:
    query = with_bad(WORKLIST_BASE, bad_worklist_samples()[name])
    page = call(app(ROSTER), f"/ward?{query}", headers=HTML)
    assert page.status == 400
    assert re.search(rf'data-field-error="{name}">[^<]+</p>', page.text), name
    assert [o.name for o in WORKLIST.options if isinstance(o.page, Field) and o.page.ward] == [
        "from", "days", "on-holiday", "open-weekends", "site", "paper"
    ]  # fmt: skip
