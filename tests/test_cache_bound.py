"""The data cache stays bounded (issue 21, item 7): at most ``MAX_ENTRIES`` entries, the least recently used
removed first, no temporary file left by a dead run, and holidays of years far from today not kept."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest
from helpers import run_cli

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
