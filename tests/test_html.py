"""The HTML sheet: self-contained, print rules, one tbody per cycle, user text that never becomes markup."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import STAMP, render, run_cli, schedule

from il2sched.print.fonts import FAMILY
from il2sched.print.sheet import build_sheet
from il2sched.sources.locale import texts_for

START = dt.date(2026, 4, 27)
ATTACK = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def html(lang: str = "en", **options: object) -> str:
    return render("html", schedule(START), lang, **options).decode("utf-8")


class _Tags(HTMLParser):
    """Every start tag and attribute name of a document, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.update(name for name, _ in attrs)


def test_the_file_is_self_contained_with_no_script_and_no_outside_resource() -> None:
    text = html(site=ATTACK[:60])
    parser = _Tags()
    parser.feed(text)
    assert set(parser.tags) <= {
        *("html", "head", "meta", "title", "style", "body", "section", "div", "h1", "h2", "p", "table"),
        *("colgroup", "col", "thead", "tbody", "tr", "th", "td", "span", "header", "footer"),
    }
    assert parser.attributes <= {
        "lang",
        "charset",
        "name",
        "content",
        "class",
        "id",
        "style",
        "colspan",
        "rowspan",
        "data-date",
        "data-cycle",
    }
    # The only url() is the embedded font, as data: URLs: nothing is fetched from outside.
    urls = re.findall(r"url\(([^)]*)\)", text)
    assert len(urls) == 2 and all(u.startswith('"data:font/woff;base64,') for u in urls)
    assert "@import" not in text
    assert parser.tags.count("style") == 1
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x" in text


@pytest.mark.parametrize(("paper", "size"), [("a4", "A4"), ("letter", "letter")])
def test_page_rules_set_the_paper_portrait_with_margins(paper: str, size: str) -> None:
    text = html(paper=paper)
    assert re.search(rf"@page {{ size: {size} portrait; margin: 12mm [\d.]+mm; }}", text)


def test_the_font_is_embedded_and_nothing_is_clipped() -> None:
    text = html("fr", site="Cœur – Ελλάδα")  # a character outside the usual set is embedded too
    assert text.count("@font-face") == 2
    assert f'font-family: "{FAMILY}"' in text
    assert "overflow" not in text  # no box hides what does not fit: the model makes everything fit
    faces = re.findall(r'url\("data:font/woff;base64,([^"]+)"\)', text)
    from fontTools.ttLib import TTFont

    for face in faces:
        font = TTFont(io.BytesIO(base64.b64decode(face)))
        assert {ord(c) for c in "Cœur – Ελλάδαéèàç€"} <= set(font.getBestCmap())


def test_each_cycle_is_a_tbody_and_each_page_has_its_header() -> None:
    text = html()
    assert [int(n) for n in re.findall(r'<tbody class="cycle" id="cycle-(\d+)"', text)] == [1, 2, 3, 4]
    sheet = build_sheet(schedule(START), texts_for("en", use_cache=False), site="", paper="a4", stamp=STAMP)
    sections = text.split('<section class="page"')[1:]
    assert len(sections) == len(sheet.pages)
    for section, page in zip(sections, sheet.pages, strict=True):
        assert section.count("<thead>") == (1 if page.cycles else 0) + (1 if page.grid else 0)
        assert re.findall(r'data-cycle="(\d+)"', section) == [str(c.number) for c in page.cycles]
        assert page.label in section and '<header class="band"' in section


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_row_shows_its_date_written_out_and_its_dose(lang: str) -> None:
    sched = schedule(START)
    texts = texts_for(lang, use_cache=False)
    text = html(lang)
    assert f'<html lang="{lang}">' in text
    for admin in sched.administrations:
        row = re.search(
            rf'<tr class="row \w+" data-date="{admin.date.isoformat()}"[^>]*>(.*?)</tr>', text, re.S
        )
        assert row, admin.date
        cells = row.group(1)
        day = texts.day_month_long(admin.date)
        assert (
            f'<span class="ln s7_5 b">{texts.weekday(admin.date)}</span><span class="ln s7">{day}</span>'
            in cells
        )
        words = texts.dose(admin.dose_iu).replace("'", "&#39;").split(" ")
        first, second = " ".join(words[:2]), " ".join(words[2:])
        assert f'<span class="ln s9 b">{first}</span><span class="ln s9 b">{second}</span>' in cells
        assert cells.count('<span class="box"') == 8


def test_a_site_with_markup_is_printed_as_text(tmp_path: Path) -> None:
    out = tmp_path / "sheet.html"
    site = "<script>alert(1)</script>&amp;"
    result = run_cli("generate", "--start", "2026-01-05", "--site", site, "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "<script" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;" in text


def test_a_regimen_drug_and_title_with_markup_are_printed_as_text(tmp_path: Path) -> None:
    regimen = tmp_path / "evil.toml"
    regimen.write_text(
        "[regimen]\n"
        'id = "evil"\n'
        "title = \"<script>alert('title')</script> protocol\"\n"
        'trial_id = "NCT<b>1</b>"\n'
        'drug = "<script>x</script>"\n'
        'brand = "<i>B</i>"\n'
        'route = "subcutaneous"\n'
        'dose_unit = "international units"\n'
        '[[cycle]]\nweek = 1\ndose_iu = 1_000_000\ndays = ["MO", "TU"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "sheet.html"
    args = ["generate", "--start", "2026-01-05", "--regimen", str(regimen), "-o", str(out)]
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "<script" not in text and "<b>" not in text and "<i>" not in text
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; protocol" in text
    assert "&lt;script&gt;x&lt;/script&gt; (&lt;i&gt;B&lt;/i&gt;)" in text
    assert "NCT&lt;b&gt;1&lt;/b&gt;" in text


def test_the_html_format_is_chosen_by_suffix_and_honours_lang_and_patient(tmp_path: Path) -> None:
    out = tmp_path / "p.html"
    args = ["generate", "--start", "2026-01-05", "--patient", "P-0099", "--lang", "fr", "-o", str(out)]
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "<title>Fiche d&#39;administration infirmière – P-0099</title>" in text
    assert "sous-cutanée" in text and "1,5 million" in text


def test_importing_the_cli_does_not_import_jinja2_or_fpdf() -> None:
    import subprocess
    import sys

    code = "import sys, il2sched.cli; print(any(m.split('.')[0] in ('jinja2', 'fpdf') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
