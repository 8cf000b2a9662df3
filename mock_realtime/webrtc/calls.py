"""The calls one mock holds, by call id. Bounded: each live call holds UDP sockets and
an audio pipeline, so past MAX_CALLS a new call is refused until one ends. Ended calls
are kept (without their peer) for the admin views, the oldest dropped first."""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mock_realtime.webrtc.call import Call

MAX_CALLS = 16
MAX_ENDED = 256


class CallRegistry:
    def __init__(self) -> None:
        self._live: dict[str, Call] = {}
        self._ended: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def loop(self) -> asyncio.AbstractEventLoop | None:
        """The loop the calls run on (the server's), once one was opened."""
        return self._loop

    def full(self) -> bool:
        return len(self._live) >= MAX_CALLS

    def add(self, call: Call) -> None:
        self._loop = asyncio.get_running_loop()
        self._live[call.call_id] = call

    def get(self, call_id: str) -> Call | None:
        return self._live.get(call_id)

    def end(self, call: Call) -> None:
        """Forget the peer of an ended call; keep what the admin views show."""
        if self._live.pop(call.call_id, None) is not None:
            self._ended[call.call_id] = describe(call)
            while len(self._ended) > MAX_ENDED:
                self._ended.popitem(last=False)

    def described(self) -> list[dict[str, Any]]:
        return [*(describe(call) for call in self._live.values()), *self._ended.values()]

    def clear(self) -> None:
        """Hang up every live call (on the server's loop, from any thread) and forget them all."""
        live, self._live = list(self._live.values()), {}
        self._ended.clear()
        if live and self._loop is not None and not self._loop.is_closed():
            for call in live:
                with contextlib.suppress(RuntimeError):  # the loop stopped meanwhile
                    asyncio.run_coroutine_threadsafe(call.hang_up(), self._loop)

    async def close_all(self) -> None:
        """Hang up every live call, on the loop that runs them (the server's, shutting down)."""
        for call in list(self._live.values()):
            await call.hang_up()

    def __len__(self) -> int:
        return len(self._live)


def describe(call: Call) -> dict[str, Any]:
    return {"call_id": call.call_id, "state": call.state, "microphone_ms": int(call.microphone_ms),
            "session": call.session}
