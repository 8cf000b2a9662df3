"""Replicas of one mock as separate `mock-realtime serve` processes, seen as a client sees them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import orjson
from websockets.sync.client import ClientConnection, connect

from tests.helpers import AUTH
from tests.redis_server import RedisServer
from tests.reliability.server_process import ServerProcess
from tests.websocket.helpers import MODEL, recv_event

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


class Replicas:
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
