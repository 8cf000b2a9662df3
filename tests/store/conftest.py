"""Fixtures for the shared store's tests: a real redis-server that each test (or module)
starts in its own directory, so a test may stop it, and mock replicas sharing it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.redis_server import MISSING, REDIS_SERVER, RedisServer
from tests.store.replicas import Replica, Replicas


def _started_redis(directory: Path) -> RedisServer:
    if REDIS_SERVER is None:
        pytest.skip(MISSING)
    directory.mkdir()
    return RedisServer(directory).start()


@pytest.fixture
def redis_store(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of this test's own, which the test may stop and start again."""
    server = _started_redis(tmp_path / "redis")
    yield server
    server.stop()


@pytest.fixture
def start_replica(redis_store: RedisServer) -> Iterator[Callable[..., Replica]]:
    """start_replica(*serve options) -> a mock process on a free port, sharing redis_store."""
    replicas = Replicas(redis_store)
    yield replicas.start
    replicas.stop()


@pytest.fixture(scope="module")
def _shared_replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Replica, Replica]]:
    redis = _started_redis(tmp_path_factory.mktemp("shared") / "redis")
    replicas = Replicas(redis)
    try:
        yield replicas.start(), replicas.start()
    finally:
        replicas.stop()
        redis.stop()


@pytest.fixture
def replicas(_shared_replicas: tuple[Replica, Replica]) -> tuple[Replica, Replica]:
    """Two replicas started once for the module, reset (through the first) for each test."""
    _shared_replicas[0].admin("POST", "/reset")
    return _shared_replicas
