"""How many examples hypothesis tries: all of them in CI, a fifth in the quick runs people make.

``IL2SCHED_HYPOTHESIS=full`` (set by ``.ci/run``) keeps hypothesis's 100 examples and each test's own count;
otherwise (the default) the "quick" profile tries a fifth as many, at least 10, so ``pytest -m "not slow"``
stays under a minute. Neither has a deadline: no test asserts a time (bench/ measures speed).
"""

from __future__ import annotations

import os

from hypothesis import settings

FULL = os.environ.get("IL2SCHED_HYPOTHESIS", "quick") == "full"


def examples(count: int) -> int:
    """A test's ``max_examples``: ``count`` in the full profile, a fifth (at least 10) in the quick one."""
    return count if FULL else min(count, max(10, count // 5))


settings.register_profile("full", deadline=None)
settings.register_profile("quick", deadline=None, max_examples=examples(100))


def load() -> str:
    """Load the profile the environment asks for; return its name."""
    name = "full" if FULL else "quick"
    settings.load_profile(name)
    return name
