"""The call peer on its own, against an aiortc client over loopback: the SDP answer, the
data channel both ways, the microphone decoded for voice detection, and the speaker."""

from __future__ import annotations

import asyncio
import base64
import itertools
import re
from collections.abc import Awaitable, Callable

import pytest

pytest.importorskip("aiortc", reason="needs the webrtc extra: pip install -e '.[webrtc]'")

from mock_realtime.webrtc.peer import CallPeer
from tests.webrtc.client import WAIT, CallClient
from tests.webrtc.media import pitch, rms, tone


class Handler:
    """Records what the peer hands it; greets the client when the channel opens."""

    def __init__(self, peer: CallPeer) -> None:
        self.peer = peer
        self.messages: asyncio.Queue[str | bytes] = asyncio.Queue()
        self.speech = asyncio.Event()
        self.heard_bytes = 0
        self.chunks: list[int] = []
        self.loud: list[bytes] = []

    async def opened(self) -> None:
        self.peer.send({"event_id": "event_1", "type": "session.created"})

    async def received(self, message: str | bytes) -> None:
        self.messages.put_nowait(message)

    async def heard(self, pcm16: bytes) -> None:
        self.chunks.append(len(pcm16))
        if rms(pcm16) > 1000:
            self.loud.append(pcm16)
        self.heard_bytes += len(pcm16)
        if rms(pcm16) > 1000:
            self.speech.set()

    def ended(self) -> None:
        pass


def _peer() -> CallPeer:
    counter = itertools.count(1)
    return CallPeer(addresses=("127.0.0.1",), new_event_id=lambda: f"event_p{next(counter)}")


def _run(scenario: Callable[[CallPeer, Handler, CallClient], Awaitable[None]], *, loud_frames: int = 0) -> None:
    async def main() -> None:
        peer = _peer()
        handler = Handler(peer)
        client = CallClient(loud_frames=loud_frames)
        try:
            await client.connect(lambda offer: peer.answer(offer, handler))
            await scenario(peer, handler, client)
        finally:
            await client.close()
            await peer.close()

    asyncio.run(main())


def test_peer_answer_offers_loopback_host_candidates_only() -> None:
    answers: list[str] = []

    async def scenario(peer: CallPeer, handler: Handler, client: CallClient) -> None:
        answers.append(client.connection.remoteDescription.sdp)

    _run(scenario)
    candidates = re.findall(r"^a=candidate:\S+ \d+ (\S+) \d+ (\S+) \d+ typ (\S+)", answers[0], re.MULTILINE)
    assert candidates
    assert {(address, kind) for _, address, kind in candidates} == {("127.0.0.1", "host")}


def test_peer_data_channel_carries_events_both_ways_in_order() -> None:
    async def scenario(peer: CallPeer, handler: Handler, client: CallClient) -> None:
        assert await client.next_event() == {"event_id": "event_1", "type": "session.created"}
        for n in range(3):
            client.send({"type": "session.update", "event_id": f"c{n}"})
        received = [await asyncio.wait_for(handler.messages.get(), WAIT) for _ in range(3)]
        assert received == [f'{{"type":"session.update","event_id":"c{n}"}}' for n in range(3)]

    _run(scenario)


def test_peer_decodes_the_microphone_to_24khz_pcm16() -> None:
    async def scenario(peer: CallPeer, handler: Handler, client: CallClient) -> None:
        await asyncio.wait_for(handler.speech.wait(), WAIT)
        assert handler.heard_bytes % 2 == 0
        # 100 ms of 24 kHz pcm16 (4,800 bytes) or a little more, as whole 48 kHz frames resample
        assert all(4800 <= size < 4800 + 960 for size in handler.chunks), handler.chunks
        # The client's 440 Hz tone is still 440 Hz when read as 24 kHz: resampled, not sped up
        assert pitch(handler.loud[0], rate=24_000) == pytest.approx(440, abs=25)

    _run(scenario, loud_frames=50)


def _speak(peer: CallPeer, seconds: float) -> None:
    delta = base64.b64encode(tone(seconds=seconds)).decode()
    peer.send({"event_id": "event_d", "type": "response.output_audio.delta", "response_id": "resp_1", "delta": delta})
    peer.send({"event_id": "event_e", "type": "response.output_audio.done", "response_id": "resp_1"})


def test_peer_speaks_audio_deltas_on_its_track_not_the_channel() -> None:
    async def scenario(peer: CallPeer, handler: Handler, client: CallClient) -> None:
        await client.next_event("session.created")
        _speak(peer, 0.4)
        seen = [await client.next_event() for _ in range(3)]
        assert [(e["type"], e.get("response_id")) for e in seen] == [
            ("response.output_audio.done", "resp_1"),
            ("output_audio_buffer.started", "resp_1"),
            ("output_audio_buffer.stopped", "resp_1"),
        ]
        await asyncio.wait_for(client.meter.loud.wait(), WAIT)
        # 24 kHz speech arrives as 48 kHz Opus at the same pitch
        assert pitch(b"".join(client.meter.heard), rate=48_000) == pytest.approx(440, abs=25)

    _run(scenario)


def test_peer_clear_cuts_off_the_speech_being_played() -> None:
    async def scenario(peer: CallPeer, handler: Handler, client: CallClient) -> None:
        await client.next_event("session.created")
        _speak(peer, 30.0)
        await client.next_event("output_audio_buffer.started")
        assert peer.clear_audio() == "resp_1"
        assert peer.clear_audio() is None

    _run(scenario)




def test_peer_keeps_speaking_through_the_users_speech_until_told_to_stop() -> None:
    """Whether speech interrupts is the session's to say (turn_detection.interrupt_response):
    the call stops the track when it does, through clear_audio."""
    async def scenario(peer: CallPeer, handler: Handler, client: CallClient) -> None:
        await client.next_event("session.created")
        _speak(peer, 30.0)
        await client.next_event("output_audio_buffer.started")
        peer.send({"event_id": "event_s", "type": "input_audio_buffer.speech_started", "audio_start_ms": 0,
                   "item_id": "item_1"})
        assert (await client.next_event())["type"] == "input_audio_buffer.speech_started"
        assert peer.clear_audio() == "resp_1"  # it was still playing

    _run(scenario)
