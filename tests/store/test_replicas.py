"""Two replicas of one mock, as separate processes sharing one Redis: whichever replica
serves a request, the mock answers as one mock would."""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import orjson
import pytest
from websockets.exceptions import ConnectionClosed

from tests.helpers import AUTH, NOW
from tests.store.replicas import Replica
from tests.websocket.helpers import MODEL, TIMEOUT, recv_event

SESSIONS = "/v1/realtime/sessions"
# The notes' words for a refused key on the Realtime socket: close 3000, invalid_api_key.
REFUSED_CLOSE = (3000, "invalid_request_error.invalid_api_key")


def test_secret_minted_on_one_replica_opens_the_websocket_on_the_other(replicas) -> None:
    a, b = replicas
    minted = a.mint(voice="verse", instructions="Be brief.")
    created = b.first_event(minted["client_secret"]["value"])
    assert created["type"] == "session.created"
    assert created["session"]["id"] == minted["id"]
    assert (created["session"]["voice"], created["session"]["instructions"]) == ("verse", "Be brief.")


def test_journal_read_on_one_replica_lists_the_others_request(replicas) -> None:
    a, b = replicas
    answer = a.http.post(SESSIONS, json={"model": MODEL, "temperature": 0.7}, headers=AUTH)
    [entry] = b.admin("GET", "/requests")["data"]
    assert entry["request_id"] == answer.headers["x-request-id"]
    assert (entry["status"], entry["body"]["temperature"]) == (200, 0.7)
    assert entry["headers"]["authorization"] == "Bearer sk-*****************cdef"  # masked, as on one replica


def _post(replica: Replica) -> int:
    return replica.http.post(SESSIONS, json={"model": MODEL}, headers=AUTH).status_code


def test_faults_queued_through_one_replica_are_taken_exactly_once_under_load_on_both(replicas) -> None:
    a, b = replicas
    for status, count in ((500, 80), (502, 70), (504, 50)):  # 200 faults in all
        a.admin("POST", "/faults", {"status": status, "count": count})
    targets = [a, b] * 150  # 300 requests, half on each replica, 8 at a time
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = Counter(pool.map(_post, targets))
    assert statuses == {500: 80, 502: 70, 504: 50, 200: 100}
    journal = b.admin("GET", "/requests")["data"]
    assert len(journal) == 300
    assert sum(entry["fault"] is not None for entry in journal) == 200
    assert _post(b) == 200  # nothing left queued


def test_rate_limit_counts_the_requests_of_both_replicas(start_replica) -> None:
    a, b = start_replica("--rate-limit", "10/min"), start_replica("--rate-limit", "10/min")
    a.admin("POST", "/clock", {"set": NOW})  # a stopped clock: the window cannot slide mid-test
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = Counter(pool.map(_post, [a, b] * 8))
    assert statuses == {200: 10, 429: 6}
    refused = b.http.post(SESSIONS, json={"model": MODEL}, headers=AUTH).json()["error"]
    assert "Limit 10, Used 10, Requested 1." in refused["message"]
    b.admin("POST", "/clock", {"advance_seconds": 60})  # the window has passed, for both
    assert _post(a) == 200


def test_clock_advanced_on_one_replica_expires_secrets_on_the_other(replicas) -> None:
    a, b = replicas
    a.admin("POST", "/clock", {"set": NOW})
    value = a.mint()["client_secret"]["value"]
    assert b.admin("GET", f"/secrets/{value}")["valid"] is True
    a.admin("POST", "/clock", {"advance_seconds": 60})  # the contract's TTL: 60 s
    assert b.admin("GET", f"/secrets/{value}")["valid"] is False
    with b.realtime(value) as ws:
        assert recv_event(ws)["error"]["code"] == "invalid_api_key"
        with pytest.raises(ConnectionClosed):
            ws.recv(timeout=TIMEOUT)
        assert (ws.close_code, ws.close_reason) == REFUSED_CLOSE


def test_reset_on_one_replica_clears_what_the_other_recorded(replicas) -> None:
    a, b = replicas
    b.mint()
    b.admin("POST", "/faults", {"status": 500})
    b.admin("POST", "/clock", {"advance_seconds": 3600})
    a.admin("POST", "/reset")
    assert (b.admin("GET", "/requests")["data"], b.admin("GET", "/sessions")["data"]) == ([], [])
    assert _post(b) == 200  # the fault is gone too
    back_to_real_time = b.admin("POST", "/clock", {"advance_seconds": 0})["now"]
    assert abs(back_to_real_time - time.time()) < 60  # not an hour ahead any more


def _reply_heard(replica: Replica, key: str) -> str:
    """One text turn on `replica`'s socket: the text the mock's reply streamed."""
    with replica.realtime(key) as ws:
        assert recv_event(ws)["type"] == "session.created"
        ws.send(orjson.dumps({"type": "response.create", "response": {"modalities": ["text"]}}).decode())
        while (event := recv_event(ws))["type"] != "response.done":
            if event["type"] == "response.text.done":
                text: str = event["text"]
    return text


def test_a_reply_queued_through_one_replica_is_spoken_once_by_the_other(replicas) -> None:
    a, b = replicas
    a.admin("POST", "/replies", {"replies": [{"text": "Shared by both."}, {"text": "Then this."}]})
    assert [r["text"] for r in b.admin("GET", "/replies")["data"]] == ["Shared by both.", "Then this."]
    key = a.mint()["client_secret"]["value"]
    assert _reply_heard(b, key) == "Shared by both."
    assert _reply_heard(a, key) == "Then this."
    assert a.admin("GET", "/replies")["data"] == []
