"""What one connection's client sent and the server answered, oldest first, for the
journal and for tests. Audio is summarised by its size (a minute of pcm16 is 2.8 MB of
base64), and the log is bounded twice: in events and in bytes, as a journal entry is
(an HTTP entry keeps at most --max-body-bytes of body). The oldest events are dropped
first and counted; an event larger than the whole budget is kept as its type and size."""

from __future__ import annotations

import threading
from collections import deque
from typing import Any

import orjson

_AUDIO_FIELDS = {"audio", "delta"}


def _audio_size(encoded: str) -> int:
    return len(encoded) * 3 // 4 - encoded[-2:].count("=")


_CONTAINERS = (dict, list)


def summarised(value: Any, event_type: str = "") -> Any:
    """The event with every audio payload replaced by '<N bytes of audio>'. Every event
    sent passes through here, audio deltas by the thousand, so scalars are taken as they
    are without a call each."""
    if isinstance(value, dict):
        named = value.get("type")
        kind = named if isinstance(named, str) else event_type
        shown = {}
        for key, item in value.items():
            if isinstance(item, str):
                is_audio = key in _AUDIO_FIELDS and (key == "audio" or kind.endswith("audio.delta"))
                shown[key] = f"<{_audio_size(item)} bytes of audio>" if is_audio else item
            else:
                shown[key] = summarised(item, kind) if isinstance(item, _CONTAINERS) else item
        return shown
    if isinstance(value, list):
        return [summarised(item, event_type) if isinstance(item, _CONTAINERS) else item for item in value]
    return value


def _brief(event: Any, why: str) -> tuple[dict[str, Any], int]:
    named = event.get("type") if isinstance(event, dict) else None
    brief = {"type": named if isinstance(named, str) else None, "summary": f"<{why}>"}
    return brief, len(orjson.dumps(brief))


def _kept(event: Any, max_bytes: int) -> tuple[Any, int]:
    """The event as logged, and its size in bytes."""
    try:
        shown = summarised(event)
        size = len(orjson.dumps(shown))
    except (RecursionError, TypeError):  # nested deeper than the log walks (the client was told)
        return _brief(event, "nested too deeply to log")
    if size <= max_bytes:
        return shown, size
    return _brief(shown, f"{size} bytes: larger than the log's whole budget")


class EventLog:
    def __init__(self, *, capacity: int, max_bytes: int) -> None:
        self._events: deque[tuple[dict[str, Any], int]] = deque()
        self._capacity, self._max_bytes, self._bytes = capacity, max_bytes, 0
        self.dropped = 0
        self._lock = threading.Lock()  # read from the admin API's thread

    def record(self, direction: str, event: Any) -> None:
        shown, size = _kept(event, self._max_bytes)
        with self._lock:
            self._events.append(({"direction": direction, "event": shown}, size))
            self._bytes += size
            while len(self._events) > self._capacity or self._bytes > self._max_bytes:
                self._bytes -= self._events.popleft()[1]
                self.dropped += 1

    def entries(self) -> list[dict[str, Any]]:
        with self._lock:
            return [entry for entry, _ in self._events]
