"""Signals around worker processes: Ctrl-C and SIGTERM reach the coordinator only, and workers die with it.

A batch renders patients in worker processes. On a terminal, Ctrl-C (and a hang-up, when the terminal closes)
goes to every process of the group; if the workers took it too, each would print its own traceback or die
leaving the coordinator to clean up after them. So workers ignore SIGINT and SIGHUP and leave the
coordinator to stop them, die quietly on SIGTERM (what the coordinator sends them when it stops), and on
Linux are killed with their coordinator should it be killed outright (SIGKILL), instead of lingering.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager

#: Held while workers start; SIGHUP (a terminal that closes reaches the whole group) where there is one.
_HELD = {signal.SIGINT, signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])}


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while workers start; one that arrives meanwhile is delivered after.

    Workers inherit the held mask and release it once their own handlers are set (:func:`worker_signals`).
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def worker_signals(coordinator: int) -> None:
    """In a worker process: ignore Ctrl-C and a hang-up, die quietly on SIGTERM, die with ``coordinator``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)  # the coordinator hears it too, and stops the workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: the kernel kills us when the coordinator dies
    if os.getppid() != coordinator:  # it died before we could ask
        os._exit(1)
