"""Issued secrets keep their session as JSON text; reading gives the session back whole."""

from __future__ import annotations

import gc
import tracemalloc

from mock_realtime.secret_store import IssuedSecret, SecretStore
from tests.conftest import AUTH, MINIMAL


def issued(session: dict) -> IssuedSecret:
    """What the endpoint stores for a beta-shaped session: its secret, and the session."""
    secret = session["client_secret"]
    return IssuedSecret.of(secret["value"], secret["expires_at"], session)


PATH = "/v1/realtime/sessions"


def test_stored_session_reads_back_as_the_answered_session(app, client) -> None:
    answered = client.post(PATH, json={**MINIMAL, "voice": "verse"}, headers=AUTH).json()
    issued = app.state.mock.secrets.get(answered["client_secret"]["value"])
    assert issued is not None
    assert issued.session == answered
    assert issued.expires_at == answered["client_secret"]["expires_at"]


def test_each_read_is_a_fresh_copy() -> None:
    store = SecretStore(capacity=5, retention=0)
    kept = store.add(issued({"id": "sess_1", "tools": [], "client_secret": {"value": "ek_1", "expires_at": 10}}), now=0)
    kept.session["tools"].append("changed")
    assert kept.session["tools"] == []


def test_stored_sessions_add_no_objects_for_the_garbage_collector_to_scan() -> None:
    store = SecretStore(capacity=1000, retention=0)
    session = {"id": "s", "turn_detection": {"a": [1, 2]}, "tools": [{"name": "f", "parameters": {}}]}
    gc.collect()
    before = len(gc.get_objects())
    for i in range(1000):
        store.add(issued({**session, "client_secret": {"value": f"ek_{i}", "expires_at": 10}}), now=0)
    gc.collect()
    # One record per secret (plus the store's own table), not the thirty-odd of a live session.
    assert len(gc.get_objects()) - before < 1100


def test_stored_sessions_take_about_their_json_length_in_memory() -> None:
    store = SecretStore(capacity=1000, retention=0)
    session = {"id": "s", "instructions": "x" * 600, "tools": [{"name": "f", "parameters": {}}]}
    tracemalloc.start()
    try:
        for i in range(1000):
            store.add(issued({**session, "client_secret": {"value": f"ek_{i}", "expires_at": 10}}), now=0)
        used, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # About 700 bytes of JSON each; spare buffer room (4 KiB a session from orjson's bytes) would show.
    assert used < 1000 * 1200
