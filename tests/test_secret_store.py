"""The memory of issued secrets: remembered, bounded, and expired ones dropped; each kept as its
session's JSON text, so reading gives the session back whole and storing costs little memory."""

from __future__ import annotations

import gc
import tracemalloc

import pytest

from mock_realtime.secret_store import IssuedSecret, SecretStore
from tests.helpers import AUTH, MINIMAL, NOW

pytestmark = pytest.mark.every_store  # none of these depends on where state is kept


def as_issued(session: dict) -> IssuedSecret:
    """What the endpoint stores for a beta-shaped session: its secret, and the session."""
    secret = session["client_secret"]
    return IssuedSecret.of(secret["value"], secret["expires_at"], session)


def session(value: str, expires_at: int) -> dict:
    return {"id": "sess_x", "client_secret": {"value": value, "expires_at": expires_at}}


def test_store_remembers_what_the_endpoint_issued(client, app) -> None:
    minted = client.post("/v1/realtime/sessions", json=MINIMAL, headers=AUTH).json()
    issued = app.state.mock.secrets.get(minted["client_secret"]["value"])
    assert issued is not None
    assert issued.session == minted
    assert issued.is_valid(NOW)
    assert not issued.is_valid(NOW + 60)


def test_store_is_bounded_oldest_first() -> None:
    store = SecretStore(capacity=3, retention=3600)
    for i in range(5):
        store.add(as_issued(session(f"ek_{i}", 100)), now=0)
    assert [s.value for s in store.all()] == ["ek_2", "ek_3", "ek_4"]


def test_store_drops_secrets_expired_longer_than_retention() -> None:
    store = SecretStore(capacity=100, retention=10)
    store.add(as_issued(session("ek_old", 100)), now=0)
    store.add(as_issued(session("ek_new", 200)), now=105)
    assert store.get("ek_old") is not None  # expired 5 s ago: still known, as expired
    store.add(as_issued(session("ek_newer", 300)), now=111)
    assert store.get("ek_old") is None
    assert [s.value for s in store.all()] == ["ek_new", "ek_newer"]


def test_stored_session_reads_back_as_the_answered_session(app, client) -> None:
    answered = client.post("/v1/realtime/sessions", json={**MINIMAL, "voice": "verse"}, headers=AUTH).json()
    issued = app.state.mock.secrets.get(answered["client_secret"]["value"])
    assert issued is not None
    assert issued.session == answered
    assert issued.expires_at == answered["client_secret"]["expires_at"]


def test_each_read_is_a_fresh_copy() -> None:
    store = SecretStore(capacity=5, retention=0)
    session = {"id": "sess_1", "tools": [], "client_secret": {"value": "ek_1", "expires_at": 10}}
    kept = store.add(as_issued(session), now=0)
    kept.session["tools"].append("changed")
    assert kept.session["tools"] == []


def test_stored_sessions_add_no_objects_for_the_garbage_collector_to_scan() -> None:
    store = SecretStore(capacity=1000, retention=0)
    session = {"id": "s", "turn_detection": {"a": [1, 2]}, "tools": [{"name": "f", "parameters": {}}]}
    gc.collect()
    before = len(gc.get_objects())
    for i in range(1000):
        store.add(as_issued({**session, "client_secret": {"value": f"ek_{i}", "expires_at": 10}}), now=0)
    gc.collect()
    # One record per secret (plus the store's own table), not the thirty-odd of a live session.
    assert len(gc.get_objects()) - before < 1100


def test_stored_sessions_take_about_their_json_length_in_memory() -> None:
    store = SecretStore(capacity=1000, retention=0)
    session = {"id": "s", "instructions": "x" * 600, "tools": [{"name": "f", "parameters": {}}]}
    tracemalloc.start()
    try:
        for i in range(1000):
            store.add(as_issued({**session, "client_secret": {"value": f"ek_{i}", "expires_at": 10}}), now=0)
        used, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # About 700 bytes of JSON each; spare buffer room (4 KiB a session from orjson's bytes) would show.
    assert used < 1000 * 1200
