"""Energy-based voice activity detection over the appended input audio.

The real server runs a model; the mock measures loudness, which is what a test can
control exactly. Audio is cut into 10 ms frames. A frame is speech when its RMS level,
in dB relative to full scale, is at least `60 * (threshold - 1)`: the default threshold
0.5 needs -30 dBFS, 0.9 needs -6 dBFS, so "a higher threshold requires louder audio",
as OpenAI documents. Speech starts at its first loud frame; `audio_start_ms` is that
moment less `prefix_padding_ms` (never before the buffer began). Speech stops once
`silence_duration_ms` of quiet frames have followed it; `audio_end_ms` is the end of that
silence, so it includes the silence duration, as OpenAI's does. Times count from the
first audio written on the connection."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mock_realtime.conversation.audio import Samples

FRAME_MS = 10
_SEMANTIC_SILENCE_MS = {"low": 2000, "medium": 800, "high": 300, "auto": 800}


@dataclass(frozen=True)
class Started:
    audio_start_ms: int


@dataclass(frozen=True)
class Stopped:
    audio_end_ms: int


def _speech_level_db(threshold: float) -> float:
    return 60.0 * (threshold - 1.0)


def _level_db(frame: Samples) -> float:
    rms = math.sqrt(float(np.mean(np.square(frame.astype(np.float64))))) / 32768
    return 20 * math.log10(rms) if rms > 0 else -math.inf


@dataclass
class VoiceActivity:
    """One connection's detector; `listen` takes each appended chunk in order."""

    rate: int
    threshold: float = 0.5
    prefix_padding_ms: int = 300
    silence_duration_ms: int = 500
    speaking: bool = False
    _silence_ms: int = 0
    floor_ms: int = 0  # speech cannot start before the audio buffer does
    _pending: Samples = field(default_factory=lambda: np.zeros(0, dtype=np.int16))
    _position_ms: int = 0  # the start of _pending, on the connection's audio clock

    @classmethod
    def from_config(cls, config: dict[str, Any], rate: int, position_ms: int) -> VoiceActivity:
        """Settings from a server_vad or semantic_vad turn_detection object."""
        if config.get("type") == "semantic_vad":
            silence = _SEMANTIC_SILENCE_MS.get(str(config.get("eagerness", "auto")), 800)
            return cls(rate=rate, silence_duration_ms=silence, floor_ms=position_ms, _position_ms=position_ms)
        return cls(
            rate=rate, threshold=float(config.get("threshold", 0.5)),
            prefix_padding_ms=int(config.get("prefix_padding_ms", 300)),
            silence_duration_ms=int(config.get("silence_duration_ms", 500)),
            floor_ms=position_ms, _position_ms=position_ms,
        )

    def listen(self, samples: Samples) -> list[Started | Stopped]:
        """Speech starts and stops found in this chunk, in order."""
        frame = self.rate * FRAME_MS // 1000
        audio = np.concatenate([self._pending, samples])
        whole = len(audio) - len(audio) % frame
        found: list[Started | Stopped] = []
        for start in range(0, whole, frame):
            change = self._frame(audio[start:start + frame])
            if change is not None:
                found.append(change)
            self._position_ms += FRAME_MS
        self._pending = audio[whole:]
        return found

    def _frame(self, frame: Samples) -> Started | Stopped | None:
        loud = _level_db(frame) >= _speech_level_db(self.threshold)
        if not self.speaking:
            if not loud:
                return None
            self.speaking, self._silence_ms = True, 0
            return Started(max(self.floor_ms, self._position_ms - self.prefix_padding_ms))
        self._silence_ms = 0 if loud else self._silence_ms + FRAME_MS
        if self._silence_ms < self.silence_duration_ms:
            return None
        self.speaking = False
        self.floor_ms = self._position_ms + FRAME_MS
        return Stopped(self.floor_ms)
