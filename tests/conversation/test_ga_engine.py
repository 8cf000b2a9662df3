"""The engine speaking GA, driven in-process with the live GA session.created's session
(CONTRACT-NOTES-GA §3.4): GA names and item shapes (§2.1), the §6.4 order the frameworks
need, and every event strictly valid for `openai.types.realtime.RealtimeServerEvent` and
for contracts/protocols/ga.events.schema.json."""

from __future__ import annotations

import asyncio
import base64
import copy
import json
from collections.abc import Callable, Sequence
from typing import Any

import jsonschema
import numpy as np
import pytest

from mock_realtime.contract.snapshot import contracts_dir
from mock_realtime.conversation.engine import Conversation
from mock_realtime.conversation.replies import ReplyQueue
from mock_realtime.conversation.vocabulary import load_vocabulary
from mock_realtime.ids import IdSource
from tests.conversation.helpers import SDK_EVENTS, pcm16_chunks, silence, tone, types_of

GA_SESSION: dict[str, Any] = {
    "type": "realtime", "object": "realtime.session", "id": "sess_Ct1OVZ9vNW62W3cUpSCqj", "model": "gpt-realtime",
    "output_modalities": ["audio"], "instructions": "Be brief.", "tools": [], "tool_choice": "auto",
    "max_output_tokens": "inf", "tracing": None, "truncation": "auto", "prompt": None, "expires_at": 1767233035,
    "audio": {
        "input": {"format": {"type": "audio/pcm", "rate": 24000}, "transcription": None, "noise_reduction": None,
                  "turn_detection": {"type": "server_vad", "threshold": 0.5, "prefix_padding_ms": 300,
                                     "silence_duration_ms": 200, "idle_timeout_ms": None, "create_response": True,
                                     "interrupt_response": True}},
        "output": {"format": {"type": "audio/pcm", "rate": 24000}, "voice": "alloy", "speed": 1.0}},
    "include": None,
}
_EVENTS_SCHEMA = json.loads((contracts_dir() / "protocols" / "ga.events.schema.json").read_text())
_VALIDATOR = jsonschema.Draft202012Validator(_EVENTS_SCHEMA)


