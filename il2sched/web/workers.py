"""Where the pages' work runs, so that no kind of page can hold up another.

- **Lanes** of threads, one per kind of page, each with its own bound: the quick pages (``/``,
  ``/preview``, ``/generate``) never wait behind the ward's (``/roster``, ``/ward``, ``/worklist``, which
  may read a roster of 10,000 patients). Their threads are daemons: a page still being worked on when the
  server stops is abandoned, not waited for, so Ctrl-C and SIGTERM stop the server within its graceful
  timeout whatever the load.
- **Printed documents** (the PDF and HTML sheets and worklists) and **calendars** are drawn in a small pool
  of worker processes (:class:`Sheets`): drawing is CPU work that would otherwise hold the interpreter's
  lock while a nurse waits for a preview. The pool starts on the first document, has at most one process a
  core, and is shut down with the server. Its processes run at the server's own priority: a lower one
  (``nice 5`` was tried) let any other program on the machine starve them, and a PDF then waited seconds
  (``docs/performance.md``, the server under load).
"""

from __future__ import annotations

import asyncio
import os
import queue
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

R = TypeVar("R")

#: Most worker processes drawing documents, whatever the machine (each holds the fonts and the renderers).
MAX_SHEET_WORKERS = 4
#: How long the server waits for a worker still drawing when it stops.
WORKER_GRACE = 2.0
#: The longest a document may take to draw, in seconds (a sheet or a calendar takes a tenth of a second, a
#: worklist of 10,000 patients seconds, on a busy machine several times that): a worker still drawing then
#: is stuck, and is stopped.
DRAW_SECONDS = 300.0


class Stopping(Exception):
    """The server is stopping: no new work is taken."""


class DrawingFailed(Exception):
    """A document was not drawn: its worker process died (twice: the second pool too), or took longer than
    :data:`DRAW_SECONDS`."""


class Lane:
    """At most ``size`` daemon threads running one kind of page's work, started on first use."""

    def __init__(self, name: str, size: int) -> None:
        self.name = name
        self.size = size
        self._jobs: queue.SimpleQueue[tuple[Future[Any], Callable[..., Any], tuple[Any, ...]]] = (
            queue.SimpleQueue()
        )
        self._started = False
        self._lock = threading.Lock()

    def submit(self, work: Callable[..., R], *args: Any) -> Future[R]:
        """Queue ``work(*args)``; its future."""
        with self._lock:
            if not self._started:
                for number in range(self.size):
                    name = f"il2sched {self.name} {number + 1}"
                    threading.Thread(target=self._serve, name=name, daemon=True).start()
                self._started = True
        future: Future[R] = Future()
        self._jobs.put((future, work, args))
        return future

    async def run(self, work: Callable[..., R], *args: Any) -> R:
        """``work(*args)`` on one of the lane's threads; cancelling the caller abandons work not yet begun
        (and work under way: its thread finishes it, and its result is dropped)."""
        return await asyncio.wrap_future(self.submit(work, *args))

    def _serve(self) -> None:
        while True:
            future, work, args = self._jobs.get()
            if not future.set_running_or_notify_cancel():
                continue  # its page was abandoned (the client left, the server is stopping)
            try:
                result = work(*args)
            except BaseException as exc:  # handed to the page that asked, which decides what to say
                future.set_exception(exc)
            else:
                future.set_result(result)


def sheet_workers() -> int:
    """How many worker processes draw documents: one a core this process may use, at most
    :data:`MAX_SHEET_WORKERS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_SHEET_WORKERS, cores))


class Sheets:
    """A bounded pool of worker processes for printed documents and calendars, started lazily, shut down with
    the server."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or sheet_workers()
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._closed = False
        self._drawing = 0  # work handed to the pool and not yet back (counted on the event loop's thread)

    def free(self) -> bool:
        """True when a worker would take work now: fewer documents under way than workers."""
        return self._drawing < self.workers

    def _executor(self) -> ProcessPoolExecutor:
        import multiprocessing

        with self._lock:
            if self._closed:
                raise Stopping
            if self._pool is None:
                # spawn, never fork: the server has threads (a fork could copy a lock some thread holds).
                self._pool = ProcessPoolExecutor(
                    self.workers, multiprocessing.get_context("spawn"), _worker_start, (os.getpid(),)
                )
            return self._pool

    async def run(self, work: Callable[..., R], *args: Any) -> R:
        """``work(*args)`` in a worker process (``work`` a module's function, its arguments picklable).

        A worker that died (killed, out of memory) breaks the pool: a new pool takes the work once. Work
        still unfinished after :data:`DRAW_SECONDS` stops its pool's processes (a stuck worker would hold
        its place for ever; the others' work goes to a new pool). Either failure raises
        :class:`DrawingFailed`, or :class:`Stopping` once the server stops.
        """
        self._drawing += 1
        try:
            return await self._run(work, *args)
        finally:
            self._drawing -= 1

    async def _run(self, work: Callable[..., R], *args: Any) -> R:
        for attempt in (1, 2):
            pool = self._executor()
            try:
                return await asyncio.wait_for(asyncio.wrap_future(pool.submit(work, *args)), DRAW_SECONDS)
            except TimeoutError:
                self._discard(pool, kill=True)
                raise DrawingFailed(f"not drawn within {DRAW_SECONDS:g} s") from None
            except BrokenProcessPool:
                self._discard(pool)
                if self._closed:
                    raise Stopping from None
                if attempt == 2:
                    raise DrawingFailed("its worker process stopped") from None
        raise AssertionError("unreachable")

    def _discard(self, pool: ProcessPoolExecutor, *, kill: bool = False) -> None:
        """Stop using ``pool`` (the next work starts a new one); ``kill``: end its processes now."""
        with self._lock:
            if self._pool is pool:
                self._pool = None
        if kill:
            for process in _processes(pool):
                process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the workers: work not begun is dropped; a worker still drawing gets :data:`WORKER_GRACE`
        seconds, then is terminated, so the server stops within its graceful timeout."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is None:
            return
        processes = _processes(pool)
        pool.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + WORKER_GRACE
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.terminate()
                process.join(1.0)


def _processes(pool: ProcessPoolExecutor) -> list[Any]:
    """The processes of ``pool`` (the standard library has no public list of them)."""
    return list((getattr(pool, "_processes", None) or {}).values())


def _worker_start(server: int) -> None:
    """A worker's first steps: Ctrl-C in the server's terminal reaches every process of its group, and the
    server stops its workers itself (a worker would print a traceback); and an end of its own if the server
    dies without stopping it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_server, args=(server,), name="il2sched server watch", daemon=True).start()


def _watch_server(server: int) -> None:
    while os.getppid() == server:
        time.sleep(1.0)
    os._exit(0)  # the server is gone (killed): nobody will read what this worker draws
