"""A call's conversation, against an aiortc client: the same engine and scripted replies
as the WebSocket, its events on oai-events (each one checked strictly against the newest
SDK's GA models) without the audio deltas, whose audio is spoken on the call's track
instead; the client's microphone heard by server VAD; the engine stopped at hang-up."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

pytest.importorskip("aiortc", reason="needs the webrtc extra: pip install -e '.[webrtc]'")

from mock_realtime.web.server import ThreadedServer
from tests.helpers import AUTH
from tests.webrtc.calls import answer, mint
from tests.webrtc.client import WAIT, CallClient
from tests.websocket.sdk_events import sdk_event

AUDIO_DELTAS = {"response.output_audio.delta", "response.audio.delta"}
REPLY = "Roger, reading you five by five."


def _script(server: ThreadedServer, **reply: Any) -> None:
    response = httpx.post(f"{server.base_url}/__mock/replies", json={"text": REPLY, **reply})
    assert response.status_code < 300, response.text


async def _until(client: CallClient, event_type: str) -> list[dict[str, Any]]:
    """Every event up to and including the first of `event_type`, each strictly valid GA."""
    events = [await client.next_event()]
    while events[-1]["type"] != event_type:
        events.append(await client.next_event())
    for event in events:
        sdk_event(event, "ga")
    return events


def _spoken(done: dict[str, Any]) -> str:
    [item] = done["response"]["output"]
    [part] = item["content"]
    assert part["type"] == "output_audio"
    return str(part["transcript"])


def _talk(server: ThreadedServer, scenario: Any, *, loud_frames: int = 0) -> dict[str, Any]:
    key = mint(server)
    seen: dict[str, Any] = {}

    async def main() -> None:
        client, calls = CallClient(loud_frames=loud_frames), []
        try:
            await client.connect(lambda offer: answer(server, offer, key, calls))
            await client.next_event("session.created")
            await scenario(client, calls[0], seen)
        finally:
            await client.close()

    asyncio.run(main())
    return seen


def test_response_create_on_the_channel_speaks_the_scripted_reply_on_the_track(live_server: ThreadedServer) -> None:
    _script(live_server)

    async def scenario(client: CallClient, call_id: str, seen: dict[str, Any]) -> None:
        client.send({"type": "response.create", "event_id": "evt_c1"})
        seen["events"] = await _until(client, "response.done")
        await asyncio.wait_for(client.meter.loud.wait(), WAIT)
        seen["stopped"] = await _until(client, "output_audio_buffer.stopped")

    seen = _talk(live_server, scenario)
    events = seen["events"]
    types = [event["type"] for event in events]
    assert types[0] == "response.created"
    assert "response.output_audio_transcript.delta" in types
    assert "response.output_audio.done" in types
    assert AUDIO_DELTAS.isdisjoint(types)  # their audio went over RTP only
    assert AUDIO_DELTAS.isdisjoint(event["type"] for event in seen["stopped"])
    assert events[-1]["response"]["status"] == "completed"
    assert _spoken(events[-1]) == REPLY
    assert seen["stopped"][-1]["response_id"] == events[-1]["response"]["id"]


def test_speech_on_the_microphone_is_heard_by_server_vad_and_answered(live_server: ThreadedServer) -> None:
    _script(live_server)

    async def scenario(client: CallClient, call_id: str, seen: dict[str, Any]) -> None:
        seen["events"] = await _until(client, "response.done")
        await asyncio.wait_for(client.meter.loud.wait(), WAIT)

    seen = _talk(live_server, scenario, loud_frames=25)  # half a second of tone, then silence
    events = seen["events"]
    types = [event["type"] for event in events]
    started = types.index("input_audio_buffer.speech_started")
    stopped = types.index("input_audio_buffer.speech_stopped")
    assert started < stopped < types.index("input_audio_buffer.committed") < types.index("response.created")
    speech = events[started]
    assert speech["item_id"] == events[stopped]["item_id"]
    assert events[stopped]["audio_end_ms"] > speech["audio_start_ms"]
    assert AUDIO_DELTAS.isdisjoint(types)
    assert _spoken(events[-1]) == REPLY


def test_hanging_up_stops_the_engine_mid_response(live_server: ThreadedServer, app: Any) -> None:
    _script(live_server, text=" ".join([REPLY] * 20), pace_audio=True)  # a minute of paced speech

    async def scenario(client: CallClient, call_id: str, seen: dict[str, Any]) -> None:
        call = app.state.mock.calls.get(call_id)
        seen["engine"] = call.engine
        client.send({"type": "response.create"})
        await _until(client, "response.output_audio_transcript.delta")
        async with httpx.AsyncClient(base_url=live_server.base_url, headers=AUTH) as http:
            seen["hangup"] = await http.post(f"/v1/realtime/calls/{call_id}/hangup")
        seen["call_engine"] = call.engine

    seen = _talk(live_server, scenario)
    assert seen["hangup"].status_code == 200, seen["hangup"].text
    assert seen["call_engine"] is None
    # The hang-up returned after the engine ended its responses: none is still streaming.
    assert seen["engine"].streaming == 0
