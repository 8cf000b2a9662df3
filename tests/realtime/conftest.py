"""Helpers for the Realtime WebSocket tests: mint a session over HTTP, open the socket
with either kind of auth, and read server events, each checked against the contract's
server-event schema, so every test also checks the shape of what it receives."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import orjson
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from mock_realtime.contract.snapshot import load_contract
from mock_realtime.web.server import ThreadedServer
from tests.conftest import AUTH

MODEL = "gpt-4o-realtime-preview-2024-12-17"
TIMEOUT = 5
_SERVER_EVENTS = load_contract("2024-12-17").validator("server_event")


def browser_subprotocols(key: str) -> list[str]:
    return ["realtime", f"openai-insecure-api-key.{key}", "openai-beta.realtime-v1"]


def recv_event(ws: ClientConnection) -> dict[str, Any]:
    event: dict[str, Any] = orjson.loads(ws.recv(timeout=TIMEOUT))
    _SERVER_EVENTS.validate(event)
    return event


def send_event(ws: ClientConnection, event: dict[str, Any] | str) -> dict[str, Any]:
    """Send one client message and return the server's answer to it."""
    ws.send(event if isinstance(event, str) else orjson.dumps(event).decode())
    return recv_event(ws)


def close_of(ws: ClientConnection) -> tuple[int | None, str | None]:
    """Wait for the server to close; its close code and reason."""
    with pytest.raises(ConnectionClosed):
        ws.recv(timeout=TIMEOUT)
    return ws.close_code, ws.close_reason


@pytest.fixture
def mint(live_server: ThreadedServer) -> Callable[..., dict[str, Any]]:
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
