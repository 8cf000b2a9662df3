"""The input audio buffer: bytes appended in the session's input format, on a clock that
counts every millisecond written on the connection (what audio_start_ms and
audio_end_ms are measured on). Bounded, so one client cannot hold unbounded memory."""

from __future__ import annotations

from mock_realtime.conversation import audio
from mock_realtime.conversation.refusals import buffer_full

MIN_COMMIT_MS = 100


class InputAudio:
    def __init__(self, *, capacity: int) -> None:
        self.codec = "pcm16"
        self._data = bytearray()
        self._capacity = capacity
        self.start_ms = 0.0  # where the buffered audio begins on the connection's clock

    @property
    def written_ms(self) -> float:
        return self.start_ms + self.buffered_ms

    @property
    def buffered_ms(self) -> float:
        return audio.duration_ms(len(self._data), self.codec)

    def append(self, data: bytes, codec: str) -> None:
        if codec != self.codec:  # a session.update changed the format: start afresh
            self.clear()
            self.codec = codec
        if len(self._data) + len(data) > self._capacity:
            raise buffer_full(self._capacity)
        self._data += data

    def take(self, until_ms: float | None = None) -> bytes:
        """The buffered audio up to `until_ms` (all of it by default); the buffer then starts there."""
        end = len(self._data) if until_ms is None else int((until_ms - self.start_ms) * audio.bytes_per_ms(self.codec))
        end = max(0, min(end - end % (2 if self.codec == "pcm16" else 1), len(self._data)))
        taken = bytes(self._data[:end])
        del self._data[:end]
        self.start_ms += audio.duration_ms(len(taken), self.codec)
        return taken

    def clear(self) -> None:
        self.start_ms = self.written_ms
        self._data.clear()
