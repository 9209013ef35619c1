"""Reading a regimen file's TOML values: each reader checks one value and names the file and key at fault.

Shared by the regimen's head (:mod:`.regimen`), its phases (:mod:`.regimen_phases`) and each pattern kind's
own keys (:mod:`.patterns`), so every refusal reads the same: ``my.toml: key 'phase[2].count' is 0; it must
be >= 1``, a problem and its fix a pharmacist can act on without reading code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from il2sched.core.parsing import forbidden_character
from il2sched.errors import RegimenError

#: iCalendar weekday codes, Monday first, as used in regimen files (``days = ["MO", ...]``).
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class Validator:
    """Reads a regimen's TOML data; every error names the file, the key and the problem."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, problem: str) -> RegimenError:
        """The error for ``key`` (a dotted path such as ``phase[2].count``)."""
        return RegimenError(f"{self.source}: key '{key}' {problem}")

    def table(self, data: Mapping[str, Any], key: str) -> dict[str, Any]:
        """The table ``key`` of ``data``."""
        value = data.get(key)
        if not isinstance(value, dict):
            raise self.fail(key, "is missing or not a table; add a [regimen] table")
        return value

    def text(self, table: Mapping[str, Any], key: str, prefix: str, allowed: tuple[str, ...] = ()) -> str:
        """A required non-empty string on one line, one of ``allowed`` when given."""
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{prefix}{key}", "is missing or empty; give a non-empty string")
        if allowed and value not in allowed:
            raise self.fail(f"{prefix}{key}", f"is {value!r}; use one of: {', '.join(allowed)}")
        bad = forbidden_character(value)
        if bad is not None:
            raise self.fail(
                f"{prefix}{key}",
                f"contains {bad} (a line break, control character or text-direction character); remove it",
            )
        return value.strip()

    def optional_text(self, table: Mapping[str, Any], key: str, prefix: str) -> str:
        """An optional text: absent is empty, but a present key must be a non-empty string (not ``false``)."""
        return self.text(table, key, prefix) if key in table else ""

    def flag(self, table: Mapping[str, Any], key: str, prefix: str) -> bool:
        """An optional ``true``/``false`` (default false)."""
        value = table.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f"{prefix}{key}", f"is {value!r}; write true or false")
        return value

    def integer(
        self, table: Mapping[str, Any], key: str, where: str, minimum: int, maximum: int | None = None
    ) -> int:
        """A whole number from ``minimum`` to ``maximum`` (a TOML integer, never ``true`` or ``1.5``)."""
        value = table.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, f"is {value!r}; give a whole number >= {minimum}")
        if value < minimum:
            raise self.fail(where, f"is {value}; it must be >= {minimum}")
        if maximum is not None and value > maximum:
            raise self.fail(where, f"is {value}; it must be at most {maximum:_}")
        return value

    def integers(self, raw: Any, where: str, low: int, high: int, example: str) -> tuple[int, ...]:
        """A non-empty list of increasing whole numbers from ``low`` to ``high``."""
        if not isinstance(raw, list) or not raw:
            raise self.fail(where, f"is missing or empty; list whole numbers such as {example}")
        values: list[int] = []
        for value in raw:
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise self.fail(where, f"has {value!r}; list whole numbers from {low} to {high:_}")
            if values and value <= values[-1]:
                raise self.fail(where, f"lists {value} out of order or twice; list them in increasing order")
            values.append(value)
        return tuple(values)

    def weekdays(self, raw: Any, where: str) -> tuple[int, ...]:
        """A non-empty list of weekday codes, Monday first, each once."""
        if not isinstance(raw, list) or not raw:
            raise self.fail(where, 'is missing or empty; list weekdays such as ["MO", "TU"]')
        days: list[int] = []
        for value in raw:
            if not isinstance(value, str) or value.upper() not in WEEKDAY_CODES:
                raise self.fail(where, f"has unknown weekday {value!r}; use {', '.join(WEEKDAY_CODES)}")
            day = WEEKDAY_CODES.index(value.upper())
            if days and day <= days[-1]:
                raise self.fail(where, f"lists {value!r} out of order or twice; list weekdays Monday first")
            days.append(day)
        return tuple(days)
