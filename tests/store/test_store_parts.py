"""Each part of the store behaves the same in memory and in Redis: the same calls, the
same bounds, the same answers. Redis is a real redis-server, emptied for each test."""

from __future__ import annotations

import time

import pytest

from mock_realtime.admin.faults import MAX_QUEUED, Fault
from mock_realtime.errors import InvalidRequestError
from mock_realtime.secret_store import IssuedSecret
from mock_realtime.settings import Settings
from mock_realtime.store import open_store
from mock_realtime.store.interface import Store
from tests.helpers import NOW

SETTINGS = {"max_secrets": 3, "secret_retention": 10, "journal_size": 2}


@pytest.fixture(params=["memory", "redis"])
def store(request: pytest.FixtureRequest) -> Store:
    url = "memory://"
    if request.param == "redis":
        import redis

        url = request.getfixturevalue("redis_server").url
        with redis.Redis.from_url(url) as client:
            client.flushdb()
    return open_store(Settings(store=url, **SETTINGS), limit=2)


def session(value: str, expires_at: int) -> IssuedSecret:
    beta = {"id": f"sess_{value}", "client_secret": {"value": value, "expires_at": expires_at}}
    return IssuedSecret.of(value, expires_at, beta, snapshot="2024-12-17")


def test_secrets_past_capacity_drop_the_oldest(store: Store) -> None:
    for number in range(4):
        store.secrets.add(session(f"ek_{number}", 100), now=0)
    assert [issued.value for issued in store.secrets.all()] == ["ek_1", "ek_2", "ek_3"]
    assert (store.secrets.get("ek_0"), len(store.secrets)) == (None, 3)


def test_expired_secrets_are_kept_for_the_retention_then_dropped(store: Store) -> None:
    store.secrets.add(session("ek_old", 60), now=0)
    store.secrets.add(session("ek_new", 75), now=65)  # ek_old expired 5 s ago: still known
    held = store.secrets.get("ek_old")
    assert held is not None
    assert (held.is_valid(65), held.session["id"], held.snapshot) == (False, "sess_ek_old", "2024-12-17")
    store.secrets.add(session("ek_newer", 80), now=70)  # 10 s past expiry: the retention is over
    assert store.secrets.get("ek_old") is None
    assert [issued.value for issued in store.secrets.all()] == ["ek_new", "ek_newer"]


def test_journal_keeps_the_newest_and_counts_the_dropped(store: Store) -> None:
    for number in range(5):
        store.journal.record({"n": number} if number % 2 else (lambda number=number: {"n": number}))
    assert ([entry["n"] for entry in store.journal.entries()], store.journal.dropped) == ([3, 4], 3)
    store.journal.clear()
    assert (store.journal.entries(), store.journal.dropped, len(store.journal)) == ([], 0, 0)


def test_faults_are_taken_in_order_each_as_often_as_queued(store: Store) -> None:
    store.faults.push(Fault(status=500), 2)
    store.faults.push(Fault(latency_ms=300, disconnect=True), 1)
    assert store.faults.pending() == [
        {"status": 500, "latency_ms": 0, "disconnect": False, "count": 2},
        {"status": None, "latency_ms": 300, "disconnect": True, "count": 1},
    ]
    taken = [store.faults.take() for _ in range(4)]
    assert taken == [Fault(status=500), Fault(status=500), Fault(latency_ms=300, disconnect=True), None]


def test_a_full_fault_queue_refuses_one_more(store: Store) -> None:
    for _ in range(MAX_QUEUED):
        store.faults.push(Fault(status=503), 1)
    with pytest.raises(InvalidRequestError) as refused:
        store.faults.push(Fault(status=503), 1)
    assert refused.value.code == "fault_queue_full"


def test_quota_admits_the_limit_then_refuses_until_the_window_passes(store: Store) -> None:
    quota = store.quota
    assert quota is not None
    assert quota.admit(NOW) == {"x-ratelimit-limit-requests": "2", "x-ratelimit-remaining-requests": "1",
                                "x-ratelimit-reset-requests": "1m0s"}
    assert quota.admit(NOW + 20) is not None
    assert quota.admit(NOW + 30) is None
    refusal = quota.refusal(NOW + 30, model="gpt-4o-realtime-preview")
    assert "Limit 2, Used 2, Requested 1. Please try again in 30s." in refusal.message
    assert refusal.headers["retry-after"] == "30"
    assert quota.admit(NOW + 60) is not None  # the first left the window
    assert quota.admit(NOW - 100) is not None  # a clock set back forgets what is now in the future


def test_clock_advances_sets_and_resets(store: Store) -> None:
    clock = store.clock
    clock.advance(3600)
    assert abs(clock.now() - (time.time() + 3600)) < 5
    clock.set(NOW)
    clock.advance(90.5)
    assert clock.now() == NOW + 90.5
    clock.reset()
    assert abs(clock.now() - time.time()) < 5


def test_reset_empties_every_part(store: Store) -> None:
    store.secrets.add(session("ek_1", 100), now=0)
    store.journal.record({"n": 1})
    store.faults.push(Fault(status=500), 1)
    assert store.quota is not None
    store.quota.admit(NOW)
    store.clock.set(NOW)
    store.reset()
    assert (store.secrets.all(), store.journal.entries(), store.faults.pending()) == ([], [], [])
    assert store.quota.admit(NOW) is not None
    assert store.quota.admit(NOW) is not None  # the full quota of 2 again
    assert abs(store.clock.now() - time.time()) < 5
