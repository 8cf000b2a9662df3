"""The official openai SDK's beta client, `client.beta.realtime.connect`, holding a conversation
with the mock: a text turn, an audio turn found by server VAD, and a cancelled reply. Every
frame is read raw, validated strictly against the SDK's beta models, then parsed by the SDK."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from openai import OpenAI

from mock_realtime.testing import RealtimeMock
from tests.conversation.helpers import CheckedEvents, pcm16_chunks, silence, tone
from tests.helpers import API_KEY
from tests.websocket.helpers import MODEL

# The SDK opens its socket with websockets' connect() outside a `with` block, which
# websockets deprecates; the warning is the SDK's, not the mock's.
pytestmark = pytest.mark.filterwarnings(r"ignore:connect\(\) must be used as a context manager:DeprecationWarning")


@pytest.fixture
def connection(live_server) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    client = OpenAI(api_key=API_KEY, base_url=f"{live_server.base_url}/v1", max_retries=0,
                    websocket_base_url=live_server.base_url.replace("http://", "ws://", 1) + "/v1")
    with client, client.beta.realtime.connect(model=MODEL) as opened:
        assert _next(opened).type == "session.created"
        yield opened


EVENTS = CheckedEvents(protocol="beta", contract="2024-12-17")
_next, _until = EVENTS.next, EVENTS.until


def test_sdk_text_turn_receives_the_scripted_reply(connection, mock: RealtimeMock) -> None:
    mock.reply_with("Four.")
    connection.conversation.item.create(item={"type": "message", "role": "user",
                                              "content": [{"type": "input_text", "text": "2 + 2?"}]})
    connection.response.create(response={"modalities": ["text"]})
    events = _until(connection, "response.done")
    assert "".join(e.delta for e in events if e.type == "response.text.delta") == "Four."
    assert events[-1].response.status == "completed"


def test_sdk_audio_turn_is_found_by_server_vad_and_answered_in_audio(connection, mock: RealtimeMock) -> None:
    mock.reply_with("You spoke for one second.")
    for chunk in pcm16_chunks(np.concatenate([silence(300), tone(1000), silence(800)])):
        connection.input_audio_buffer.append(audio=chunk)
    events = _until(connection, "response.done")
    kinds = [e.type for e in events]
    assert kinds[:4] == ["input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped",
                         "input_audio_buffer.committed", "conversation.item.created"]
    assert (events[0].audio_start_ms, events[1].audio_end_ms) == (0, 1800)
    assert "".join(e.delta for e in events if e.type == "response.audio_transcript.delta") == \
        "You spoke for one second."
    assert sum(1 for kind in kinds if kind == "response.audio.delta") >= 10  # 100 ms a delta


def test_sdk_cancels_a_reply_while_it_streams(connection, mock: RealtimeMock) -> None:
    mock.reply_with("Paced to real time, so the cancel arrives while it is still being spoken.", pace_audio=True)
    connection.response.create()
    _until(connection, "response.audio.delta")
    connection.response.cancel()
    done = _until(connection, "response.done")[-1]
    assert (done.response.status, done.response.status_details.reason) == ("cancelled", "client_cancelled")
