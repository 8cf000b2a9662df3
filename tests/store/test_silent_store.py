"""A store that accepts connections but never answers (a hung host, a full backlog): each
request that needs it waits at most the bounded timeout, then gets OpenAI's 503, and
while the failure is fresh the next ones get it at once."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from mock_realtime.settings import Settings
from mock_realtime.store.outage import RETRY_INTERVAL_SECONDS
from mock_realtime.store.redis_link import TIMEOUT_SECONDS
from mock_realtime.web.app import create_app
from tests.helpers import AUTH, MINIMAL


@pytest.fixture
def silent_url() -> Iterator[str]:
    """A loopback port whose kernel completes the TCP handshake, and nothing more."""
    with socket.create_server(("127.0.0.1", 0), backlog=8) as listener:
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"


def _timed(client: TestClient) -> tuple[int, str, float]:
    started = time.monotonic()
    answer = client.post("/v1/realtime/sessions", json=MINIMAL, headers=AUTH)
    return answer.status_code, answer.json()["error"]["code"], time.monotonic() - started


def test_a_silent_store_costs_one_bounded_wait_then_answers_503_at_once(silent_url: str) -> None:
    with TestClient(create_app(Settings(store=silent_url))) as client:
        status, code, first = _timed(client)
        assert (status, code) == (503, "store_unavailable")
        assert TIMEOUT_SECONDS * 0.9 < first < TIMEOUT_SECONDS * 3
        status, code, second = _timed(client)
        assert (status, code) == (503, "store_unavailable")
        assert second < RETRY_INTERVAL_SECONDS / 2  # the breaker answers; nothing waits on the socket
