"""Waiting for an instant on the mock clock: moving the clock ends the wait at once, from
any thread; nothing in the wait polls or sleeps."""

from __future__ import annotations

import asyncio
import threading

import pytest

from mock_realtime.clock import Clock
from mock_realtime.websocket.lifetime import wait_until

NOW = 1_750_000_000.0


def _fixed(at: float = NOW) -> Clock:
    clock = Clock()
    clock.set(at)
    return clock


def test_wait_until_returns_when_the_clock_is_moved_past_the_deadline() -> None:
    clock = _fixed()

    async def scenario() -> None:
        waiting = asyncio.create_task(wait_until(clock, NOW + 3600))
        await asyncio.sleep(0)  # let the wait subscribe
        clock.advance(3599)
        await asyncio.sleep(0)
        assert not waiting.done()
        clock.advance(1)
        await asyncio.wait_for(waiting, timeout=5)

    asyncio.run(scenario())


def test_wait_until_wakes_when_another_thread_moves_the_clock() -> None:
    clock = _fixed()

    async def scenario() -> None:
        waiting = asyncio.create_task(wait_until(clock, NOW + 60))
        await asyncio.sleep(0)
        mover = threading.Thread(target=clock.set, args=(NOW + 61,))
        mover.start()
        await asyncio.wait_for(waiting, timeout=5)
        mover.join()

    asyncio.run(scenario())


def test_wait_until_a_past_deadline_returns_at_once_and_leaves_no_listener() -> None:
    clock = _fixed()
    calls: list[int] = []
    clock.subscribe(lambda: calls.append(1))
    asyncio.run(asyncio.wait_for(wait_until(clock, NOW - 1), timeout=5))
    clock.advance(1)
    assert calls == [1]  # only the test's own listener was left subscribed


def test_clock_unsubscribe_stops_the_calls() -> None:
    clock = _fixed()
    calls: list[float] = []
    unsubscribe = clock.subscribe(lambda: calls.append(clock.now()))
    clock.advance(5)
    unsubscribe()
    clock.advance(5)
    assert calls == [NOW + 5]


@pytest.mark.parametrize("move", ["advance", "set", "reset"])
def test_clock_every_move_notifies(move: str) -> None:
    clock = _fixed()
    calls: list[str] = []
    clock.subscribe(lambda: calls.append(move))
    {"advance": lambda: clock.advance(1), "set": lambda: clock.set(NOW), "reset": clock.reset}[move]()
    assert calls == [move]
