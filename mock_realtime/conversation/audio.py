"""Audio in the session's formats: pcm16 (24 kHz, 16-bit little-endian mono) and G.711
µ-law / A-law (8 kHz, one byte per sample: telephony's rate, which is what SIP and
Twilio bridges send the Realtime API).

`speak(word)` makes a word's worth of voice-like sound: a pitched, harmonic tone under a
smooth envelope, so a reply is audibly non-silent, has syllable-like loudness changes a
VAD can find, and is the same every time for the same text."""

from __future__ import annotations

from functools import lru_cache

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


def from_pcm16(pcm16: bytes, codec: str) -> bytes:
    """24 kHz pcm16 in `codec`; G.711 keeps every third sample (8 kHz), which is enough
    for voice detection and needs no filter."""
    samples = decode(pcm16, "pcm16")
    step = _SAMPLE_RATE["pcm16"] // _SAMPLE_RATE[codec]
    return encode(samples[::step], codec)


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


def _length_ms(word: str) -> int:
    return min(max(len(word.strip()) * _MS_PER_LETTER, _WORD_MS[0]), _WORD_MS[1])


def speak(word: str, rate: int) -> Samples:
    """One word of voice-like sound at `rate` samples a second, then a short pause."""
    return _tone(_length_ms(word), _pitch(word), rate)


def _tone(milliseconds: int, pitch: float, rate: int) -> Samples:
    time = np.arange(rate * milliseconds // 1000) / rate
    tone = sum(np.sin(2 * np.pi * pitch * harmonic * time) / harmonic for harmonic in (1, 2, 3, 4))
    envelope = np.sqrt(np.abs(np.sin(np.pi * time / time[-1])))
    voiced = tone / 2.1 * envelope * _LOUDNESS * 32767
    pause = np.zeros(rate * _GAP_MS // 1000)
    return np.concatenate([voiced, pause]).astype(np.int16)


def spoken(word: str, codec: str) -> bytes:
    """`speak(word)` encoded in `codec`. A word's sound depends only on its length and
    pitch, so a reply repeats a few hundred sounds at most: each is made once and kept (up
    to _KEPT_SOUNDS, about 15 MB at the longest pcm16 words), since making one costs more
    than streaming it."""
    return _encoded_tone(_length_ms(word), _pitch(word), codec)


_KEPT_SOUNDS = 512


@lru_cache(maxsize=_KEPT_SOUNDS)
def _encoded_tone(milliseconds: int, pitch: float, codec: str) -> bytes:
    return encode(_tone(milliseconds, pitch, sample_rate(codec)), codec)
