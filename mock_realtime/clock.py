"""The one clock that issuing and expiry read. Tests and the admin API move it;
nothing in the mock calls time.time() directly.

Whoever waits for an instant on this clock (an open WebSocket waiting for its session
to expire) subscribes to changes: moving the clock wakes them at once, so a test that
jumps an hour ahead sees the expiry without anyone sleeping."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

Listener = Callable[[], None]


class Listeners:
    """Who waits on a clock's moves. `subscribe` calls a listener (on the thread that moved
    the clock) after every change and returns the function that unsubscribes it; listeners
    must be quick and must not raise."""

    def __init__(self) -> None:
        self._listeners: set[Listener] = set()
        self._lock = threading.Lock()  # the clock moves on a test's thread, listeners wait on the server's

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.add(listener)

        def unsubscribe() -> None:
            with self._lock:
                self._listeners.discard(listener)

        return unsubscribe

    def notify(self) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener()


class Clock:
    """Real time plus an offset, or a fixed instant once `set` is called."""

    # Every move of this clock goes through this process, so its listeners hear of all of them.
    recheck_seconds: float | None = None

    def __init__(self, source: Callable[[], float] = time.time) -> None:
        self._source = source
        self._offset = 0.0
        self._fixed: float | None = None
        self._listeners = Listeners()
        self.subscribe = self._listeners.subscribe

    def now(self) -> float:
        return self._fixed if self._fixed is not None else self._source() + self._offset

    def advance(self, seconds: float) -> None:
        if self._fixed is not None:
            self._fixed += seconds
        else:
            self._offset += seconds
        self._listeners.notify()

    def set(self, unix_seconds: float) -> None:
        self._fixed = float(unix_seconds)
        self._listeners.notify()

    def reset(self) -> None:
        self._offset = 0.0
        self._fixed = None
        self._listeners.notify()
