"""How long a Realtime session may run: until `expires_at` on the mock's clock.

The wait is on the clock itself, not on a timer: real time passing ends it, and so does
a test (or the admin API) moving the mock clock past the deadline, at once. Nothing polls,
except on a clock other replicas share, which is looked at again every `recheck_seconds`."""

from __future__ import annotations

import asyncio
import contextlib

from mock_realtime.store.interface import TimeSource


async def wait_until(clock: TimeSource, deadline: float) -> None:
    """Return once `clock.now()` has reached `deadline`."""
    loop = asyncio.get_running_loop()
    moved = asyncio.Event()

    def wake() -> None:  # runs on whichever thread moved the clock
        with contextlib.suppress(RuntimeError):  # the loop closed: nobody is waiting any more
            loop.call_soon_threadsafe(moved.set)

    unsubscribe = clock.subscribe(wake)
    try:
        while True:
            moved.clear()  # before reading the clock, so a move in between still wakes us
            remaining = deadline - clock.now()
            if remaining <= 0:
                return
            with contextlib.suppress(TimeoutError):
                # A clock fixed by `set` never reaches the deadline by itself; only a move does.
                wait = remaining if clock.recheck_seconds is None else min(remaining, clock.recheck_seconds)
                await asyncio.wait_for(moved.wait(), timeout=wait)
    finally:
        unsubscribe()
