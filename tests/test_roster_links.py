"""A roster row's link on the roster page opens that row's own schedule: every cell the row gives, body size
included, reaches the page (a row's BSA used to be lost, and the page then asked for --bsa)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from web_client import app, call
from web_samples import BSA_REGIMEN, per_kg_regimen

from il2sched.app.commands import GENERATE
from il2sched.app.generate import plan_schedule
from il2sched.app.planning import Planner
from il2sched.app.requests import ScheduleOptions, generate_request
from il2sched.app.roster import COLUMNS, plan_for, read_roster
from il2sched.core.schedule import build_schedule
from il2sched.web.query import canonical, options_of

HTML = {"accept": "text/html"}


def ward(folder: Path) -> Path:
    """A roster using every declared column, each in a row whose schedule it changes."""
    per_kg = per_kg_regimen(folder)
    path = folder / "ward.csv"
    path.write_text(
        "patient,start,time,regimen,delays,site,lang,bsa,height,weight,open_weekends\n"
        f"M2-1,2026-04-27,,{BSA_REGIMEN},,,,1.73,,,\n"
        f"M2-2,2026-04-28,09:00,{BSA_REGIMEN},,,fr,,170,70,\n"
        f"KG-1,2026-04-29,,{per_kg},,,,,,72.5,no\n"
        "STD-1,2026-05-04,14:30,,2:1 3:2,Dermatologie – hôpital de jour,FR,,,,yes\n",
        encoding="utf-8",
    )
    return path


def test_the_sample_roster_uses_every_declared_column(tmp_path: Path) -> None:
    header = ward(tmp_path).read_text(encoding="utf-8").splitlines()[0].split(",")
    assert sorted(header) == sorted(column.name for _, column in COLUMNS)


@pytest.fixture
def links(tmp_path: Path) -> dict[str, str]:
    roster = ward(tmp_path)
    page = call(app(str(roster)), "/roster", headers=HTML)
    assert page.status == 200
    found = re.findall(r'<a href="(/\?[^"]*)" aria-label="[^"]*">([^<]+)</a>', page.text)
    return {code: html.unescape(url) for url, code in found}


def test_a_roster_rows_link_opens_its_schedule_with_its_body_size(
    links: dict[str, str], tmp_path: Path
) -> None:
    application = app(str(tmp_path / "ward.csv"))
    for code in ("M2-1", "M2-2", "KG-1"):
        page = call(application, links[code], headers=HTML)
        assert page.status == 200, f"{code}: {page.words[-600:]}"
        assert "--bsa" not in page.words and "--weight" not in page.words


def test_a_roster_rows_link_gives_the_rows_own_schedule(links: dict[str, str], tmp_path: Path) -> None:
    rows = {row.patient: row for row in read_roster(str(tmp_path / "ward.csv"))}
    planner = Planner(ScheduleOptions())
    assert sorted(links) == sorted(rows)
    for code, url in links.items():
        query = parse_qsl(url.removeprefix("/?"))
        request = generate_request(options_of(GENERATE, canonical(GENERATE, query)))
        page_schedule = plan_schedule(request).schedule
        row_schedule = build_schedule(plan_for(planner, rows[code]))
        assert page_schedule.administrations == row_schedule.administrations, code
        assert page_schedule.plan.body == row_schedule.plan.body, code
        assert page_schedule.plan.weekends_open == row_schedule.plan.weekends_open == (code == "STD-1"), code
