"""An aiortc client for a call, as an app's server or a browser would be: it offers an
`oai-events` data channel and a microphone, and meters the audio it is sent."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from aiortc import RTCConfiguration, RTCDataChannel, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamTrack

from mock_realtime.webrtc.candidates import offering
from tests.webrtc.media import Meter, ToneMicrophone

WAIT = 15.0  # seconds; ICE and DTLS on loopback take well under one


class CallClient:
    def __init__(self, *, loud_frames: int = 0) -> None:
        self.connection = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.channel: RTCDataChannel = self.connection.createDataChannel("oai-events")
        self.events: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.meter = Meter()
        self.connection.addTrack(ToneMicrophone(loud_frames=loud_frames))
        self.channel.on("message", lambda text: self.events.put_nowait(orjson.loads(text)))
        self.connection.on("track", self._on_track)
        self._readers: set[asyncio.Task[None]] = set()

    def _on_track(self, track: MediaStreamTrack) -> None:
        task = asyncio.ensure_future(self.meter.read(track))
        self._readers.add(task)

    async def offer(self) -> str:
        """The offer, gathered on loopback only."""
        with offering(("127.0.0.1",)):
            await self.connection.setLocalDescription(await self.connection.createOffer())
        return self.connection.localDescription.sdp

    async def connect(self, answer: Callable[[str], Awaitable[str]]) -> None:
        """Offer, hand the offer to `answer`, and apply the SDP it returns."""
        sdp = await answer(await self.offer())
        await self.connection.setRemoteDescription(RTCSessionDescription(sdp, "answer"))

    async def next_event(self, event_type: str | None = None) -> dict[str, Any]:
        """The next event on oai-events (of `event_type`, skipping others)."""
        while True:
            event = await asyncio.wait_for(self.events.get(), WAIT)
            if event_type is None or event["type"] == event_type:
                return event

    def send(self, event: dict[str, Any]) -> None:
        self.channel.send(orjson.dumps(event).decode())

    async def close(self) -> None:
        for task in self._readers:
            task.cancel()
        await self.connection.close()
