"""The memory of issued secrets: remembered, bounded, and expired ones dropped."""

from __future__ import annotations

import pytest

from mock_realtime.secret_store import SecretStore
from tests.conftest import AUTH, MINIMAL, NOW

pytestmark = pytest.mark.every_store  # none of these depends on where state is kept


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
        store.add(session(f"ek_{i}", 100), now=0)
    assert [s.value for s in store.all()] == ["ek_2", "ek_3", "ek_4"]


def test_store_drops_secrets_expired_longer_than_retention() -> None:
    store = SecretStore(capacity=100, retention=10)
    store.add(session("ek_old", 100), now=0)
    store.add(session("ek_new", 200), now=105)
    assert store.get("ek_old") is not None  # expired 5 s ago: still known, as expired
    store.add(session("ek_newer", 300), now=111)
    assert store.get("ek_old") is None
    assert [s.value for s in store.all()] == ["ek_new", "ek_newer"]
