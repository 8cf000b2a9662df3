"""Faults: queued with POST /__mock/faults or chosen with X-Mock-Fault; OpenAI-faithful
answers, delays and dropped connections, each journaled like any other request."""

from __future__ import annotations

import logging
import socket
import threading
import time

import httpx
import pytest

from mock_realtime.admin.faults import Fault, fault_from, fault_from_header
from mock_realtime.errors import InvalidRequestError
from mock_realtime.web.access_log import ACCESS_LOGGER
from tests.helpers import AUTH, MINIMAL

pytestmark = pytest.mark.every_store  # none of these depends on where state is kept

SESSIONS = "/v1/realtime/sessions"
RATE_LIMIT_MESSAGE = (
    "Rate limit reached for gpt-4o-mini-realtime-preview in organization org-mockrealtime "
    "on requests per min (RPM): Limit 60, Used 60, Requested 1. Please try again in 1s. "
    "Visit https://platform.openai.com/account/rate-limits to learn more."
)


def _post(client, **headers):  # type: ignore[no-untyped-def]
    return client.post(SESSIONS, json={"model": "gpt-4o-mini-realtime-preview"}, headers={**AUTH, **headers})


def test_queued_429_has_openai_rate_limit_body_and_headers(client) -> None:
    client.post("/__mock/faults", json={"status": 429})
    response = _post(client)
    assert response.status_code == 429
    assert response.json() == {"error": {"message": RATE_LIMIT_MESSAGE, "type": "requests", "param": None,
                                         "code": "rate_limit_exceeded"}}
    assert response.headers["retry-after"] == "1"
    assert response.headers["x-ratelimit-limit-requests"] == "60"
    assert response.headers["x-ratelimit-remaining-requests"] == "0"
    assert response.headers["x-ratelimit-reset-requests"] == "1s"
    assert response.headers["x-request-id"].startswith("req_")


@pytest.mark.parametrize(
    ("status", "message"),
    [(500, "The server had an error while processing your request. Sorry about that!"),
     (503, "The server is overloaded or not ready yet."),
     (502, "Bad Gateway.")],
    ids=["500", "503", "other-5xx"],
)
def test_queued_server_errors_have_server_error_bodies(client, status, message) -> None:
    client.post("/__mock/faults", json={"status": status})
    response = _post(client)
    assert response.status_code == status
    expected = {"message": message, "type": "server_error", "param": None, "code": None}
    assert response.json()["error"] == expected


def test_queued_fault_applies_to_exactly_count_requests_in_queue_order(client) -> None:
    client.post("/__mock/faults", json={"status": 500, "count": 2})
    queued = client.post("/__mock/faults", json={"status": 429}).json()["data"]
    assert [(f["status"], f["count"]) for f in queued] == [(500, 2), (429, 1)]
    assert [_post(client).status_code for _ in range(4)] == [500, 500, 429, 200]


def test_delete_faults_clears_the_queue(client) -> None:
    client.post("/__mock/faults", json={"status": 500, "count": 5})
    assert client.delete("/__mock/faults").json()["data"] == []
    assert _post(client).status_code == 200


def test_faulted_requests_are_journaled_with_body_violations_and_fault(client) -> None:
    client.post("/__mock/faults", json={"status": 503})
    client.post(SESSIONS, json={"model": "nope", "foo": 1}, headers=AUTH)
    entry = client.get("/__mock/requests").json()["data"][0]
    assert (entry["status"], entry["body"]) == (503, {"model": "nope", "foo": 1})
    assert [v["code"] for v in entry["violations"]] == ["unknown_parameter", "invalid_value"]
    assert entry["fault"] == {"status": 503, "latency_ms": 0, "disconnect": False}
    assert entry["response"]["error"]["type"] == "server_error"


def test_latency_fault_delays_then_answers_normally(client) -> None:
    client.post("/__mock/faults", json={"latency_ms": 150})
    started = time.perf_counter()
    response = _post(client)
    assert time.perf_counter() - started >= 0.15  # asyncio.sleep never wakes early
    assert response.status_code == 200
    assert client.get("/__mock/requests").json()["data"][0]["fault"]["latency_ms"] == 150


@pytest.mark.parametrize(
    ("header", "expected"),
    [("status=429", Fault(status=429)), ("latency_ms=300", Fault(latency_ms=300)),
     ("disconnect", Fault(disconnect=True)), ("status=500; latency_ms=20", Fault(status=500, latency_ms=20)),
     (" disconnect=true ,latency_ms=5", Fault(latency_ms=5, disconnect=True))],
    ids=["status", "latency", "disconnect", "status+latency", "spaces-and-comma"],
)
def test_fault_header_forms(header, expected) -> None:
    assert fault_from_header(header) == expected


