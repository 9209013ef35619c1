"""The printed HTML holds with any font rasterising (issue 22, item 9): with fontconfig's full hinting
(``hintstyle=hintfull``, common on Linux desktops) glyphs snap to whole pixels and texts grow; no sheet or
worklist may then overrun a box, and each prints on as many pages as our PDF.

Chromium is started with ``FONTCONFIG_FILE`` naming a fonts.conf that includes the system's and sets the
hinting, as a user's own ``~/.config/fontconfig/fonts.conf`` would.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
from pathlib import Path

import pytest
from helpers import STAMP, render, schedule
from test_html_chromium import measure, measuring

from il2sched.app.formats import WORKLIST_FORMATS
from il2sched.core.options import RenderOptions
from il2sched.core.regimen import parse_regimen
from il2sched.core.schedule import Closure, Plan, Policy, build_schedule
from il2sched.core.worklist import build_worklist
from il2sched.sources.locale import texts_for
from il2sched.sources.regimens import load_regimen

pytestmark = pytest.mark.slow  # a real browser, many pages

START = dt.date(2026, 4, 27)
CLOSURES = {
    START + dt.timedelta(days=4): Closure("holiday", "Fête du Travail"),
    START + dt.timedelta(days=16): Closure("closed", "Fermeture exceptionnelle du service de dermatologie"),
    START + dt.timedelta(days=17): Closure("holiday", "Ascension"),
}
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <match target="font">
    <edit name="antialias" mode="assign"><bool>true</bool></edit>
    <edit name="hinting" mode="assign"><bool>true</bool></edit>
    <edit name="hintstyle" mode="assign"><const>{style}</const></edit>
    <edit name="rgba" mode="assign"><const>rgb</const></edit>
  </match>
</fontconfig>
"""


def hinted(folder: Path, style: str) -> dict[str, str]:
    conf = folder / "fonts.conf"
    conf.write_text(FONTS_CONF.format(style=style), encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


@functools.cache
def documents() -> tuple[tuple[str, bytes, bytes], ...]:
    """Each sheet of :func:`sheets` as HTML and as our PDF, drawn once for the three hintings."""
    return tuple(
        (name, render("html", sched, lang, **opts), render("pdf", sched, lang, **opts))
        for name, sched, lang, opts in sheets()
    )


def sheets() -> list[tuple[str, object, str, dict[str, object]]]:
    """Sheets of every shape: both languages and papers, timed or not, the second check, each policy, the
    example regimens."""
    out: list[tuple[str, object, str, dict[str, object]]] = []
    for n, (lang, paper, policy) in enumerate(
        itertools.product(("en", "fr"), ("a4", "letter"), (Policy.FLAG, Policy.SHIFT, Policy.SKIP))
    ):
        sched = schedule(START, closures=CLOSURES, policy=policy, patient="W" * 32 if n % 2 else "P-1",
                         time=dt.time(9) if n % 3 == 0 else None,
                         delays={3: 1} if n % 4 == 1 else {})  # fmt: skip
        out.append((f"{lang}-{paper}-{policy}", sched, lang, {"paper": paper, "double_check": n % 2 == 0}))
    for name in ("escalation", "induction-maintenance", "alternate-days"):
        regimen = load_regimen(f"samples/regimens/{name}.toml")
        sched = build_schedule(Plan(regimen=regimen, start=START, patient="P-9"))
        for lang in ("en", "fr"):
            out.append((f"{name}-{lang}", sched, lang, {"double_check": lang == "fr"}))
    return out


@pytest.mark.parametrize("style", ["hintfull", "hintslight", "hintnone"])
def test_no_sheet_overruns_a_box_whatever_the_hinting(style: str, tmp_path: Path) -> None:
    with measuring(hinted(tmp_path, style)) as measure_one:
        for name, html, pdf in documents():
            folder = tmp_path / name
            folder.mkdir()
            measure_one(html, folder, pdf)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_worklist_overruns_a_box_with_full_hinting(lang: str, tmp_path: Path) -> None:
    ward = [schedule(START + dt.timedelta(weeks=k % 3), patient=f"W-{k:02d}", closures=CLOSURES,
                     time=dt.time(8 + k % 5) if k % 2 else None) for k in range(12)]  # fmt: skip
    days = build_worklist(ward, START + dt.timedelta(weeks=2), 5)
    with measuring(hinted(tmp_path, "hintfull")) as measure_one:
        for double in (False, True):
            options = RenderOptions(texts=texts_for(lang), stamp=STAMP, double_check=double)
            folder = tmp_path / str(double)
            folder.mkdir()
            html = WORKLIST_FORMATS["html"].renderer()(days, options)
            pdf = WORKLIST_FORMATS["pdf"].renderer()(days, options)
            measure_one(html, folder, pdf)


def test_a_regimen_with_the_widest_doses_holds_with_full_hinting(tmp_path: Path) -> None:
    from test_html_chromium import widest_regimen

    sched = build_schedule(Plan(regimen=parse_regimen(widest_regimen("12_500_000"), "wide"), start=START,
                                patient="M" * 32))  # fmt: skip
    measure(render("html", sched, "fr"), tmp_path, render("pdf", sched, "fr"), hinted(tmp_path, "hintfull"))