class _Strict:
    """A transport that checks each event as it is sent and keeps it."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.playback_stops = 0

    async def send(self, event: dict[str, Any]) -> None:
        _VALIDATOR.validate(event)
        SDK_EVENTS["ga"].validate_python(event, strict=True)
        self.events.append(event)

    async def close(self, code: int, reason: str) -> None:
        self.events.append({"closed": code})

    def stop_playback(self) -> None:
        self.playback_stops += 1


Step = dict[str, Any] | Callable[[list[dict[str, Any]]], dict[str, Any]]


def _run(script: list[Step], *, replies: Sequence[dict[str, Any]] = (), session: dict[str, Any] | None = None,
         transport: _Strict | None = None) -> list[dict[str, Any]]:
    """Play client events into a GA conversation (a callable step builds its event from the
    server events so far); every server event, once responses finish."""
    transport, queue = transport or _Strict(), ReplyQueue(capacity=10)
    queue.put(list(replies))
    chosen = session or GA_SESSION

    async def play() -> None:
        conversation = Conversation(words=load_vocabulary("ga"), ids=IdSource(seed=7), replies=queue,
                                    session=lambda: chosen, transport=transport)
        for step in script:
            await conversation.handle(step(transport.events) if callable(step) else step)
            await conversation.idle()

    asyncio.run(play())
    return transport.events


USER = {"type": "conversation.item.create",
        "item": {"id": "item_user_1", "type": "message", "role": "user",
                 "content": [{"type": "input_text", "text": "Hi"}]}}
TEXT = {"type": "response.create", "response": {"output_modalities": ["text"], "metadata": {"client_event_id": "x"}}}


def test_ga_item_create_is_added_then_done_with_the_clients_id() -> None:
    added, done = _run([USER])
    assert [added["type"], done["type"]] == ["conversation.item.added", "conversation.item.done"]
    assert added["item"] == done["item"] == {"id": "item_user_1", "type": "message", "status": "completed",
                                             "role": "user", "content": [{"type": "input_text", "text": "Hi"}]}


def test_ga_text_turn_in_the_order_the_frameworks_need() -> None:
    events = _run([USER, TEXT], replies=[{"text": "Hello, you."}])
    assert types_of(events[2:]) == [
        "response.created", "response.output_item.added", "conversation.item.added", "response.content_part.added",
        "response.output_text.delta*", "response.output_text.done", "response.content_part.done",
        "response.output_item.done", "conversation.item.done", "rate_limits.updated", "response.done"]
    deltas = [e for e in events if e["type"] == "response.output_text.delta"]
    assert all(len(d["obfuscation"]) == 12 for d in deltas)
    done = events[-1]["response"]
    assert done["metadata"] == {"client_event_id": "x"}  # LiveKit ties response.created to its request by it
    assert events[2]["response"]["metadata"] == {"client_event_id": "x"}
    assert done["output"][0]["content"] == [{"type": "output_text", "text": "Hello, you."}]
    assert "object" not in done["output"][0]
    assert set(done["usage"]["input_token_details"]) == {
        "text_tokens", "audio_tokens", "image_tokens", "cached_tokens", "cached_tokens_details"}


def test_ga_audio_reply_uses_the_output_names_and_audio_parts() -> None:
    events = _run([TEXT | {"response": {}}], replies=[{"text": "Spoken."}])
    kinds = types_of(events)
    assert kinds[:5] == ["response.created", "response.output_item.added", "conversation.item.added",
                         "response.content_part.added", "response.output_audio_transcript.delta*"]
    assert "response.output_audio.delta*" in kinds
    assert events[3]["part"] == {"type": "audio", "transcript": ""}  # part.type stays "audio" on GA
    response = events[-1]["response"]
    assert response["audio"] == {"output": {"format": {"type": "audio/pcm", "rate": 24000}, "voice": "alloy"}}
    assert response["output"][0]["content"] == [{"type": "output_audio", "transcript": "Spoken."}]


def test_ga_function_call_is_in_the_conversation_before_its_arguments_are_done() -> None:
    call = {"function_call": {"name": "get_weather", "arguments": '{"city":"Tokyo"}'}}
    events = _run([USER, TEXT], replies=[call])
    kinds = [e["type"] for e in events]
    added = kinds.index("conversation.item.added", 2)
    finished = kinds.index("response.function_call_arguments.done")
    assert added < finished < kinds.index("response.output_item.done")
    assert events[added]["item"]["type"] == "function_call"
    done = events[finished]
    assert (done["name"], done["arguments"]) == ("get_weather", '{"city":"Tokyo"}')
    item = next(e for e in events if e["type"] == "response.output_item.done")["item"]
    assert (item["status"], item["call_id"]) == ("completed", done["call_id"])


def test_ga_server_vad_turn_then_transcription_then_reply() -> None:
    session = copy.deepcopy(GA_SESSION)
    session["audio"]["input"]["transcription"] = {"model": "gpt-4o-transcribe"}
    appends = [{"type": "input_audio_buffer.append", "audio": chunk}
               for chunk in pcm16_chunks(np.concatenate([silence(400), tone(600), silence(400)]))]
    events = _run(appends, replies=[{"text": "Okay.", "transcript": "Turn the lights on."}], session=session)
    assert [e["type"] for e in events[:8]] == [
        "input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped", "input_audio_buffer.committed",
        "conversation.item.added", "conversation.item.done",
        "conversation.item.input_audio_transcription.delta", "conversation.item.input_audio_transcription.delta",
        "conversation.item.input_audio_transcription.delta"]
    assert (events[0]["audio_start_ms"], events[1]["audio_end_ms"]) == (100, 1200)  # 200 ms of silence in GA
    completed = next(e for e in events if e["type"].endswith("transcription.completed"))
    assert (completed["transcript"], completed["content_index"], completed["usage"]["type"]) == (
        "Turn the lights on.", 0, "tokens")
    assert events[-1]["response"]["output"][0]["content"][0]["transcript"] == "Okay."


@pytest.mark.parametrize("interrupts", [True, False])
def test_speech_stops_the_transports_playback_only_when_the_session_interrupts(interrupts: bool) -> None:
    """A WebRTC call's track keeps playing a reply after it is generated; speech stops it
    when turn_detection.interrupt_response is on, and only then."""
    session = copy.deepcopy(GA_SESSION)
    session["audio"]["input"]["turn_detection"]["interrupt_response"] = interrupts
    session["audio"]["input"]["turn_detection"]["create_response"] = False
    appends = [{"type": "input_audio_buffer.append", "audio": chunk}
               for chunk in pcm16_chunks(np.concatenate([silence(400), tone(600), silence(400)]))]
    transport = _Strict()
    events = _run(appends, session=session, transport=transport)
    assert "input_audio_buffer.speech_started" in [e["type"] for e in events]
    assert transport.playback_stops == (1 if interrupts else 0)


def test_ga_retrieve_returns_the_users_audio() -> None:
    session = copy.deepcopy(GA_SESSION)
    session["audio"]["input"]["turn_detection"] = None
    chunk = next(pcm16_chunks(tone(200), chunk_ms=200))
    events = _run([{"type": "input_audio_buffer.append", "audio": chunk}, {"type": "input_audio_buffer.commit"},
                   lambda sent: {"type": "conversation.item.retrieve", "item_id": sent[0]["item_id"]}],
                  session=session)
    assert [e["type"] for e in events] == ["input_audio_buffer.committed", "conversation.item.added",
                                           "conversation.item.done", "conversation.item.retrieved"]
    assert events[1]["item"]["content"] == [{"type": "input_audio", "transcript": None}]  # no bytes in events
    assert events[3]["item"]["content"] == [{"type": "input_audio", "audio": chunk, "transcript": None}]


@pytest.mark.parametrize("output_format", [{"type": "audio/pcmu"}, {"type": "audio/pcma"}])
def test_ga_g711_formats_are_8_khz_bytes(output_format) -> None:
    session = copy.deepcopy(GA_SESSION)
    session["audio"]["output"]["format"] = output_format
    events = _run([{"type": "response.create"}], replies=[{"text": "Hello."}], session=session)
    deltas = [e["delta"] for e in events if e["type"] == "response.output_audio.delta"]
    assert sum(len(base64.b64decode(d)) for d in deltas) == 500 * 8  # "Hello." lasts 500 ms


def test_ga_session_close_closes_normally_without_an_event() -> None:
    # No session.closed exists for realtime sessions in the SDK's union: the socket just closes.
    assert _run([{"type": "session.close"}]) == [{"closed": 1000}]
