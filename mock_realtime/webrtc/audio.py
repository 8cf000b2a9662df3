"""Audio between RTP and the conversation: the mock's speaker track and the client's
microphone, both as 24 kHz mono pcm16, the format the conversation speaks and hears.

aiortc's Opus codec runs at 48 kHz and resamples whatever the speaker hands it; the
microphone's decoded 48 kHz frames are resampled here to 24 kHz for voice detection."""

from __future__ import annotations

import asyncio
import fractions
from collections import deque
from collections.abc import Awaitable, Callable

import av
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

SAMPLE_RATE = 24_000
FRAME_SAMPLES = SAMPLE_RATE // 50  # 20 ms, the packet time WebRTC audio uses
FRAME_BYTES = FRAME_SAMPLES * 2
# Bounds what one call can hold: five minutes of queued speech.
MAX_QUEUED_BYTES = SAMPLE_RATE * 2 * 300

# (event type, response id): output_audio_buffer.started / .stopped as the track plays.
PlaybackListener = Callable[[str, str], None]


class Speaker(MediaStreamTrack):
    """The mock's outgoing track: queued speech in real time, silence when idle."""

    kind = "audio"

    def __init__(self, on_playback: PlaybackListener) -> None:
        super().__init__()
        self._on_playback = on_playback
        self._queue: deque[tuple[str, bytes]] = deque()
        self._queued = 0
        self._finished: set[str] = set()
        self._playing: str | None = None
        self._pts = 0
        self._start: float | None = None

    def play(self, response_id: str, pcm16: bytes) -> None:
        """Queue speech for `response_id`; past the bound, the rest is dropped."""
        room = MAX_QUEUED_BYTES - self._queued
        chunk = pcm16[: max(room, 0)]
        if chunk:
            self._queue.append((response_id, chunk))
            self._queued += len(chunk)

    def finish(self, response_id: str) -> None:
        """No more audio will come for `response_id`: stop once its queue drains."""
        self._finished.add(response_id)

    def clear(self) -> str | None:
        """Drop all queued speech; the id of the response that was playing, if any."""
        playing, self._playing = self._playing, None
        self._queue.clear()
        self._queued = 0
        return playing

    async def recv(self) -> av.AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        await self._pace()
        frame = av.AudioFrame(format="s16", layout="mono", samples=FRAME_SAMPLES)
        plane = frame.planes[0]
        plane.update(self._next_frame().ljust(plane.buffer_size, b"\0"))
        frame.sample_rate = SAMPLE_RATE
        frame.pts = self._pts
        frame.time_base = fractions.Fraction(1, SAMPLE_RATE)
        self._pts += FRAME_SAMPLES
        return frame

    async def _pace(self) -> None:
        """Hand out one 20 ms frame per 20 ms of wall time, as a real sender does."""
        loop = asyncio.get_running_loop()
        if self._start is None:
            self._start = loop.time()
        await asyncio.sleep(max(0.0, self._start + self._pts / SAMPLE_RATE - loop.time()))

    def _next_frame(self) -> bytes:
        frame = bytearray()
        while len(frame) < FRAME_BYTES and self._queue:
            response_id, chunk = self._queue.popleft()
            self._started(response_id)
            taken = chunk[: FRAME_BYTES - len(frame)]
            frame += taken
            if len(taken) < len(chunk):
                self._queue.appendleft((response_id, chunk[len(taken):]))
            self._queued -= len(taken)
        if not self._queue and self._playing in self._finished:
            self._finished.discard(self._playing)
            self._on_playback("output_audio_buffer.stopped", self._playing)
            self._playing = None
        return bytes(frame).ljust(FRAME_BYTES, b"\0")

    def _started(self, response_id: str) -> None:
        if self._playing != response_id:
            if self._playing is not None:  # the next response's audio ends this one's
                self._finished.discard(self._playing)
                self._on_playback("output_audio_buffer.stopped", self._playing)
            self._playing = response_id
            self._on_playback("output_audio_buffer.started", response_id)


# The microphone is handed on in 100 ms chunks, the size realtime frameworks append.
CHUNK_BYTES = SAMPLE_RATE * 2 // 10


class Microphone:
    """Turns the client's decoded frames into 24 kHz mono pcm16 for the listener."""

    def __init__(self, listener: Callable[[bytes], Awaitable[None]]) -> None:
        self._listener = listener
        self._resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        self._pending = bytearray()

    async def listen(self, track: MediaStreamTrack) -> None:
        """Read `track` until it ends."""
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            assert isinstance(frame, av.AudioFrame)
            for resampled in self._resampler.resample(frame):
                self._pending += bytes(resampled.planes[0])[: resampled.samples * 2]
            if len(self._pending) >= CHUNK_BYTES:
                chunk, self._pending = bytes(self._pending), bytearray()
                await self._listener(chunk)
