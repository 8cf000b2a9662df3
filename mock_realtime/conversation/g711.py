"""G.711 µ-law and A-law, as numpy lookup tables: 16-bit PCM in, one byte per sample out,
and back. The segment tables are ITU-T G.711's, in the form of Sun's reference g711.c,
so the bytes match what `audioop.lin2ulaw` / `lin2alaw` produced (audioop is deprecated)."""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt

Samples = npt.NDArray[np.int16]

_ULAW_SEGMENT_ENDS = np.array([0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF])
_ALAW_SEGMENT_ENDS = np.array([0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF])
_ULAW_BIAS = 0x84
_ULAW_CLIP = 8159


def _all_samples() -> npt.NDArray[np.int64]:
    return np.arange(-32768, 32768, dtype=np.int64)


def _segment(magnitude: npt.NDArray[np.int64], ends: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    return np.searchsorted(ends, magnitude, side="left").astype(np.int64)


@cache
def _ulaw_table() -> npt.NDArray[np.uint8]:
    value = _all_samples() >> 2  # 14-bit
    mask = np.where(value < 0, 0x7F, 0xFF)
    magnitude = np.minimum(np.abs(value), _ULAW_CLIP) + (_ULAW_BIAS >> 2)
    segment = _segment(magnitude, _ULAW_SEGMENT_ENDS)
    code = np.where(segment >= 8, 0x7F, (segment << 4) | ((magnitude >> (segment + 1)) & 0xF))
    return (code ^ mask).astype(np.uint8)


@cache
def _alaw_table() -> npt.NDArray[np.uint8]:
    value = _all_samples() >> 3  # 13-bit
    mask = np.where(value >= 0, 0xD5, 0x55)
    magnitude = np.where(value >= 0, value, -value - 1)
    segment = _segment(magnitude, _ALAW_SEGMENT_ENDS)
    shift = np.where(segment < 2, 1, segment)
    code = np.where(segment >= 8, 0x7F, (segment << 4) | ((magnitude >> shift) & 0xF))
    return (code ^ mask).astype(np.uint8)


@cache
def _ulaw_decode_table() -> Samples:
    code = ~np.arange(256, dtype=np.int64) & 0xFF
    magnitude = (((code & 0x0F) << 3) + _ULAW_BIAS) << ((code & 0x70) >> 4)
    return np.where(code & 0x80, _ULAW_BIAS - magnitude, magnitude - _ULAW_BIAS).astype(np.int16)


@cache
def _alaw_decode_table() -> Samples:
    code = np.arange(256, dtype=np.int64) ^ 0x55
    segment = (code & 0x70) >> 4
    base = ((code & 0x0F) << 4) + np.where(segment == 0, 8, 0x108)
    magnitude = np.where(segment > 1, base << np.maximum(segment - 1, 0), base)
    return np.where(code & 0x80, magnitude, -magnitude).astype(np.int16)


def _index(samples: Samples) -> npt.NDArray[np.int64]:
    return samples.astype(np.int64) + 32768


def ulaw_encode(samples: Samples) -> bytes:
    return bytes(_ulaw_table()[_index(samples)])


def alaw_encode(samples: Samples) -> bytes:
    return bytes(_alaw_table()[_index(samples)])


def ulaw_decode(data: bytes) -> Samples:
    return _ulaw_decode_table()[np.frombuffer(data, dtype=np.uint8)]


def alaw_decode(data: bytes) -> Samples:
    return _alaw_decode_table()[np.frombuffer(data, dtype=np.uint8)]
