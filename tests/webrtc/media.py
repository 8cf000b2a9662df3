"""Test-side media for a call: a client microphone playing a tone, and a meter for the
audio the mock speaks. Both run at WebRTC's real pace, as a browser's would."""

from __future__ import annotations

import array
import asyncio
import fractions
import itertools
import math

import av
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

RATE = 48_000
FRAME = RATE // 50  # 20 ms


def tone(*, seconds: float, rate: int = 24_000, hz: float = 440.0, amplitude: int = 8000) -> bytes:
    """A sine as mono pcm16: loud enough for any energy threshold the notes mention."""
    count = int(seconds * rate)
    samples = array.array("h", (int(amplitude * math.sin(2 * math.pi * hz * i / rate)) for i in range(count)))
    return samples.tobytes()


def rms(pcm16: bytes) -> float:
    samples = array.array("h", pcm16[: len(pcm16) // 2 * 2])
    return math.sqrt(sum(s * s for s in samples) / len(samples)) if samples else 0.0


def pitch(pcm16: bytes, *, rate: int = 24_000) -> float:
    """The frequency of a pure tone, from its zero crossings (two per period)."""
    samples = array.array("h", pcm16[: len(pcm16) // 2 * 2])
    crossings = sum(1 for a, b in itertools.pairwise(samples) if (a < 0) != (b < 0))
    return crossings / 2 / (len(samples) / rate)


class ToneMicrophone(MediaStreamTrack):
    """A client microphone: `loud_frames` of tone, then silence, paced in real time."""

    kind = "audio"

    def __init__(self, *, loud_frames: int) -> None:
        super().__init__()
        self._loud_frames = loud_frames
        self._sent = 0
        self._tone = tone(seconds=FRAME / RATE, rate=RATE)
        self._start: float | None = None

    async def recv(self) -> av.AudioFrame:
        loop = asyncio.get_running_loop()
        self._start = self._start if self._start is not None else loop.time()
        await asyncio.sleep(max(0.0, self._start + self._sent * FRAME / RATE - loop.time()))
        frame = av.AudioFrame(format="s16", layout="mono", samples=FRAME)
        pcm = self._tone if self._sent < self._loud_frames else bytes(FRAME * 2)
        frame.planes[0].update(pcm.ljust(frame.planes[0].buffer_size, b"\0"))
        frame.sample_rate, frame.pts, frame.time_base = RATE, self._sent * FRAME, fractions.Fraction(1, RATE)
        self._sent += 1
        return frame


class Meter:
    """Reads the mock's track; `loud` is set once a frame is louder than `threshold`."""

    def __init__(self, *, threshold: float = 500.0) -> None:
        self.threshold = threshold
        self.loud = asyncio.Event()
        self.quiet_frames = 0
        self.heard: list[bytes] = []  # loud frames, first channel only, at RATE

    async def read(self, track: MediaStreamTrack) -> None:
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            assert isinstance(frame, av.AudioFrame)
            channels = len(frame.layout.channels)
            pcm = bytes(frame.planes[0])[: frame.samples * 2 * channels]
            if rms(pcm) > self.threshold:
                self.heard.append(array.array("h", pcm)[::channels].tobytes())
                self.loud.set()
            else:
                self.quiet_frames += 1