def test_fault_header_chooses_fault_for_that_request_only(client) -> None:
    client.post("/__mock/faults", json={"status": 500})
    assert _post(client, **{"X-Mock-Fault": "status=429"}).status_code == 429
    assert _post(client).status_code == 500  # the queue was left for the next request
    assert _post(client).status_code == 200


@pytest.mark.parametrize(
    ("header", "param"),
    [("status=abc", "status"), ("status=200", "status"), ("latency_ms=-1", "latency_ms"),
     ("explode", "explode"), ("status=500;disconnect", None), ("count=2", "count"), ("", None)],
    ids=["not-int", "not-error", "negative", "unknown", "status+disconnect", "count", "empty"],
)
def test_bad_fault_header_is_400_and_journaled(client, header, param) -> None:
    response = _post(client, **{"X-Mock-Fault": header})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"].startswith("Invalid X-Mock-Fault header")
    assert (error["type"], error["param"]) == ("invalid_request_error", param)
    assert client.get("/__mock/requests").json()["data"][0]["status"] == 400


@pytest.mark.parametrize(
    "body",
    [{"status": 200}, {"status": 600}, {"count": 0, "status": 500}, {"latency_ms": "slow"}, {"count": 2},
     {"disconnect": False}, {"status": 500, "disconnect": True}, {"status": 500, "colour": "red"}],
    ids=["2xx", "600", "count-0", "latency-type", "no-fault", "disconnect-false", "status+disconnect",
         "unknown"],
)
def test_bad_fault_body_is_400_in_openai_envelope(client, body) -> None:
    response = client.post("/__mock/faults", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "invalid_request_error"
    with pytest.raises(InvalidRequestError):
        fault_from(body)


def _raw_post(base_url: str, fault: str) -> bytes:
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            f"POST {SESSIONS} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer sk-test-0123456789\r\n"
            f"X-Mock-Fault: {fault}\r\nConnection: close\r\n"
            "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}".encode()
        )
        received = b""
        try:
            while chunk := sock.recv(4096):
                received += chunk
        except ConnectionResetError:
            pass
        return received


def test_disconnect_fault_closes_raw_socket_without_a_byte(live_server) -> None:
    assert _raw_post(live_server.base_url, "disconnect") == b""
    assert _raw_post(live_server.base_url, "status=503").startswith(b"HTTP/1.1 503 ")  # server still serves


class _AccessRecords(logging.Handler):
    """Collects access records from the server thread and says when one has arrived."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[dict[str, object]] = []
        self.arrived = threading.Event()

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.access)  # type: ignore[attr-defined]
        self.arrived.set()


def test_disconnect_fault_is_logged_as_444_with_its_request_id(live_server) -> None:
    logger, handler = logging.getLogger(ACCESS_LOGGER), _AccessRecords()
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        assert _raw_post(live_server.base_url, "disconnect") == b""
        assert handler.arrived.wait(10)  # logged once the app has finished with the request
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    [entry] = live_server.app.state.mock.journal.entries()
    [record] = handler.records
    assert (record["status"], record["request_id"]) == (444, entry["request_id"])


def test_disconnect_fault_fails_httpx_and_is_journaled(live_server) -> None:
    url = live_server.base_url
    httpx.post(f"{url}/__mock/faults", json={"disconnect": True, "count": 2})
    with httpx.Client(base_url=url, headers=AUTH) as client:
        for _ in range(2):
            with pytest.raises(httpx.RemoteProtocolError):
                client.post(SESSIONS, json=MINIMAL)
        assert client.post(SESSIONS, json=MINIMAL).status_code == 200
    entries = httpx.get(f"{url}/__mock/requests").json()["data"]
    assert [(e["status"], e["response"], (e["fault"] or {}).get("disconnect")) for e in entries] == [
        (None, None, True), (None, None, True), (200, entries[2]["response"], None)
    ]
    assert entries[0]["body"] == MINIMAL


def test_fault_count_is_bounded(client) -> None:
    # Found by fuzzing the admin API: an unbounded count could not be written back as JSON.
    response = client.post("/__mock/faults", json={"status": 500, "count": 2**70})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "integer_above_max_value"


def test_fault_queue_is_bounded(client) -> None:
    from mock_realtime.admin.faults import MAX_QUEUED

    for _ in range(MAX_QUEUED):
        assert client.post("/__mock/faults", json={"latency_ms": 0}).status_code == 200
    full = client.post("/__mock/faults", json={"latency_ms": 0})
    assert full.status_code == 400
    assert full.json()["error"]["code"] == "fault_queue_full"
    assert client.delete("/__mock/faults").status_code == 200
    assert client.post("/__mock/faults", json={"latency_ms": 0}).status_code == 200
