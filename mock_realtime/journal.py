"""The request journal: what each OpenAI-facing request carried and what it got back,
oldest first. Bounded; the oldest entries are dropped first and counted."""

from __future__ import annotations

from collections import deque
from typing import Any


class Journal:
    def __init__(self, *, capacity: int) -> None:
        self._entries: deque[dict[str, Any]] = deque(maxlen=capacity)
        self.dropped = 0

    def record(self, entry: dict[str, Any]) -> None:
        if len(self._entries) == self._entries.maxlen:
            self.dropped += 1
        self._entries.append(entry)

    def entries(self) -> list[dict[str, Any]]:
        return list(self._entries)

    def clear(self) -> None:
        self._entries.clear()
        self.dropped = 0

    def __len__(self) -> int:
        return len(self._entries)
