"""Redis stopped under running replicas, then started again: requests that need it get
OpenAI's 503 at once, health says why, and service resumes by itself with everything
recorded before the outage still there."""

from __future__ import annotations

import time
from typing import Any

import openai
import pytest
from websockets.exceptions import ConnectionClosed

from tests.helpers import API_KEY, NOW
from tests.store.replicas import Replica
from tests.websocket.helpers import MODEL, TIMEOUT, recv_event

SESSIONS = "/v1/realtime/sessions"
# Each answer in an outage must come well within the client's timeout: the store's
# bounded waits (0.5 s to connect, none retried), not a hang.
PROMPT_SECONDS = 2.0


def _timed_post(replica: Replica) -> tuple[int, dict[str, Any], float]:
    started = time.monotonic()
    answer = replica.http.post(SESSIONS, json={"model": MODEL}, headers={"Authorization": f"Bearer {API_KEY}"})
    return answer.status_code, answer.json(), time.monotonic() - started


def _served_again(replica: Replica, path: str, deadline_seconds: float = 10) -> bool:
    """Ask `path` until it answers 200 or the deadline passes; each ask is a real request."""
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        if replica.http.get(path).status_code == 200:
            return True
    return False


def _assert_unavailable(replicas: tuple[Replica, Replica], redis_url: str) -> None:
    a, b = replicas
    status, body, seconds = _timed_post(a)
    assert status == 503
    assert seconds < PROMPT_SECONDS
    assert (body["error"]["type"], body["error"]["code"], body["error"]["param"]) == (
        "server_error", "store_unavailable", None)
    assert body["error"]["message"].startswith(f"The mock's shared store ({redis_url}) cannot be reached:")
    health = b.http.get("/__mock/health")
    assert health.status_code == 503
    assert health.json()["store"]["reachable"] is False
    journal = b.http.get("/__mock/requests")
    assert (journal.status_code, journal.json()["error"]["code"]) == (503, "store_unavailable")


def test_outage_answers_503_promptly_and_service_resumes_with_nothing_lost(redis_store, start_replica) -> None:
    a, b = start_replica(), start_replica()
    a.admin("POST", "/clock", {"set": NOW})
    key = a.mint()["client_secret"]["value"]
    a.admin("POST", "/faults", {"status": 502, "count": 2})
    assert _timed_post(b)[0] == 502  # one of the two taken before the outage
    before = [entry["request_id"] for entry in b.admin("GET", "/requests")["data"]]

    redis_store.stop()
    _assert_unavailable((a, b), redis_store.url)
    _assert_unavailable((b, a), redis_store.url)  # again: the breaker answers as clearly
    redis_store.start()

    assert _served_again(a, "/__mock/requests")  # by itself, on ordinary traffic
    assert _served_again(b, "/__mock/health")
    assert [entry["request_id"] for entry in a.admin("GET", "/requests")["data"]] == before
    assert a.admin("POST", "/clock", {"advance_seconds": 0})["now"] == NOW
    assert b.first_event(key)["type"] == "session.created"  # the secret survived
    assert [_timed_post(a)[0], _timed_post(b)[0]] == [502, 200]  # the fault left is taken once


def test_outage_closes_a_realtime_socket_with_an_error_event_and_1011(redis_store, start_replica) -> None:
    a = start_replica()
    key = a.mint()["client_secret"]["value"]
    redis_store.stop()
    with a.realtime(key) as ws:
        event = recv_event(ws)
        with pytest.raises(ConnectionClosed):
            ws.recv(timeout=TIMEOUT)
    assert (event["type"], event["error"]["code"]) == ("error", "store_unavailable")
    assert (ws.close_code, ws.close_reason) == (1011, "server_error.store_unavailable")


def test_outage_reaches_the_openai_sdk_as_its_503_error(redis_store, start_replica) -> None:
    a = start_replica()
    redis_store.stop()
    client = openai.OpenAI(api_key=API_KEY, base_url=f"{a.url}/v1", max_retries=0)
    with pytest.raises(openai.InternalServerError) as raised:
        client.beta.realtime.sessions.create(model=MODEL)
    assert (raised.value.status_code, raised.value.code, raised.value.type) == (
        503, "store_unavailable", "server_error")
