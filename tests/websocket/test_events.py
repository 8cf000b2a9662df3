"""Client events on an open Realtime WebSocket, over a real socket: session.update is
checked by the same contract rules as POST /v1/realtime/sessions (params prefixed
`session.`), and bad or unsimulated events get an error while the connection stays open."""

from __future__ import annotations

import pytest

from tests.websocket.helpers import MODEL, recv_event, send_event

pytestmark = pytest.mark.every_store  # none of these depends on where state is kept

SUPPORTED = (
    "'session.update', 'input_audio_buffer.append', 'input_audio_buffer.commit', "
    "'input_audio_buffer.clear', 'conversation.item.create', 'conversation.item.truncate', "
    "'conversation.item.delete', 'response.create', and 'response.cancel'"
)


@pytest.fixture
def opened(mint, open_realtime):
    """An open connection whose session.created has been read; yields (ws, session)."""
    minted = mint(voice="sage", instructions="Be brief.")
    with open_realtime(minted["client_secret"]["value"]) as ws:
        yield ws, recv_event(ws)["session"]


def test_session_update_valid_gets_session_updated_with_merged_session(opened) -> None:
    ws, session = opened
    updated = send_event(ws, {"type": "session.update", "session": {"instructions": "Be verbose.",
                                                                  "temperature": 1.1}})
    assert updated["type"] == "session.updated"
    assert updated["session"] == {**session, "instructions": "Be verbose.", "temperature": 1.1}


def test_session_update_fills_nested_defaults_of_the_fields_it_sets(opened) -> None:
    ws, _ = opened
    updated = send_event(ws, {"type": "session.update", "session": {"turn_detection": {"threshold": 0.9}}})
    assert updated["session"]["turn_detection"] == {
        "type": "server_vad", "threshold": 0.9, "prefix_padding_ms": 300,
        "silence_duration_ms": 500, "create_response": True,
    }


def test_session_update_updates_accumulate(opened) -> None:
    ws, session = opened
    send_event(ws, {"type": "session.update", "session": {"voice": "coral"}})
    second = send_event(ws, {"type": "session.update", "session": {"modalities": ["text"]}})
    assert second["session"] == {**session, "voice": "coral", "modalities": ["text"]}


@pytest.mark.parametrize(
    ("update", "param", "code", "message"),
    [
        pytest.param({"temperature": "hot"}, "session.temperature", "invalid_type",
                     "Invalid type for 'session.temperature': expected a decimal, but got a string instead.",
                     id="type"),
        pytest.param({"temperature": 2}, "session.temperature", "decimal_above_max_value",
                     "Invalid 'session.temperature': decimal above maximum value. "
                     "Expected a value <= 1.2, but got 2 instead.", id="range"),
        pytest.param({"voice": "x"}, "session.voice", "invalid_value",
                     "Invalid value: 'x'. Supported values are: 'alloy', 'ash', 'ballad', 'coral', "
                     "'echo', 'sage', 'shimmer', and 'verse'.", id="enum"),
        pytest.param({"turn_detection": {"speed": 1}}, "session.turn_detection.speed", "unknown_parameter",
                     "Unknown parameter: 'session.turn_detection.speed'.", id="unknown-nested"),
        pytest.param({"tool_choice": "lookup"}, "session.tool_choice", "invalid_value",
                     "Invalid value: 'lookup'. Supported values are: 'auto', 'none', and 'required'.",
                     id="undeclared-tool"),
    ],
)
def test_session_update_invalid_gets_error_and_leaves_session_unchanged(
    opened, update, param, code, message
) -> None:
    ws, session = opened
    error = send_event(ws, {"event_id": "evt_client_1", "type": "session.update", "session": update})
    assert error["type"] == "error"
    assert error["error"] == {"type": "invalid_request_error", "param": param, "code": code,
                              "message": message, "event_id": "evt_client_1"}
    unchanged = send_event(ws, {"type": "session.update", "session": {}})
    assert unchanged["session"] == session


def test_session_update_tool_choice_may_name_a_tool_declared_earlier(opened) -> None:
    ws, _ = opened
    tool = {"type": "function", "name": "lookup", "description": "Look it up.", "parameters": {}}
    send_event(ws, {"type": "session.update", "session": {"tools": [tool]}})
    updated = send_event(ws, {"type": "session.update", "session": {"tool_choice": "lookup"}})
    assert (updated["type"], updated["session"]["tool_choice"]) == ("session.updated", "lookup")


def test_session_update_without_session_is_missing_a_parameter(opened) -> None:
    ws, _ = opened
    error = send_event(ws, {"type": "session.update"})["error"]
    assert (error["param"], error["code"]) == ("session", "missing_required_parameter")


def test_session_update_cannot_change_the_model(opened) -> None:
    ws, _ = opened
    error = send_event(ws, {"type": "session.update", "session": {"model": "gpt-4o-mini-realtime-preview"}})
    assert (error["error"]["param"], error["error"]["code"]) == ("session.model", "model_mismatch")
    same = send_event(ws, {"type": "session.update", "session": {"model": MODEL}})
    assert same["type"] == "session.updated"


@pytest.mark.parametrize(
    ("message", "param", "code"),
    [
        pytest.param("{not json", None, "invalid_json", id="malformed"),
        pytest.param("", None, "invalid_json", id="empty"),
        pytest.param("[1, 2]", None, "invalid_type", id="array"),
        pytest.param('{"event_id": "e1"}', "type", "missing_required_parameter", id="no-type"),
        pytest.param('{"type": 7}', "type", "invalid_type", id="type-not-string"),
        pytest.param(
            '{"type": "session.update", "session": {"tools": [{"parameters": ' + "[" * 300 + "]" * 300 + "}]}}",
            None, "nesting_too_deep", id="nested-too-deep",
        ),
    ],
)
def test_bad_message_gets_error_and_connection_stays_open(opened, message, param, code) -> None:
    ws, _ = opened
    error = send_event(ws, message)["error"]
    assert (error["type"], error["param"], error["code"]) == ("invalid_request_error", param, code)
    assert send_event(ws, {"type": "session.update", "session": {}})["type"] == "session.updated"


def test_unknown_event_type_lists_the_supported_types_and_stays_open(opened) -> None:
    ws, _ = opened
    error = send_event(ws, {"type": "ping", "event_id": "evt_9"})["error"]
    assert error == {"type": "invalid_request_error", "param": "type", "code": "invalid_value",
                     "event_id": "evt_9",
                     "message": f"Invalid value: 'ping'. Supported values are: {SUPPORTED}."}
    assert send_event(ws, {"type": "session.update", "session": {}})["type"] == "session.updated"


@pytest.mark.parametrize(
    ("event_type", "param"),
    [("input_audio_buffer.append", "audio"), ("conversation.item.create", "item"),
     ("conversation.item.truncate", "item_id"), ("conversation.item.delete", "item_id")],
)
def test_conversation_event_without_its_required_field_is_refused_and_stays_open(opened, event_type, param) -> None:
    ws, _ = opened
    error = send_event(ws, {"type": event_type, "event_id": "evt_2"})["error"]
    assert error == {"type": "invalid_request_error", "code": "missing_required_parameter", "param": param,
                     "message": f"Missing required parameter: '{param}'.", "event_id": "evt_2"}
    assert send_event(ws, {"type": "session.update", "session": {}})["type"] == "session.updated"


def test_binary_frames_are_read_as_json_text(opened) -> None:
    ws, _ = opened
    ws.send(b'{"type": "session.update", "session": {"voice": "ash"}}')
    assert recv_event(ws)["session"]["voice"] == "ash"
