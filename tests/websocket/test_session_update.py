"""Property: session.update on the WebSocket obeys the same contract as the body of
POST /v1/realtime/sessions. For any update, the WebSocket's error is the REST
endpoint's first violation with params prefixed `session.`, and an update REST would
accept is applied, with defaults filled in as REST fills them."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
from hypothesis import given
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from mock_realtime.contract.checker import schema_validator
from mock_realtime.contract.sessions import apply_defaults, configured_session
from mock_realtime.contract.snapshot import load_contract
from mock_realtime.contract.violations import collect_violations
from mock_realtime.ids import IdSource
from mock_realtime.websocket.connection import Connection
from tests.websocket.helpers import MODEL

CONTRACT = load_contract("2024-12-17")
REQUEST_VALIDATOR = schema_validator(CONTRACT.request_schema)  # the full walk, as the reference
FIELDS = [name for name in CONTRACT.request_schema["properties"] if name != "model"]
# Words the contract uses, so that updates are often valid and often wrong only just.
WORDS = st.sampled_from(["alloy", "verse", "inf", "auto", "none", "pcm16", "text", "audio", "whisper-1",
                         "server_vad", "function", "lookup"])
LEAVES = (st.none() | st.booleans() | st.integers(-5, 5000) | st.floats(0, 2, allow_nan=False)
          | st.text(max_size=3) | WORDS)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["type", "name", "model", "threshold", "parameters", "foo"]),
                      inner, max_size=3),
    max_leaves=6,
)
# Valid objects are listed by hand: hypothesis-jsonschema 0.23.1 cannot draw object
# schemas under this Hypothesis (AttributeError: 'many' object has no attribute 'more').
VALID_OBJECTS = {
    "turn_detection": st.sampled_from([None, {}, {"threshold": 0.1, "silence_duration_ms": 900}]),
    "input_audio_transcription": st.sampled_from([None, {}, {"model": "whisper-1"}]),
    "tools": st.sampled_from([[], [{"type": "function", "name": "lookup", "parameters": {"x": 1}}]]),
}
# Each field: a value the contract allows (drawn from its schema) or an arbitrary one.
FIELD_VALUES = {
    name: (VALID_OBJECTS[name] if name in VALID_OBJECTS
           else from_schema(CONTRACT.request_schema["properties"][name])) | VALUES
    for name in FIELDS
}
FIELD_VALUES["speed"] = VALUES  # not in this contract: always an unknown parameter
UPDATES = st.lists(st.sampled_from(sorted(FIELD_VALUES)), unique=True, max_size=4).flatmap(
    lambda names: st.fixed_dictionaries({name: FIELD_VALUES[name] for name in names})
)


class _Sent:
    """A transport that keeps what the connection sends."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    async def send(self, event: dict[str, Any]) -> None:
        self.events.append(event)

    async def close(self, code: int, reason: str) -> None:
        raise AssertionError(f"an update never closes the connection ({code} {reason})")


def _conversation() -> Connection:
    ids = IdSource(seed=1)
    session = configured_session(CONTRACT, {"model": MODEL}, ids=ids)
    return Connection(CONTRACT, ids, {**session, "client_secret": None}, transport=_Sent())


def _answer(conversation: Connection, update: dict[str, Any]) -> dict[str, Any]:
    sent = conversation.transport
    assert isinstance(sent, _Sent)
    sent.events.clear()
    asyncio.run(conversation.receive(orjson.dumps({"type": "session.update", "session": update})))
    [answer] = sent.events  # exactly one answer per update
    return answer


@given(UPDATES)
def test_session_update_errors_are_the_rest_endpoints_first_violation(update: dict[str, Any]) -> None:
    conversation = _conversation()
    before = dict(conversation.session)
    answer = _answer(conversation, update)
    body = {**update, "model": MODEL}
    expected = collect_violations(REQUEST_VALIDATOR.iter_errors(body), body, prefix="session")
    if expected:
        first = expected[0]
        assert answer["type"] == "error"
        assert {k: answer["error"][k] for k in ("param", "code", "message")} == first
        assert conversation.session == before
    else:
        assert answer["type"] == "session.updated"
        filled = apply_defaults(CONTRACT.request_schema, {**update, "model": MODEL})
        assert answer["session"] == {**before, **{k: filled[k] for k in update}}
