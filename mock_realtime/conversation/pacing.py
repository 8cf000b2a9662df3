"""Real-time pacing for reply audio (--pace-audio): for apps whose playback logic expects
audio to arrive no faster than it plays. Off by default: the real server "will produce
audio faster than realtime", so most replies arrive long before they finish playing."""

from __future__ import annotations

import asyncio
import contextlib


class Pacer:
    """Holds audio to real time: each delta goes out no earlier than it would play."""

    def __init__(self, cancelled: asyncio.Event) -> None:
        self._cancelled = cancelled
        self._start = asyncio.get_running_loop().time()
        self._played_ms = 0.0

    async def played(self, milliseconds: float) -> None:
        self._played_ms += milliseconds
        delay = self._start + self._played_ms / 1000 - asyncio.get_running_loop().time()
        if delay > 0:
            with contextlib.suppress(TimeoutError):  # the time to play it has passed
                await asyncio.wait_for(self._cancelled.wait(), delay)
