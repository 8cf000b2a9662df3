"""The WebSocket speaks both protocols, over a real socket: the beta marker (header or
subprotocol) or a beta-minted key selects beta, anything else GA; GA's URL, session.created
and session.update rules; the session's 60-minute cap on the mock clock; the retired beta.
Every event received is checked against its snapshot's server-event schema and strictly
against the newest SDK's models for its protocol."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import orjson
import pytest
from websockets.sync.client import ClientConnection, connect

from mock_realtime.contract.checker import schema_validator
from mock_realtime.contract.snapshot import load_contract
from mock_realtime.settings import Settings
from mock_realtime.web.app import create_app
from mock_realtime.web.server import ThreadedServer
from tests.helpers import API_KEY
from tests.websocket.helpers import MODEL, TIMEOUT, close_of
from tests.websocket.sdk_events import sdk_event

SCHEMAS = {name: schema_validator(c.schemas["server_event"], c.schemas.values())
           for name, c in {"ga": load_contract("ga"), "beta": load_contract("2024-12-17")}.items()}
BEARER = {"Authorization": f"Bearer {API_KEY}"}
MISSING_MODEL = ("You must provide a model parameter, for example "
                 "wss://api.openai.com/v1/realtime?model=gpt-realtime-1.5")
RETIRED = "The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API."


def recv(ws: ClientConnection, protocol: str = "ga") -> dict[str, Any]:
    event: dict[str, Any] = orjson.loads(ws.recv(timeout=TIMEOUT))
    SCHEMAS[protocol].validate(event)
    sdk_event(event, protocol)
    return event


def send(ws: ClientConnection, event: dict[str, Any], protocol: str = "ga") -> dict[str, Any]:
    ws.send(orjson.dumps(event).decode())
    return recv(ws, protocol)


@pytest.fixture
def server(clock) -> Callable[..., ThreadedServer]:  # type: ignore[no-untyped-def]
    started: list[ThreadedServer] = []

    def start(**settings: Any) -> ThreadedServer:
        started.append(ThreadedServer(create_app(Settings(**settings), clock=clock), Settings(port=0)).start())
        return started[-1]

    yield start  # type: ignore[misc]
    for running in started:
        running.stop()


@pytest.fixture
def socket(server) -> Callable[..., Any]:  # type: ignore[no-untyped-def]
    @contextmanager
    def opened(query: str = "?model=gpt-realtime", *, headers: dict[str, str] | None = None,
               running: ThreadedServer | None = None, **options: Any) -> Iterator[ClientConnection]:
        base = (running or server()).base_url.replace("http://", "ws://", 1)
        with connect(f"{base}/v1/realtime{query}", open_timeout=TIMEOUT,
                     additional_headers=BEARER if headers is None else headers, **options) as ws:
            yield ws

    return opened


@pytest.mark.parametrize(
    ("headers", "subprotocols", "protocol"),
    [
        pytest.param({**BEARER, "OpenAI-Beta": "realtime=v1"}, None, "beta", id="beta-header"),
        pytest.param({}, ["realtime", f"openai-insecure-api-key.{API_KEY}", "openai-beta.realtime-v1"], "beta",
                     id="beta-subprotocol"),
        pytest.param(BEARER, None, "ga", id="no-marker-header"),
        pytest.param({}, ["realtime", f"openai-insecure-api-key.{API_KEY}"], "ga", id="no-marker-subprotocol"),
    ],
)
def test_socket_protocol_follows_the_beta_marker(socket, headers, subprotocols, protocol) -> None:
    query = f"?model={MODEL}" if protocol == "beta" else "?model=gpt-realtime"
    with socket(query, headers=headers, subprotocols=subprotocols) as ws:
        created = recv(ws, protocol)
    assert created["type"] == "session.created"
    assert ("type" in created["session"]) is (protocol == "ga")
    if subprotocols:
        assert ws.subprotocol == "realtime"


def test_socket_key_minted_by_the_beta_endpoint_speaks_beta_without_headers(server, socket) -> None:
    import httpx

    running = server()
    minted = httpx.post(f"{running.base_url}/v1/realtime/sessions", json={"model": MODEL}, headers=BEARER).json()
    key = minted["client_secret"]["value"]
    with socket(f"?model={MODEL}", headers={"Authorization": f"Bearer {key}"}, running=running) as ws:
        created = recv(ws, "beta")
    assert created["session"]["id"] == minted["id"]
    assert "type" not in created["session"]


def test_ga_session_created_has_type_object_and_audio(socket, clock) -> None:
    with socket("?model=gpt-realtime") as ws:
        session = recv(ws)["session"]
    assert (session["type"], session["object"], session["model"]) == ("realtime", "realtime.session", "gpt-realtime")
    assert session["audio"]["input"]["format"] == {"type": "audio/pcm", "rate": 24000}
    assert session["audio"]["output"]["voice"] == "alloy"
    assert session["expires_at"] == int(clock.now()) + 3600


def test_ga_transcription_intent_opens_a_transcription_session(socket) -> None:
    with socket("?intent=transcription") as ws:
        session = recv(ws)["session"]
    assert (session["type"], session["object"]) == ("transcription", "realtime.transcription_session")
    assert "model" not in session


@pytest.mark.parametrize(
    ("query", "code", "message", "close"),
    [
        pytest.param("", "missing_model", MISSING_MODEL, (4000, "invalid_request_error.missing_model"),
                     id="no-model"),
        pytest.param("?intent=transcription&model=gpt-realtime", "invalid_value",
                     "You must not provide a model parameter for transcription sessions.",
                     (4000, "invalid_request_error.invalid_value"), id="model-with-transcription-intent"),
        pytest.param("?intent=translation", "invalid_value",
                     "Invalid value: 'translation'. Supported values are: 'transcription'.",
                     (4000, "invalid_request_error.invalid_value"), id="unknown-intent"),
    ],
)
def test_ga_url_errors_get_one_error_then_close(socket, query, code, message, close) -> None:
    with socket(query) as ws:
        error = recv(ws)["error"]
        assert close_of(ws) == close
    assert (error["code"], error["message"]) == (code, message)


def test_ga_call_id_is_refused_until_a_peer_carries_the_call(socket) -> None:
    with socket("?call_id=rtc_0123") as ws:
        error = recv(ws)["error"]
        assert close_of(ws) == (4000, "invalid_request_error.call_not_found")
    assert (error["param"], error["code"]) == ("call_id", "call_not_found")


@pytest.fixture
def ga(socket) -> Iterator[tuple[ClientConnection, dict[str, Any]]]:
    with socket("?model=gpt-realtime") as ws:
        yield ws, recv(ws)["session"]


def test_ga_update_merges_only_the_fields_sent_and_answers_the_full_session(ga) -> None:
    ws, session = ga
    updated = send(ws, {"type": "session.update", "event_id": "evt_1", "session": {
        "type": "realtime", "instructions": "Be brief.", "audio": {"output": {"voice": "marin"}}}})
    assert updated["type"] == "session.updated"
    expected = {**session, "instructions": "Be brief.",
                "audio": {**session["audio"], "output": {**session["audio"]["output"], "voice": "marin"}}}
    assert updated["session"] == expected


@pytest.mark.parametrize(
    ("update", "param", "code", "message"),
    [
        pytest.param({"instructions": "x"}, "session.type", "missing_required_parameter",
                     "Missing required parameter: 'session.type'.", id="no-type"),
        pytest.param({"type": "session"}, "session.type", "invalid_value",
                     "Invalid value: 'session'. Supported values are: 'realtime' and 'transcription'.",
                     id="unknown-type"),
        pytest.param({"type": "transcription"}, "session.type", "invalid_parameter",
                     "Passing a transcription session update event to a realtime session is not allowed.",
                     id="transcription-on-realtime"),
        pytest.param({"type": "realtime", "instructions": "x", "temperature": 0.8}, "session.temperature",
                     "unknown_parameter", "Unknown parameter: 'session.temperature'.", id="beta-name"),
        pytest.param({"type": "realtime", "totally_made_up_field": 1}, "session.totally_made_up_field",
                     "unknown_parameter", "Unknown parameter: 'session.totally_made_up_field'.", id="unknown-key"),
    ],
)
def test_ga_update_refused_whole(ga, update, param, code, message) -> None:
    ws, session = ga
    error = send(ws, {"type": "session.update", "event_id": "evt_bad", "session": update})["error"]
    assert (error["param"], error["code"], error["message"], error["event_id"]) == (param, code, message, "evt_bad")
    check = send(ws, {"type": "session.update", "session": {"type": "realtime"}})
    assert check["session"] == session  # nothing of the refused update was applied


def test_ga_realtime_update_on_a_transcription_socket_is_refused(socket) -> None:
    with socket("?intent=transcription") as ws:
        recv(ws)
        error = send(ws, {"type": "session.update", "session": {"type": "realtime"}})["error"]
    assert error["message"] == "Passing a realtime session update event to a transcription session is not allowed."


@pytest.mark.parametrize(
    ("query", "headers", "protocol"),
    [
        pytest.param("?model=gpt-realtime", BEARER, "ga", id="ga"),
        pytest.param(f"?model={MODEL}", {**BEARER, "OpenAI-Beta": "realtime=v1"}, "beta", id="beta"),
    ],
)
def test_session_expires_after_60_minutes_on_the_mock_clock(socket, clock, query, headers, protocol) -> None:
    with socket(query, headers=headers) as ws:
        recv(ws, protocol)
        clock.advance(3599)
        assert send(ws, {"type": "session.update", "session": {"type": "realtime"} if protocol == "ga" else {}},
                    protocol)["type"] == "session.updated"
        clock.advance(1)
        error = recv(ws, protocol)["error"]
        assert close_of(ws) == (4000, "invalid_request_error.session_expired")
    assert (error["code"], error["message"]) == ("session_expired",
                                                 "Your session hit the maximum duration of 60 minutes.")


@pytest.mark.parametrize("marker", ["header", "subprotocol"])
def test_retired_beta_handshake_gets_the_shutdown_frame_then_4000(server, socket, marker) -> None:
    running = server(beta_retired=True)
    headers = {**BEARER, "OpenAI-Beta": "realtime=v1"} if marker == "header" else {}
    subprotocols = None if marker == "header" else ["realtime", f"openai-insecure-api-key.{API_KEY}",
                                                    "openai-beta.realtime-v1"]
    with socket(f"?model={MODEL}", headers=headers, subprotocols=subprotocols, running=running) as ws:
        error = recv(ws, "beta")["error"]
        assert close_of(ws) == (4000, "invalid_request_error.beta_api_shape_disabled")
    assert {k: error[k] for k in ("type", "code", "message", "param")} == {
        "type": "invalid_request_error", "code": "beta_api_shape_disabled", "message": RETIRED, "param": None}


def test_retired_mode_leaves_ga_handshakes_alone(server, socket) -> None:
    with socket("?model=gpt-realtime", running=server(beta_retired=True)) as ws:
        assert recv(ws)["type"] == "session.created"


def _mint_ga(running: ThreadedServer, session: dict[str, Any]) -> dict[str, Any]:
    import httpx

    minted: dict[str, Any] = httpx.post(f"{running.base_url}/v1/realtime/client_secrets",
                                        json={"session": session}, headers=BEARER).json()
    return minted


def test_ga_secret_on_a_beta_handshake_is_refused(server, socket) -> None:
    running = server()
    value = _mint_ga(running, {"type": "realtime"})["value"]
    with socket("?model=gpt-realtime", headers={"Authorization": f"Bearer {value}", "OpenAI-Beta": "realtime=v1"},
                running=running) as ws:
        error = recv(ws, "beta")["error"]
        assert close_of(ws) == (3000, "invalid_request_error.api_version_mismatch")
    assert error["message"] == "API version mismatch"


def test_ga_transcription_secret_opens_its_transcription_session_without_a_query(server, socket) -> None:
    running = server()
    minted = _mint_ga(running, {"type": "transcription"})
    with socket("", headers={"Authorization": f"Bearer {minted['value']}"}, running=running) as ws:
        session = recv(ws)["session"]
    assert (session["type"], session["id"]) == ("transcription", minted["session"]["id"])


def test_ga_update_tool_choice_must_name_a_declared_tool(ga) -> None:
    ws, _ = ga
    tool = {"type": "function", "name": "lookup", "description": "Look it up.", "parameters": {}}
    declared = send(ws, {"type": "session.update", "session": {"type": "realtime", "tools": [tool]}})
    chosen = send(ws, {"type": "session.update", "session": {
        "type": "realtime", "tool_choice": {"type": "function", "name": "lookup"}}})
    undeclared = send(ws, {"type": "session.update", "session": {
        "type": "realtime", "tool_choice": {"type": "function", "name": "other"}}})
    assert declared["session"]["tools"] == [tool]
    assert chosen["session"]["tool_choice"] == {"type": "function", "name": "lookup"}
    assert (undeclared["error"]["param"], undeclared["error"]["code"]) == ("session.tool_choice.name",
                                                                           "invalid_value")


def test_ga_update_fills_the_defaults_of_a_new_turn_detection(ga) -> None:
    ws, session = ga
    updated = send(ws, {"type": "session.update", "session": {
        "type": "realtime", "audio": {"input": {"turn_detection": {"type": "semantic_vad"}}}}})
    audio_input = updated["session"]["audio"]["input"]
    assert audio_input["turn_detection"] == {"type": "semantic_vad", "eagerness": "auto",
                                             "create_response": True, "interrupt_response": True}
    assert audio_input["format"] == session["audio"]["input"]["format"]


def test_final_beta_served_beside_ga_speaks_its_own_shapes_on_the_beta_socket(server, socket, clock) -> None:
    import httpx

    running = server(contract=("beta-final", "ga"))
    minted = httpx.post(f"{running.base_url}/v1/realtime/sessions", headers=BEARER,
                        json={"model": "gpt-realtime", "speed": 1.2, "tracing": "auto"}).json()
    with socket("?model=gpt-realtime", headers={"Authorization": f"Bearer {minted['client_secret']['value']}"},
                running=running) as ws:
        event: dict[str, Any] = orjson.loads(ws.recv(timeout=TIMEOUT))
        updated = orjson.loads(send_raw(ws, {"type": "session.update", "session": {"speed": 0.9}}))
    final = load_contract("beta-final")
    for received in (event, updated):
        schema_validator(final.schemas["server_event"], final.schemas.values()).validate(received)
        sdk_event(received, "beta")
    session = event["session"]
    assert (session["id"], session["speed"], session["tracing"]) == (minted["id"], 1.2, "auto")
    assert (session["client_secret"], session["expires_at"]) == (None, int(clock.now()) + 3600)
    assert updated["session"]["speed"] == 0.9


def send_raw(ws: ClientConnection, event: dict[str, Any]) -> str | bytes:
    ws.send(orjson.dumps(event).decode())
    return ws.recv(timeout=TIMEOUT)
