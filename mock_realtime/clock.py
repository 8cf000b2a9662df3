"""The one clock that issuing and expiry read. Tests and the admin API move it;
nothing in the mock calls time.time() directly."""

from __future__ import annotations

import time
from collections.abc import Callable


class Clock:
    """Real time plus an offset, or a fixed instant once `set` is called."""

    def __init__(self, source: Callable[[], float] = time.time) -> None:
        self._source = source
        self._offset = 0.0
        self._fixed: float | None = None

    def now(self) -> float:
        return self._fixed if self._fixed is not None else self._source() + self._offset

    def advance(self, seconds: float) -> None:
        if self._fixed is not None:
            self._fixed += seconds
        else:
            self._offset += seconds

    def set(self, unix_seconds: float) -> None:
        self._fixed = float(unix_seconds)

    def reset(self) -> None:
        self._offset = 0.0
        self._fixed = None
