"""The data cache stays bounded (issue 21, item 7): at most ``MAX_ENTRIES`` entries, the least recently used
removed first, no temporary file left by a dead run, and holidays of years far from today not kept; also
through a real ``il2sched serve``, as any web page could make a loopback browser ask for previews."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest
from helpers import run_cli
from web_client import running, server_env

from il2sched.sources import cache
from il2sched.sources.holidays import NEAR_YEARS, public_holidays


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(where))
    return where


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def numbers(folder: Path) -> set[int]:
    """The ``n`` of each entry's key."""
    return {json.loads(json.loads(p.read_text(encoding="utf-8"))["key"])["n"] for p in entries(folder)}


def entry_of(folder: Path, n: int) -> Path:
    return next(
        p for p in entries(folder) if json.loads(json.loads(p.read_text(encoding="utf-8"))["key"])["n"] == n
    )


def test_the_cache_keeps_its_most_recently_used_entries(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 5)
    for n in range(5):
        assert cache.cached_json("test", {"n": n}, lambda n=n: [n]) == [n]
    old = time.time() - 2 * cache.USE_MARK
    for n in range(5):
        os.utime(entry_of(folder, n), (old + n, old + n))  # all used long ago, 0 first
    assert cache.cached_json("test", {"n": 0}, lambda: pytest.fail("recomputed")) == [0]  # used now
    for n in range(5, 8):
        cache.cached_json("test", {"n": n}, lambda n=n: [n])
        assert len(entries(folder)) <= 5
    assert numbers(folder) == {0, 4, 5, 6, 7}  # 0, used again, outlived 1 to 3, made after it


def test_a_temporary_file_a_dead_run_left_is_removed(folder: Path) -> None:
    cache.cached_json("test", {"n": 1}, lambda: [1])
    left = folder / ".test-0123.json.abcd.tmp"
    left.write_text("{", encoding="utf-8")
    fresh = folder / ".test-4567.json.efgh.tmp"  # another run writing right now: left alone
    fresh.write_text("{", encoding="utf-8")
    old = time.time() - 2 * cache.STALE_TEMPORARY
    os.utime(left, (old, old))
    cache.cached_json("test", {"n": 2}, lambda: [2])
    assert not left.exists() and fresh.exists()


def test_holidays_of_years_far_from_today_are_not_kept(folder: Path) -> None:
    year = dt.date.today().year
    public_holidays("FR", None, [year + NEAR_YEARS + 1], "fr")
    public_holidays("FR", None, [year - NEAR_YEARS - 1, year], "fr")
    assert entries(folder) == []
    far = public_holidays("FR", None, [year + 50], "en")
    assert far == public_holidays("FR", None, [year + 50], "en") and far  # computed each time, the same
    public_holidays("FR", None, [year, year + 1], "fr")
    assert len(entries(folder)) == 1


def test_previews_over_many_countries_and_years_leave_a_bounded_cache(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 8)
    year = dt.date.today().year
    for n in range(30):
        start = dt.date(year + n % 3, 1, 5)
        start -= dt.timedelta(days=start.weekday())
        country = ("FR", "BE", "CH", "DE", "IT")[n % 5]
        result = run_cli("generate", "--start", start.isoformat(), "--country", country, "-f", "csv")
        assert result.exit_code == 0, result.stderr
        assert len(entries(folder)) <= 8


#: Countries with public holidays: with the 21 years around today, more previews than the cache keeps.
COUNTRIES = ("FR", "BE", "CH", "DE", "IT", "ES", "NL", "AT", "GB", "US", "CA", "PT")


@pytest.mark.slow  # a real server and 270 previews
def test_previews_on_a_real_server_leave_at_most_the_caches_bound(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    year = dt.date.today().year
    near = [year + n for n in range(-NEAR_YEARS, NEAR_YEARS + 1)]
    assert len(COUNTRIES) * len(near) > cache.MAX_ENTRIES
    with running(env=server_env(**{cache.CACHE_ENV: str(folder)})) as server:

        def preview(country: str, year: int) -> None:
            start = dt.date(year, 1, 5) - dt.timedelta(days=dt.date(year, 1, 5).weekday())
            assert server.get(f"/preview?start={start}&country={country}").status == 200

        for country in COUNTRIES:
            for each in near:
                preview(country, each)
                assert len(entries(folder)) <= cache.MAX_ENTRIES
        assert len(entries(folder)) == cache.MAX_ENTRIES
        kept = entries(folder)
        for each in range(year + NEAR_YEARS + 1, year + NEAR_YEARS + 19):  # far years: computed, not kept
            preview("FR", each)
        assert entries(folder) == kept
