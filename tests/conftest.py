"""Shared fixtures and Hypothesis profiles.

`HYPOTHESIS_PROFILE=ci` (what .ci/run sets) runs at least 1,000 examples per property;
the default `dev` profile is quick for local runs. Neither writes an example database
into the repository."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, settings
from starlette.testclient import TestClient
from websockets.sync.client import ClientConnection, connect

from mock_realtime.clock import Clock
from mock_realtime.settings import Settings
from mock_realtime.store.interface import TimeSource
from mock_realtime.web.app import create_app
from mock_realtime.web.server import ThreadedServer
from tests.helpers import AUTH, NOW
from tests.redis_server import MISSING, REDIS_SERVER, RedisServer
from tests.websocket.helpers import MODEL, TIMEOUT, browser_subprotocols

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=1000, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--soak-seconds", type=float, default=3.0,
        help="How long the reliability soak keeps the server under load (default 3 s, as in CI).",
    )
    parser.addoption(
        "--fuzz-seconds", type=float, default=30.0,
        help="How long the protocol fuzzer drives hostile input at the server (default 30 s, as in CI).",
    )


STORES = ("memory://", "redis")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "every_store: run the module's app-based tests on the memory store and on Redis."
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A module marked every_store runs each test that builds the app once per store."""
    if "store_url" in metafunc.fixturenames and metafunc.definition.get_closest_marker("every_store"):
        metafunc.parametrize("store_url", STORES, indirect=True, ids=["memory", "redis"])


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One real redis-server for the test session."""
    if REDIS_SERVER is None:
        pytest.skip(MISSING)
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def store_url(request: pytest.FixtureRequest) -> str:
    """memory://, unless the module is marked every_store: then also an emptied Redis database."""
    if getattr(request, "param", "memory://") == "memory://":
        return "memory://"
    server: RedisServer = request.getfixturevalue("redis_server")
    import redis

    with redis.Redis.from_url(server.url) as client:
        client.flushdb()
    return server.url


@pytest.fixture
def clock(store_url: str) -> Iterator[TimeSource]:
    """A clock fixed at NOW, so expiry is exact and tests never sleep; the shared one in Redis
    when the test runs on the Redis store."""
    if store_url == "memory://":
        fixed = Clock()
        fixed.set(NOW)
        yield fixed
        return
    from mock_realtime.store.redis_clock import RedisClock
    from mock_realtime.store.redis_link import RedisLink

    link = RedisLink(store_url)
    shared = RedisClock(link)
    shared.set(NOW)
    yield shared
    link.client.close()


@pytest.fixture
def mock_settings() -> Settings:
    return Settings()


@pytest.fixture
def app(mock_settings: Settings, clock: TimeSource, store_url: str):  # type: ignore[no-untyped-def]
    built = create_app(dataclasses.replace(mock_settings, store=store_url), clock=clock)
    yield built
    built.state.mock.store.close()


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """In-process: the ASGI app without a socket."""
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def live_server(app) -> Iterator[ThreadedServer]:  # type: ignore[no-untyped-def]
    """The same app under a real uvicorn on a real loopback socket."""
    server = ThreadedServer(app, Settings(port=0)).start()
    yield server
    server.stop()


@pytest.fixture(params=["in-process", "socket"])
def make_http(request, clock, store_url):  # type: ignore[no-untyped-def]
    """A factory: settings in, an httpx-style client out, talking to the mock either
    in-process (ASGI) or through a real uvicorn socket. Tests using it run both ways."""
    opened: list[Callable[[], None]] = []

    def make(settings: Settings | None = None) -> httpx.Client:
        mock_app = create_app(dataclasses.replace(settings or Settings(), store=store_url), clock=clock)
        opened.append(mock_app.state.mock.store.close)
        if request.param == "in-process":
            test_client = TestClient(mock_app, raise_server_exceptions=False)
            opened.append(test_client.close)
            return test_client
        server = ThreadedServer(mock_app, Settings(port=0)).start()
        http_client = httpx.Client(base_url=server.base_url)
        opened.extend([server.stop, http_client.close])
        return http_client

    yield make
    for close in reversed(opened):
        close()


@pytest.fixture
def http(make_http) -> httpx.Client:  # type: ignore[no-untyped-def]
    """The default mock, in-process and over a socket."""
    return make_http()


@pytest.fixture
def mint(live_server: ThreadedServer) -> Callable[..., dict[str, Any]]:
    """mint(**fields) -> a session minted over the live server's sessions endpoint."""
    def mint_session(**fields: Any) -> dict[str, Any]:
        response = httpx.post(
            f"{live_server.base_url}/v1/realtime/sessions", json={"model": MODEL, **fields}, headers=AUTH
        )
        assert response.status_code == 200, response.text
        session: dict[str, Any] = response.json()
        return session

    return mint_session


@pytest.fixture
def open_realtime(live_server: ThreadedServer) -> Callable[..., Any]:
    """open_realtime(key=..., via="header"|"subprotocol", model=...) -> context manager."""
    base = live_server.base_url.replace("http://", "ws://", 1)

    @contextmanager
    def opened(
        key: str | None = None, *, via: str = "header", model: str | None = MODEL, **options: Any
    ) -> Iterator[ClientConnection]:
        url = f"{base}/v1/realtime" + (f"?model={model}" if model is not None else "")
        if key is not None and via == "header":
            options["additional_headers"] = {"Authorization": f"Bearer {key}", "OpenAI-Beta": "realtime=v1"}
        elif key is not None:
            options["subprotocols"] = browser_subprotocols(key)
        with connect(url, open_timeout=TIMEOUT, **options) as ws:
            yield ws

    return opened
