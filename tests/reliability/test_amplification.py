"""Requests built to make the mock work hard or keep much: a body failing in 80,000 places,
with and without a key, through the fault and rate-limit paths and a WebSocket update."""

from __future__ import annotations

import orjson
import pytest
from websockets.sync.client import connect

from mock_realtime.contract.violations import MAX_VIOLATIONS
from tests.reliability.catalogue import JSON_AUTH, KEY
from tests.reliability.rawhttp import request_bytes, send

BAD_TOOLS = 80_000
# Far under the 4 to 9 s this body took when every violation was explained.


def many_bad_tools() -> bytes:
    return orjson.dumps({"model": "gpt-4o-realtime-preview", "tools": [{"x": 1}] * BAD_TOOLS})


def entry_for(server, response) -> dict:
    entries = server.app.state.mock.journal.entries()
    return next(e for e in entries if e["request_id"] == response.headers["x-request-id"])


def test_violations_are_capped_at_100(serve) -> None:
    server = serve()
    response = send(server.port, request_bytes(many_bad_tools(), headers=JSON_AUTH))
    assert response.status == 400
    assert response.json()["error"]["param"] == "tools[0].x"
    assert MAX_VIOLATIONS == 100  # the README's budget table states 100
    assert len(entry_for(server, response)["violations"]) == 100


def test_a_request_without_a_key_is_refused_before_its_body_is_read(serve) -> None:
    server = serve()
    response = send(server.port, request_bytes(many_bad_tools(), headers={"Content-Type": "application/json"}))
    assert response.status == 401
    entry = entry_for(server, response)
    assert (entry["body"], entry["violations"]) == (None, [])


def test_a_fault_on_a_keyless_request_checks_nothing(serve) -> None:
    server = serve()
    response = send(server.port, request_bytes(many_bad_tools(), headers={
        "Content-Type": "application/json", "X-Mock-Fault": "status=500"}))
    assert response.status == 500
    entry = entry_for(server, response)
    assert (entry["body"], entry["violations"]) == (None, [])


def test_a_rate_limit_refusal_checks_only_a_keyed_body(serve) -> None:
    server = serve(rate_limit="1/min")
    server.app.state.mock.reset()
    assert send(server.port, request_bytes(b'{"model":"gpt-4o-realtime-preview"}', headers=JSON_AUTH)).status == 200
    refused = send(server.port, request_bytes(many_bad_tools(), headers=JSON_AUTH))
    assert refused.status == 429
    assert len(entry_for(server, refused)["violations"]) == 100


@pytest.mark.parametrize(
    ("headers", "session", "param"),
    [
        pytest.param({"OpenAI-Beta": "realtime=v1"}, {}, "session.tools[0].x", id="beta"),
        pytest.param({}, {"type": "realtime"}, "session.tools[0].x", id="ga"),
    ],
)
def test_a_websocket_update_failing_everywhere_is_answered_with_its_first_violation(
    serve, headers, session, param
) -> None:
    server = serve()
    url = f"ws://127.0.0.1:{server.port}/v1/realtime?model=gpt-4o-realtime-preview"
    update = {"type": "session.update", "session": {**session, "tools": [{"x": 1}] * BAD_TOOLS}}
    with connect(url, additional_headers={"Authorization": f"Bearer {KEY}", **headers}, max_size=None) as ws:
        assert orjson.loads(ws.recv(timeout=5))["type"] == "session.created"
        ws.send(orjson.dumps(update).decode())
        event = orjson.loads(ws.recv(timeout=10))
    assert event["type"] == "error"
    assert event["error"]["param"] == param


# GA sessions are a union of session types told apart by `type`: a body failing in 80,000
# places inside it must be explained through its own branch only, and only until the cap.
GA_BAD_TOOLS = 80_000
GA_PATH = "/v1/realtime/client_secrets"


def ga_bad_session() -> dict:
    return {"type": "realtime", "tools": [{"xx": 12345}] * GA_BAD_TOOLS}


def test_a_1_mib_ga_session_failing_everywhere_is_capped_and_the_server_stays_up(serve) -> None:
    server = serve()
    body = orjson.dumps({"session": ga_bad_session()})
    assert 1_000_000 < len(body) <= 1_048_576  # up to the default body limit, not past it
    response = send(server.port, request_bytes(body, path=GA_PATH, headers=JSON_AUTH), timeout=30)
    assert response.status == 400
    assert response.json()["error"] == {
        "message": "Unknown parameter: 'session.tools[0].xx'.", "type": "invalid_request_error",
        "param": "session.tools[0].xx", "code": "unknown_parameter"}
    assert len(entry_for(server, response)["violations"]) == MAX_VIOLATIONS
    health = send(server.port, request_bytes(None, method="GET", path="/__mock/health"), timeout=30)
    assert health.status == 200


def test_a_ga_session_update_failing_everywhere_gets_its_first_violation_and_the_socket_lives(serve) -> None:
    server = serve()
    url = f"ws://127.0.0.1:{server.port}/v1/realtime?model=gpt-realtime"
    update = {"type": "session.update", "session": ga_bad_session()}
    with connect(url, additional_headers={"Authorization": f"Bearer {KEY}"}, max_size=None) as ws:
        assert orjson.loads(ws.recv(timeout=30))["type"] == "session.created"
        ws.send(orjson.dumps(update).decode())
        event = orjson.loads(ws.recv(timeout=30))
        assert event["type"] == "error"
        assert (event["error"]["param"], event["error"]["code"]) == ("session.tools[0].xx", "unknown_parameter")
        health = send(server.port, request_bytes(None, method="GET", path="/__mock/health"), timeout=30)
        assert health.status == 200
        ws.send(orjson.dumps({"type": "session.update", "session": {"type": "realtime"}}).decode())
        assert orjson.loads(ws.recv(timeout=30))["type"] == "session.updated"
