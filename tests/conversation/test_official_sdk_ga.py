"""The official openai SDK's GA client, `client.realtime.connect`, holding a conversation with
the mock: a text turn, an audio turn found by server VAD, and a cancelled reply. Every frame
is read raw, validated strictly against the SDK's GA models, then parsed by the SDK."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from openai import OpenAI

from mock_realtime.testing import RealtimeMock
from tests.conversation.helpers import CheckedEvents, pcm16_chunks, silence, tone
from tests.helpers import API_KEY


def _client(live_server: Any, key: str) -> OpenAI:
    return OpenAI(api_key=key, base_url=f"{live_server.base_url}/v1", max_retries=0,
                  websocket_base_url=live_server.base_url.replace("http://", "ws://", 1) + "/v1")


@pytest.fixture
def connection(live_server) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """A browser's GA connection: a backend mints a client secret, the client connects with it."""
    with _client(live_server, API_KEY) as backend:
        secret = backend.realtime.client_secrets.create(session={"type": "realtime", "model": "gpt-realtime"})
    with _client(live_server, secret.value) as client, client.realtime.connect(model="gpt-realtime") as opened:
        assert _next(opened).type == "session.created"
        yield opened


EVENTS = CheckedEvents(protocol="ga", contract="ga")
_next, _until = EVENTS.next, EVENTS.until


def test_ga_sdk_text_turn_receives_the_scripted_reply(connection, mock: RealtimeMock) -> None:
    mock.reply_with("Four.")
    connection.conversation.item.create(item={"type": "message", "role": "user",
                                              "content": [{"type": "input_text", "text": "2 + 2?"}]})
    assert [_next(connection).type for _ in range(2)] == ["conversation.item.added", "conversation.item.done"]
    connection.response.create(response={"output_modalities": ["text"]})
    events = _until(connection, "response.done")
    assert "".join(e.delta for e in events if e.type == "response.output_text.delta") == "Four."
    assert events[-1].response.output[0].content[0].type == "output_text"


def test_ga_sdk_audio_turn_is_found_by_server_vad_and_answered_in_audio(connection, mock: RealtimeMock) -> None:
    mock.reply_with("You spoke for one second.")
    for chunk in pcm16_chunks(np.concatenate([silence(300), tone(1000), silence(400)])):
        connection.input_audio_buffer.append(audio=chunk)
    events = _until(connection, "response.done")
    kinds = [e.type for e in events]
    assert kinds[:5] == ["input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped",
                         "input_audio_buffer.committed", "conversation.item.added", "conversation.item.done"]
    # GA's default silence_duration_ms is 200: speech 300-1300 ms is over at 1500 ms.
    assert (events[0].audio_start_ms, events[1].audio_end_ms) == (0, 1500)
    assert "".join(e.delta for e in events if e.type == "response.output_audio_transcript.delta") == \
        "You spoke for one second."


def test_ga_sdk_cancels_a_reply_while_it_streams(connection, mock: RealtimeMock) -> None:
    mock.reply_with("Paced to real time, so the cancel arrives while it is still being spoken.", pace_audio=True)
    connection.response.create()
    _until(connection, "response.output_audio.delta")
    connection.response.cancel()
    done = _until(connection, "response.done")[-1]
    assert (done.response.status, done.response.status_details.reason) == ("cancelled", "client_cancelled")
