"""uvicorn's HTTP/1.1 protocol with the two bounds it lacks: a deadline on each request's arrival, and a bound
on open connections.

- **Deadline**: a connection must send a whole request (its line, headers and body) within
  :attr:`Limits.request_seconds` of opening, or of starting its next request; a slow or silent client is
  closed then. (uvicorn's keep-alive timeout runs only between requests, once one was answered: a socket
  opened and left silent, or dribbling a header a minute, was kept for ever.)
- **Connections**: at most :attr:`Limits.connections` open at once, well under the process's descriptor
  limit. A connection past the bound takes the place of the oldest idle one (waiting for its next request,
  or still sending its head): idle sockets cannot lock the ward out. When every connection is busy with a
  request, the new one gets a 503 and is closed.

Lines about running out (connections, descriptors) are written at most once a second (:mod:`.log`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from il2sched.web.log import resource_problem

#: The descriptors kept for everything else a server opens (files, the worker processes' pipes, templates).
RESERVED_DESCRIPTORS = 64
#: The bound on open connections when the descriptor limit allows it (browsers open up to 6 a server).
MAX_CONNECTIONS = 256
_BUSY_TEXT = b"il2sched: error: too many connections; try again in a moment\n"
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n"
    b"retry-after: 5\r\ncontent-length: " + str(len(_BUSY_TEXT)).encode() + b"\r\n\r\n" + _BUSY_TEXT
)


@dataclass(frozen=True, slots=True)
class Limits:
    """How many connections may be open, and how long a request may take to arrive (seconds)."""

    connections: int = MAX_CONNECTIONS
    request_seconds: float = 10.0


def connection_bound(descriptors: int, wanted: int = MAX_CONNECTIONS) -> int:
    """The most connections a process allowed ``descriptors`` open files can hold beside everything else."""
    return max(8, min(wanted, descriptors - RESERVED_DESCRIPTORS))


def protocol_class(limits: Limits) -> type[H11Protocol]:
    """uvicorn's h11 protocol bounded by ``limits`` (uvicorn takes a class, so the limits are the class's)."""

    class Bounded(_Bounded):
        bounds = limits

    return Bounded


class _Bounded(H11Protocol):
    bounds = Limits()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._timer: asyncio.TimerHandle | None = None
        self._last_active = 0.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._last_active = self.loop.time()
        if len(self.connections) > self.bounds.connections and not self._make_room():
            resource_problem(f"too many connections (more than {self.bounds.connections}): one refused")
            self.transport.write(_BUSY)
            self.close_now()
            return
        self._start_timer()

    def data_received(self, data: bytes) -> None:
        self._last_active = self.loop.time()
        if self._timer is None and self.conn.their_state is h11.IDLE:
            self._start_timer()  # the first bytes of the next request on a kept-alive connection
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE and self.conn.their_state is not h11.SEND_BODY:
            self._stop_timer()  # the request is in, whole: it runs as long as it needs

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_timer()
        super().connection_lost(exc)

    def idle(self) -> bool:
        """True when this connection has no request under way (waiting for one, or for its head)."""
        return self.conn.their_state is h11.IDLE and (self.cycle is None or self.cycle.response_complete)

    def _make_room(self) -> bool:
        """Close the oldest idle connection other than this one; False when every other is busy."""
        others = [c for c in self.connections if c is not self and isinstance(c, _Bounded) and c.idle()]
        if not others:
            return False
        min(others, key=lambda c: c._last_active).close_now()
        return True

    def _start_timer(self) -> None:
        self._stop_timer()
        self._timer = self.loop.call_later(self.bounds.request_seconds, self._late)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _late(self) -> None:
        self._timer = None
        if self.conn.their_state in (h11.IDLE, h11.SEND_BODY):
            self.close_now()

    def close_now(self) -> None:
        """Close this connection, counting it out of the bound at once."""
        self._stop_timer()
        self._unset_keepalive_if_required()
        if not self.transport.is_closing():
            self.transport.close()
        self.connections.discard(self)
