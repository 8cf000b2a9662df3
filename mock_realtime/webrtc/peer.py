"""One call's peer connection: answers the client's SDP offer, carries events on the
`oai-events` data channel and audio on RTP. It knows nothing of sessions or replies:
a CallHandler gets what arrives, and `send` routes what the handler emits."""

from __future__ import annotations

import asyncio
import base64
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

import orjson
from aiortc import RTCConfiguration, RTCDataChannel, RTCPeerConnection, RTCSessionDescription
from aiortc.exceptions import InvalidStateError
from aiortc.mediastreams import MediaStreamTrack

from mock_realtime.webrtc.audio import Microphone, Speaker
from mock_realtime.webrtc.candidates import offering
from mock_realtime.webrtc.offer import OfferRejected, check_offer, without_mdns_candidates

EVENTS_CHANNEL = "oai-events"
# Audio goes over RTP on a call, so its deltas never reach the data channel (as on the
# real API); their `done` events do, and end the speaker's queue for that response.
AUDIO_DELTAS = frozenset({"response.output_audio.delta", "response.audio.delta"})
AUDIO_DONE = frozenset({"response.output_audio.done", "response.audio.done"})
# The user talking over the mock cuts its voice off, as on the real API.
# Events held for a data channel that is not open yet, and client messages waiting for
# the handler: past these bounds the oldest pending event, or the newest message, is dropped.
MAX_PENDING_EVENTS = 256
MAX_INBOX_MESSAGES = 1024


class CallHandler(Protocol):
    """What drives a call: the conversation behind it, seen from the transport."""

    async def opened(self) -> None:
        """The data channel is open: the first events may go out."""

    async def received(self, message: str | bytes) -> None:
        """One message from the data channel, in arrival order."""

    async def heard(self, pcm16: bytes) -> None:
        """Decoded microphone audio, 24 kHz mono pcm16, about 100 ms at a time."""

    def ended(self) -> None:
        """The connection closed or failed; nothing more will arrive."""


class CallPeer:
    def __init__(self, *, addresses: tuple[str, ...], new_event_id: Callable[[], str]) -> None:
        self._addresses = addresses
        self._new_event_id = new_event_id
        self._connection = RTCPeerConnection(RTCConfiguration(iceServers=[]))  # no STUN, no TURN
        self.speaker = Speaker(self._on_playback)
        self._channel: RTCDataChannel | None = None
        self._pending: deque[str] = deque(maxlen=MAX_PENDING_EVENTS)
        self._inbox: asyncio.Queue[str | bytes] = asyncio.Queue(MAX_INBOX_MESSAGES)
        self._tasks: set[asyncio.Task[None]] = set()
        self._handler: CallHandler | None = None
        # Where the peer's own events (output_audio_buffer.*) go: back through the call,
        # so sidebands see them too, when a call has taken this over.
        self.on_event: Callable[[dict[str, Any]], None] = self.send

    async def answer(self, offer_sdp: str, handler: CallHandler) -> str:
        """The SDP answer to `offer_sdp`; from here on `handler` hears this call.
        Raises OfferRejected when the offer cannot be answered."""
        check_offer(offer_sdp)
        self._handler = handler
        self._wire(self._connection)
        self._connection.addTrack(self.speaker)
        offer = RTCSessionDescription(without_mdns_candidates(offer_sdp), "offer")
        with offering(self._addresses):
            try:
                await self._connection.setRemoteDescription(offer)
            except (ValueError, LookupError, InvalidStateError) as error:
                raise OfferRejected(f"The SDP offer could not be answered: {error}") from error
            await self._connection.setLocalDescription(await self._connection.createAnswer())
        self._spawn(self._deliver())
        return self._connection.localDescription.sdp

    def send(self, event: dict[str, Any]) -> None:
        """Route one server event: audio to the speaker, everything else to the data channel."""
        kind = event.get("type")
        if kind in AUDIO_DELTAS:
            self.speaker.play(str(event.get("response_id")), base64.b64decode(event.get("delta") or ""))
            return
        if kind in AUDIO_DONE:
            self.speaker.finish(str(event.get("response_id")))
        self._deliver_text(orjson.dumps(event).decode())

    def _deliver_text(self, text: str) -> None:
        if self._channel is not None and self._channel.readyState == "open":
            self._channel.send(text)
        else:
            self._pending.append(text)

    def clear_audio(self) -> str | None:
        """Cut off the speech being played; the id of its response, if any was playing."""
        return self.speaker.clear()

    async def close(self) -> None:
        current = asyncio.current_task()
        for task in list(self._tasks):
            if task is not current:
                task.cancel()
        self.speaker.stop()
        await self._connection.close()

    def _wire(self, connection: RTCPeerConnection) -> None:
        connection.on("datachannel", self._on_channel)
        connection.on("track", self._on_track)
        connection.on("connectionstatechange", self._on_state)

    def _on_channel(self, channel: RTCDataChannel) -> None:
        if channel.label != EVENTS_CHANNEL:
            return  # the API speaks only on oai-events; another channel is left unanswered
        self._channel = channel
        channel.on("message", self._on_message)
        channel.on("open", lambda: self._spawn(self._open(channel)))
        if channel.readyState == "open":
            self._spawn(self._open(channel))

    def _on_message(self, message: str | bytes) -> None:
        if not self._inbox.full():
            self._inbox.put_nowait(message)

    async def _open(self, channel: RTCDataChannel) -> None:
        assert self._handler is not None
        while self._pending:
            channel.send(self._pending.popleft())
        await self._handler.opened()

    def _on_track(self, track: MediaStreamTrack) -> None:
        if track.kind == "audio" and self._handler is not None:
            self._spawn(Microphone(self._handler.heard).listen(track))

    def _on_state(self) -> None:
        if self._connection.connectionState not in ("failed", "closed"):
            return
        if self._handler is not None:
            handler, self._handler = self._handler, None
            handler.ended()
        self._spawn(self.close())  # a failed connection still holds its sockets until closed

    async def _deliver(self) -> None:
        """Hand data-channel messages to the handler one at a time, in order."""
        while True:
            message = await self._inbox.get()
            if self._handler is not None:
                await self._handler.received(message)

    def _on_playback(self, event_type: str, response_id: str) -> None:
        self.on_event({"event_id": self._new_event_id(), "type": event_type, "response_id": response_id})

    def _spawn(self, work: Any) -> None:
        task: asyncio.Task[None] = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
