"""A connection's writes, held and sent together: a response's head and body in one
system call instead of two, and a Realtime socket's events of one slice of the loop in
one instead of one each. On loopback, where a mock is used, each write carries a segment
through the whole TCP stack for both ends: the second write of every response cost about
5% of the server's CPU per request, and a write per event a fifth of streaming audio's.

What is held goes out when the response completes (the server says so), when the loop
iteration ends (for anything streamed in parts), or once FLUSH_BYTES are held, so a
stream never waits in memory unbounded. The server's own writes (a refusal) flush what
is held first, so bytes keep their order."""

from __future__ import annotations

import asyncio

FLUSH_BYTES = 65_536


class HeldWrites:
    """The part of a transport a request's cycle, or a WebSocket protocol, uses: writes
    held, the rest passed through."""

    __slots__ = ("_held", "_loop", "_size", "_transport")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._held: list[bytes] = []
        self._size = 0

    def write(self, data: bytes) -> None:
        if not self._held:
            self._loop.call_soon(self.flush)
        self._held.append(data)
        self._size += len(data)
        if self._size >= FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        if not self._held:
            return
        data = self._held[0] if len(self._held) == 1 else b"".join(self._held)
        self._held, self._size = [], 0
        if not self._transport.is_closing():  # a client gone meanwhile reads nothing more
            self._transport.write(data)

    def drop(self) -> None:
        """Forget what is held: the connection is gone."""
        self._held, self._size = [], 0

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def abort(self) -> None:
        self.drop()
        self._transport.abort()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def get_write_buffer_size(self) -> int:
        return self._size + self._transport.get_write_buffer_size()

    def pause_reading(self) -> None:
        self._transport.pause_reading()

    def resume_reading(self) -> None:
        self._transport.resume_reading()
