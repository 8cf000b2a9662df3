"""The access log: request id, method, path, status and latency for every request,
as text or JSON, and never the Authorization value."""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from starlette.websockets import WebSocketDisconnect

from mock_realtime.web.access_log import ACCESS_LOGGER, AccessLog
from mock_realtime.web.log_config import JSONFormatter, log_config
from tests.helpers import API_KEY, AUTH, MINIMAL, free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def access_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger=ACCESS_LOGGER)
    return caplog


def records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == ACCESS_LOGGER]


def test_access_log_carries_request_id_status_and_latency(client, access_log) -> None:
    response = client.post("/v1/realtime/sessions", json=MINIMAL, headers=AUTH)
    [record] = records(access_log)
    fields = record.access  # type: ignore[attr-defined]
    assert fields["request_id"] == response.headers["x-request-id"]
    assert (fields["method"], fields["path"], fields["status"]) == ("POST", "/v1/realtime/sessions", 200)
    assert fields["latency_ms"] >= 0
    request_id = response.headers["x-request-id"]
    assert record.getMessage().startswith(f"{request_id} POST /v1/realtime/sessions 200 ")


def test_access_log_never_shows_the_api_key(client, access_log) -> None:
    client.post("/v1/realtime/sessions?key=x", json={"model": "nope"}, headers=AUTH)
    logged = records(access_log)
    formatted = [JSONFormatter().format(r) for r in logged] + [r.getMessage() for r in logged]
    assert formatted
    assert not [line for line in formatted if API_KEY in line or API_KEY[-4:] in line]


@pytest.mark.parametrize(("method", "path", "status"), [("GET", "/v1/realtime/sessions", 405),
                                                       ("GET", "/nowhere", 404)], ids=["405", "404"])
def test_access_log_records_routing_errors_with_their_request_id(client, access_log, method, path,
                                                                 status) -> None:
    response = client.request(method, path, headers=AUTH)
    [record] = records(access_log)
    assert record.access["status"] == status == response.status_code  # type: ignore[attr-defined]
    assert record.access["request_id"] == response.headers["x-request-id"]  # type: ignore[attr-defined]


def test_json_formatter_puts_access_fields_at_the_top_level(client, access_log) -> None:
    client.get("/__mock/health")
    line = json.loads(JSONFormatter().format(records(access_log)[0]))
    assert line["logger"] == ACCESS_LOGGER
    assert line["level"] == "info"
    assert {k: line[k] for k in ("method", "path", "status", "request_id")} == {
        "method": "GET", "path": "/__mock/health", "status": 200, "request_id": None,
    }
    assert "message" not in line


def test_log_config_rejects_an_unknown_format() -> None:
    with pytest.raises(ValueError, match="'xml'"):
        log_config("xml")


def test_health_answers_ok_without_a_key(client) -> None:
    response = client.get("/__mock/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def _failing_app(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
    raise RuntimeError("boom")


def test_access_log_records_a_failed_request_as_500(access_log) -> None:
    import asyncio

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b""}

    async def send(message: object) -> None:
        raise AssertionError("nothing is sent by a failing app")

    scope = {"type": "http", "method": "POST", "path": "/v1/realtime/sessions", "headers": []}
    with pytest.raises(RuntimeError, match="boom"):
        asyncio.run(AccessLog(_failing_app)(scope, receive, send))
    [record] = records(access_log)
    assert record.access["status"] == 500  # type: ignore[attr-defined]


def test_serve_logs_json_lines_without_the_key() -> None:
    """Through the real CLI: `serve --log-format json` on stderr, one object per request."""
    port = free_port()
    command = [sys.executable, "-m", "mock_realtime", "serve", "--port", str(port), "--log-format", "json"]
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True, cwd=ROOT) as server:
        try:
            response = post_when_listening(f"http://127.0.0.1:{port}/v1/realtime/sessions", server)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=10)
        lines = [json.loads(line) for line in (server.stderr.read() if server.stderr else "").splitlines()]
    [access] = [line for line in lines if line["logger"] == ACCESS_LOGGER]
    assert access["request_id"] == response.headers["x-request-id"]
    assert (access["status"], access["method"]) == (200, "POST")
    assert not [line for line in lines if API_KEY in json.dumps(line)]


def test_serve_stops_on_ctrl_c_without_a_stray_line() -> None:
    """After Ctrl+C the JSON log stays pure JSON, and the exit status is the conventional 130.
    The server starts with Ctrl+C's default disposition, as from a terminal: a suite run in
    the background (`nohup ... &`) passes SIGINT on ignored, and uvicorn then stops
    gracefully but cannot re-raise it, so the status would be 0."""
    port = free_port()
    command = [sys.executable, "-m", "mock_realtime", "serve", "--port", str(port), "--log-format", "json"]
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)) as server:
        try:
            post_when_listening(f"http://127.0.0.1:{port}/v1/realtime/sessions", server)
        finally:
            server.send_signal(signal.SIGINT)
        assert server.wait(timeout=10) == 130
        stderr = server.stderr.read() if server.stderr else ""
    assert [json.loads(line)["level"] for line in stderr.splitlines()]



def post_when_listening(url: str, server: subprocess.Popen[str]) -> httpx.Response:
    deadline = time.monotonic() + 30
    while True:
        try:
            return httpx.post(url, json=MINIMAL, headers=AUTH, trust_env=False)
        except httpx.ConnectError:
            assert server.poll() is None, "the server exited"
            assert time.monotonic() < deadline, "the server never listened"


def test_access_log_masks_a_client_secret_in_the_path(client, access_log) -> None:
    secret = client.post("/v1/realtime/sessions", json=MINIMAL, headers=AUTH).json()["client_secret"]["value"]
    assert client.get(f"/__mock/secrets/{secret}").status_code == 200
    logged = " ".join(r.getMessage() for r in records(access_log))
    assert secret not in logged
    assert f"/__mock/secrets/{secret[:3]}" in logged


def test_a_websocket_handshake_is_one_line_when_it_is_answered(client, access_log) -> None:
    with client.websocket_connect(f"/v1/realtime?model=gpt-4o-realtime-preview&api_key={API_KEY}",
                                  headers={**AUTH, "OpenAI-Beta": "realtime=v1"}) as socket:
        assert socket.receive_json()["type"] == "session.created"
        [record] = records(access_log)  # logged at the accept, while the socket is open
    fields = record.access  # type: ignore[attr-defined]
    assert (fields["method"], fields["path"], fields["status"]) == ("GET", "/v1/realtime", 101)
    assert fields["request_id"].startswith("req_")
    assert API_KEY not in record.getMessage()  # nor the query string


def test_a_websocket_refused_before_it_is_accepted_is_logged_403(client, access_log) -> None:
    with pytest.raises(WebSocketDisconnect), client.websocket_connect("/v1/no-such-socket"):
        pass
    [record] = records(access_log)
    fields = record.access  # type: ignore[attr-defined]
    assert (fields["method"], fields["path"], fields["status"], fields["request_id"]) == (
        "GET", "/v1/no-such-socket", 403, None)
