"""Whatever a client sends, in whatever order, the engine answers with events that are
strictly valid for the SDK's models and its protocol's schema, or with an APIError for
the client; it never raises anything else, and never leaves a response unfinished."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mock_realtime.contract.snapshot import contracts_dir
from mock_realtime.conversation import response
from mock_realtime.conversation.engine import Conversation
from mock_realtime.conversation.replies import ReplyQueue
from mock_realtime.conversation.vocabulary import load_vocabulary
from mock_realtime.errors import APIError
from mock_realtime.ids import IdSource
from tests.conversation.helpers import SDK_EVENTS
from tests.conversation.test_ga_engine import GA_SESSION

BETA_SESSION = {
    "id": "sess_i0VpEBOWfbZAVaBSo63bb", "object": "realtime.session", "model": "gpt-4o-realtime-preview-2024-12-17",
    "modalities": ["audio", "text"], "instructions": "Be brief.", "voice": "alloy", "input_audio_format": "pcm16",
    "output_audio_format": "pcm16", "input_audio_transcription": {"model": "whisper-1"},
    "turn_detection": {"type": "server_vad", "threshold": 0.5, "prefix_padding_ms": 300, "silence_duration_ms": 500,
                       "create_response": True},
    "tools": [], "tool_choice": "auto", "temperature": 0.8, "max_response_output_tokens": "inf", "client_secret": None,
}
SESSIONS = {"beta": BETA_SESSION, "ga": GA_SESSION}
VALIDATORS = {p: jsonschema.Draft202012Validator(json.loads(
    (contracts_dir() / "protocols" / f"{p}.events.schema.json").read_text())) for p in SESSIONS}

ids = st.sampled_from(["item_a", "msg_1", "root", ""])
loud = base64.b64encode(b"\x00\x40" * 4800).decode()  # 200 ms at a quarter of full scale
quiet = base64.b64encode(bytes(9600)).decode()
replies = st.one_of(
    st.builds(lambda t: {"text": t}, st.text(max_size=30)),
    st.builds(lambda n, a: {"function_call": {"name": n, "arguments": a}}, st.sampled_from(["f", "lookup"]),
              st.sampled_from(["{}", '{"x": 1}'])),
    st.builds(lambda t, h: {"text": t, "transcript": h}, st.text(max_size=10), st.text(max_size=10)),
)
client_events = st.one_of(
    st.builds(lambda i, p: {"type": "conversation.item.create", "previous_item_id": p, "item": {
        "id": i, "type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi"}]}},
        st.sampled_from(["item_a", "msg_1"]), ids),
    st.builds(lambda c: {"type": "conversation.item.create", "item": {
        "type": "function_call_output", "call_id": c, "output": "{}"}}, st.sampled_from(["call_x", "nope"])),
    st.builds(lambda kind: {"type": "conversation.item.create", "item": {"type": kind}},
              st.sampled_from(["text", "message_reference"])),
    st.builds(lambda i: {"type": "conversation.item.delete", "item_id": i}, ids),
    st.builds(lambda i: {"type": "conversation.item.retrieve", "item_id": i}, ids),
    st.builds(lambda i, ms: {"type": "conversation.item.truncate", "item_id": i, "content_index": 0,
                             "audio_end_ms": ms}, ids, st.integers(0, 5000)),
    st.builds(lambda r: {"type": "response.create", "response": r}, st.sampled_from([
        {}, {"conversation": "none", "input": []}, {"metadata": {"k": "v"}}])),
    st.just({"type": "response.cancel"}),
    st.builds(lambda a: {"type": "input_audio_buffer.append", "audio": a}, st.sampled_from([loud, quiet, "!!"])),
    st.just({"type": "input_audio_buffer.commit"}),
    st.just({"type": "input_audio_buffer.clear"}),
    st.just({"type": "output_audio_buffer.clear"}),
)


@pytest.fixture(scope="module", autouse=True)
def _a_yield_per_event() -> Iterator[None]:
    """Responses let the loop run after every event, so the script's next event (a cancel,
    an item deleted) can land between any two of a response's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(response, "SLICE_S", 0.0)
        yield


class _Checked:
    def __init__(self, protocol: str) -> None:
        self.protocol, self.events = protocol, []  # type: ignore[var-annotated]

    async def send(self, event: dict[str, Any]) -> None:
        VALIDATORS[self.protocol].validate(event)
        SDK_EVENTS[self.protocol].validate_python(event, strict=True)
        self.events.append(event)

    async def close(self, code: int, reason: str) -> None:
        raise AssertionError("nothing here closes the session")

    def stop_playback(self) -> None:
        """Nothing plays here."""


async def _play(protocol: str, script: list[dict[str, Any]], queued: list[dict[str, Any]]) -> list[dict[str, Any]]:
    transport, queue = _Checked(protocol), ReplyQueue(capacity=100)
    queue.put(queued)
    conversation = Conversation(words=load_vocabulary(protocol), ids=IdSource(seed=3), replies=queue,
                                session=lambda: SESSIONS[protocol], transport=transport)
    refused: list[APIError] = []
    for event in script:
        try:
            await conversation.handle(event)
        except APIError as error:  # the client's error event; anything else fails the test
            refused.append(error)
        await asyncio.sleep(0)  # let a response stream a little before the next event
    await conversation.idle()
    assert {error.type for error in refused} <= {"invalid_request_error"}
    return transport.events


@given(protocol=st.sampled_from(["beta", "ga"]), script=st.lists(client_events, max_size=12),
       queued=st.lists(replies, max_size=4))
def test_any_sequence_of_client_events_gets_only_valid_events(protocol, script, queued) -> None:
    events = asyncio.run(_play(protocol, script, queued))
    created = [e["response"]["id"] for e in events if e["type"] == "response.created"]
    done = [e["response"]["id"] for e in events if e["type"] == "response.done"]
    assert sorted(created) == sorted(done)  # every response that started, finished
