"""Replicas of one mock as separate `mock-realtime serve` processes, sharing a real
redis-server that each test starts in its own directory (so a test may stop it)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from websockets.sync.client import ClientConnection, connect

from tests.conftest import AUTH
from tests.realtime.conftest import MODEL, recv_event
from tests.redis_server import MISSING, REDIS_SERVER, RedisServer
from tests.reliability.server_process import ServerProcess

TIMEOUT = 5


class Replica:
    """One mock process, seen as a client sees it."""

    def __init__(self, process: ServerProcess) -> None:
        self.process = process
        self.url = f"http://{process.host}:{process.port}"
        self.http = httpx.Client(base_url=self.url, timeout=TIMEOUT)

    def mint(self, **fields: Any) -> dict[str, Any]:
        response = self.http.post("/v1/realtime/sessions", json={"model": MODEL, **fields}, headers=AUTH)
        assert response.status_code == 200, response.text
        session: dict[str, Any] = response.json()
        return session

    def admin(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self.http.request(method, f"/__mock{path}", content=None if body is None else orjson.dumps(body))
        assert response.status_code == 200, response.text
        return response.json()

    @contextmanager
    def realtime(self, key: str) -> Iterator[ClientConnection]:
        url = self.url.replace("http://", "ws://", 1) + f"/v1/realtime?model={MODEL}"
        headers = {"Authorization": f"Bearer {key}", "OpenAI-Beta": "realtime=v1"}
        with connect(url, open_timeout=TIMEOUT, additional_headers=headers) as ws:
            yield ws

    def first_event(self, key: str) -> dict[str, Any]:
        with self.realtime(key) as ws:
            return recv_event(ws)


def _started_redis(directory: Path) -> RedisServer:
    if REDIS_SERVER is None:
        pytest.skip(MISSING)
    directory.mkdir()
    return RedisServer(directory).start()


class _Replicas:
    """Mock processes sharing one redis-server, stopped together."""

    def __init__(self, redis: RedisServer) -> None:
        self.redis = redis
        self.started: list[Replica] = []

    def start(self, *options: str) -> Replica:
        process = ServerProcess("--store", self.redis.url, "--no-access-log", *options).start()
        self.started.append(Replica(process))
        return self.started[-1]

    def stop(self) -> None:
        for replica in self.started:
            replica.http.close()
            replica.process.stop()


@pytest.fixture
def redis_store(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of this test's own, which the test may stop and start again."""
    server = _started_redis(tmp_path / "redis")
    yield server
    server.stop()


@pytest.fixture
def start_replica(redis_store: RedisServer) -> Iterator[Callable[..., Replica]]:
    """start_replica(*serve options) -> a mock process on a free port, sharing redis_store."""
    replicas = _Replicas(redis_store)
    yield replicas.start
    replicas.stop()


@pytest.fixture(scope="module")
def _shared_replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Replica, Replica]]:
    redis = _started_redis(tmp_path_factory.mktemp("shared") / "redis")
    replicas = _Replicas(redis)
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
