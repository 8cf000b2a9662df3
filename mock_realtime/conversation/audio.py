"""Audio in the session's formats: pcm16 (24 kHz, 16-bit little-endian mono) and G.711
µ-law / A-law (8 kHz, one byte per sample: telephony's rate, which is what SIP and
Twilio bridges send the Realtime API).

`speak(word)` makes a word's worth of voice-like sound: a pitched, harmonic tone under a
smooth envelope, so a reply is audibly non-silent, has syllable-like loudness changes a
VAD can find, and is the same every time for the same text."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from mock_realtime.conversation import g711

Samples = npt.NDArray[np.int16]
_BYTES_PER_SAMPLE = {"pcm16": 2, "g711_ulaw": 1, "g711_alaw": 1}
_SAMPLE_RATE = {"pcm16": 24_000, "g711_ulaw": 8_000, "g711_alaw": 8_000}
_MS_PER_LETTER = 60
_WORD_MS = (120, 600)
_GAP_MS = 40
_LOUDNESS = 0.3  # of full scale: about -13 dBFS at the peak, -19 dBFS RMS


def sample_rate(codec: str) -> int:
    return _SAMPLE_RATE[codec]


def bytes_per_ms(codec: str) -> float:
    return _BYTES_PER_SAMPLE[codec] * _SAMPLE_RATE[codec] / 1000


def duration_ms(size: int, codec: str) -> float:
    return size / bytes_per_ms(codec)


def encode(samples: Samples, codec: str) -> bytes:
    if codec == "g711_ulaw":
        return g711.ulaw_encode(samples)
    if codec == "g711_alaw":
        return g711.alaw_encode(samples)
    return samples.astype("<i2").tobytes()


def decode(data: bytes, codec: str) -> Samples:
    if codec == "g711_ulaw":
        return g711.ulaw_decode(data)
    if codec == "g711_alaw":
        return g711.alaw_decode(data)
    usable = len(data) - len(data) % 2  # a trailing odd byte is half a sample
    return np.frombuffer(data[:usable], dtype="<i2").astype(np.int16)


def _pitch(word: str) -> float:
    # From the letters, not hash(): Python salts str hashes per process.
    return 110.0 + sum(map(ord, word)) % 110


def speak(word: str, rate: int) -> Samples:
    """One word of voice-like sound at `rate` samples a second, then a short pause."""
    milliseconds = min(max(len(word.strip()) * _MS_PER_LETTER, _WORD_MS[0]), _WORD_MS[1])
    time = np.arange(rate * milliseconds // 1000) / rate
    pitch = _pitch(word)
    tone = sum(np.sin(2 * np.pi * pitch * harmonic * time) / harmonic for harmonic in (1, 2, 3, 4))
    envelope = np.sqrt(np.abs(np.sin(np.pi * time / time[-1])))
    voiced = tone / 2.1 * envelope * _LOUDNESS * 32767
    pause = np.zeros(rate * _GAP_MS // 1000)
    return np.concatenate([voiced, pause]).astype(np.int16)
