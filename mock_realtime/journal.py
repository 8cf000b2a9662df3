"""The request journal: what each OpenAI-facing request carried and what it got back,
oldest first. Bounded; the oldest entries are dropped first and counted.

An entry is recorded either as a dict or as a function that builds it; reading the
journal builds them, so recording costs the hot path almost nothing."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

Entry = dict[str, Any]


class Journal:
    def __init__(self, *, capacity: int) -> None:
        self._entries: deque[Entry | Callable[[], Entry]] = deque(maxlen=capacity)
        self.dropped = 0

    def record(self, entry: Entry | Callable[[], Entry]) -> None:
        if len(self._entries) == self._entries.maxlen:
            self.dropped += 1
        self._entries.append(entry)

    def entries(self) -> list[Entry]:
        return [entry if isinstance(entry, dict) else entry() for entry in list(self._entries)]

    def clear(self) -> None:
        self._entries.clear()
        self.dropped = 0

    def __len__(self) -> int:
        return len(self._entries)
