"""One WebRTC call: the conversation behind it, the peer that carries it, and the
sideband sockets that watch and steer it. The call is the conversation's transport:
every event it sends goes to the data channel and to each sideband; the peer keeps
audio for its own track. The microphone goes to the conversation's engine, as appended
input audio, and the engine stops when the call ends."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any, Protocol

from mock_realtime.errors import APIError
from mock_realtime.ids import IdSource
from mock_realtime.websocket.connection import error_event, parse_event, server_event

Listener = Callable[[dict[str, Any]], None]


class Conversation(Protocol):
    """What answers a call's client events: the same engine as on the WebSocket."""

    session: dict[str, Any]

    def created(self) -> dict[str, Any]: ...

    async def receive(self, raw: str | bytes) -> None: ...


class Engine(Protocol):
    """The conversation engine behind the call: it hears the microphone and stops at hang-up."""

    async def hear(self, pcm16: bytes) -> None: ...

    async def stop(self) -> None: ...


class Peer(Protocol):
    """The peer connection, as the call sees it."""

    on_event: Listener

    def send(self, event: dict[str, Any]) -> None: ...

    def clear_audio(self) -> str | None: ...

    async def close(self) -> None: ...


class Call:
    def __init__(
        self, call_id: str, *, ids: IdSource, accepts: Callable[[dict[str, Any]], bool],
        on_end: Callable[[Call], None], secret: str | None = None,
    ) -> None:
        self.call_id = call_id
        self.secret = secret  # the ek_ key the call was opened with, if it was
        self.conversation: Conversation  # set once built, with this call as its transport
        self.engine: Engine | None = None  # the conversation's engine, until the call ends
        self._stopping: asyncio.Future[None] | None = None
        self._overflowing = False  # the input audio buffer was full at the last chunk
        self._ids = ids
        self._accepts = accepts  # whether the snapshot knows a client event (output_audio_buffer.clear)
        self._on_end = on_end
        self._listeners: list[Listener] = []
        self._end_watchers: list[Callable[[], None]] = []
        self.peer: Peer | None = None
        self.state = "connecting"
        self.microphone_ms = 0.0  # decoded microphone audio received so far

    @property
    def session(self) -> dict[str, Any]:
        return self.conversation.session

    def created(self) -> dict[str, Any]:
        """session.created with the session as it stands now."""
        return self.conversation.created()

    def attach(self, peer: Peer) -> None:
        self.peer = peer
        self._listeners.insert(0, peer.send)
        peer.on_event = self.emit

    def listen(self, listener: Listener) -> Callable[[], None]:
        """Send every later event to `listener` too; the returned function stops that."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def watch_end(self, watcher: Callable[[], None]) -> None:
        """Call `watcher` once when the call ends (at once if it has)."""
        if self.state == "ended":
            watcher()
        else:
            self._end_watchers.append(watcher)

    def emit(self, event: dict[str, Any]) -> None:
        for listener in list(self._listeners):
            listener(event)

    async def answer(self, raw: str | bytes) -> None:
        """One client event, from the data channel or a sideband socket."""
        if not self._clears_audio(raw):
            await self.conversation.receive(raw)

    # The conversation's transport: what it sends goes to the peer and every sideband
    async def send(self, event: dict[str, Any]) -> None:
        self.emit(event)

    async def close(self, code: int, reason: str) -> None:
        await self.hang_up()

    def stop_playback(self) -> None:
        """The call's track stops the reply it was playing, and says so (as a clear would)."""
        if self.peer is not None:
            response_id = self.peer.clear_audio()
            if response_id is not None:
                self.emit(server_event(self._ids, "output_audio_buffer.cleared", response_id=response_id))

    # CallHandler, driven by the peer
    async def opened(self) -> None:
        self.state = "active"
        self.emit(self.created())

    async def received(self, message: str | bytes) -> None:
        await self.answer(message)

    async def heard(self, pcm16: bytes) -> None:
        """Microphone audio, 24 kHz pcm16: counted, and heard by the engine as appended audio.
        A full input buffer is reported once, not once per chunk, until audio fits again."""
        self.microphone_ms += len(pcm16) / 48
        if self.engine is None:
            return
        try:
            await self.engine.hear(pcm16)
        except APIError as error:
            if not self._overflowing:
                self.emit(error_event(self._ids, error))
            self._overflowing = True
        else:
            self._overflowing = False

    def ended(self) -> None:
        if self.state != "ended":
            self.state = "ended"
            self._on_end(self)
            self._stop_engine()
            watchers, self._end_watchers = self._end_watchers, []
            for watcher in watchers:
                watcher()

    async def hang_up(self) -> None:
        self.ended()
        if self._stopping is not None:
            await self._stopping
        if self.peer is not None:
            await self.peer.close()

    def _stop_engine(self) -> None:
        """End the responses in flight; nothing more is heard or said on this call."""
        if self.engine is not None:
            engine, self.engine = self.engine, None
            self._stopping = asyncio.ensure_future(engine.stop())

    def _clears_audio(self, raw: str | bytes) -> bool:
        """output_audio_buffer.clear, where the snapshot knows it: the peer owns the audio."""
        with contextlib.suppress(APIError):
            event = parse_event(raw)
            if event.get("type") == "output_audio_buffer.clear" and self._accepts(event) and self.peer:
                response_id = self.peer.clear_audio()
                self.emit(server_event(self._ids, "output_audio_buffer.cleared", response_id=response_id or ""))
                return True
        return False
