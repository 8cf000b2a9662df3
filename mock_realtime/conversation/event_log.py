"""What one connection's client sent and the server answered, oldest first, for the
journal and for tests. Bounded (the oldest events are dropped first and counted), and
audio is summarised by its size: a minute of pcm16 is 2.8 MB of base64."""

from __future__ import annotations

import threading
from collections import deque
from typing import Any

_AUDIO_FIELDS = {"audio", "delta"}


def _audio_size(encoded: str) -> int:
    return len(encoded) * 3 // 4 - encoded[-2:].count("=")


def _is_audio(event_type: str, key: str, value: Any) -> bool:
    if not isinstance(value, str) or key not in _AUDIO_FIELDS:
        return False
    return key == "audio" or event_type.endswith("audio.delta")


def summarised(value: Any, event_type: str = "") -> Any:
    """The event with every audio payload replaced by '<N bytes of audio>'."""
    if isinstance(value, dict):
        named = value.get("type")
        kind = named if isinstance(named, str) else event_type
        return {k: f"<{_audio_size(v)} bytes of audio>" if _is_audio(kind, k, v) else summarised(v, kind)
                for k, v in value.items()}
    if isinstance(value, list):
        return [summarised(v, event_type) for v in value]
    return value


class EventLog:
    def __init__(self, *, capacity: int) -> None:
        self._events: deque[dict[str, Any]] = deque(maxlen=capacity)
        self.dropped = 0
        self._lock = threading.Lock()  # read from the admin API's thread

    def record(self, direction: str, event: Any) -> None:
        entry = {"direction": direction, "event": summarised(event)}
        with self._lock:
            if len(self._events) == self._events.maxlen:
                self.dropped += 1
            self._events.append(entry)

    def entries(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._events)
