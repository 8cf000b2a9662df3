"""A sideband that stops reading is closed (1008) once the call's events back up past the
bound, rather than holding them without limit."""

from __future__ import annotations

import asyncio
from typing import Any

from mock_realtime.websocket.sideband import MAX_QUEUED_EVENTS, OVERFLOW_REASON, serve_sideband


class StalledSocket:
    """A client whose network stopped: sends never complete, nothing arrives."""

    def __init__(self) -> None:
        self.sent = 0
        self.closed: tuple[int, str] | None = None
        self._never = asyncio.Event()

    async def send_text(self, text: str) -> None:
        self.sent += 1
        await self._never.wait()

    async def receive(self) -> dict[str, Any]:
        await self._never.wait()
        return {"type": "websocket.disconnect"}

    async def close(self, code: int, reason: str = "") -> None:
        self.closed = (code, reason)


class Call:
    def __init__(self) -> None:
        self.listeners: list[Any] = []

    def listen(self, listener: Any) -> Any:
        self.listeners.append(listener)
        return lambda: self.listeners.remove(listener)

    def watch_end(self, watcher: Any) -> None:
        pass


def test_sideband_closes_a_reader_that_falls_behind() -> None:
    async def main() -> StalledSocket:
        socket, call = StalledSocket(), Call()
        serving = asyncio.create_task(serve_sideband(socket, call, {"type": "session.created"}))  # type: ignore[arg-type]
        while not call.listeners:
            await asyncio.sleep(0)
        for n in range(MAX_QUEUED_EVENTS + 1):
            call.listeners[0]({"type": "conversation.item.added", "n": n})
        await asyncio.wait_for(serving, 5)
        assert call.listeners == []  # it stopped listening to the call
        return socket

    socket = asyncio.run(main())
    assert socket.closed == (1008, OVERFLOW_REASON)
    assert socket.sent == 1  # only session.created went out before the network stalled
