"""Helpers for the Realtime WebSocket tests: read server events, each checked against the
contract's server-event schema, so every test also checks the shape of what it receives.
The `mint` and `open_realtime` fixtures live in tests/conftest.py."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection

from mock_realtime.contract.checker import schema_validator
from mock_realtime.contract.snapshot import load_contract
from tests.websocket.sdk_events import sdk_event

MODEL = "gpt-4o-realtime-preview-2024-12-17"
TIMEOUT = 5
_CONTRACT = load_contract("2024-12-17")
_SERVER_EVENTS = schema_validator(_CONTRACT.schemas["server_event"], _CONTRACT.schemas.values())


def browser_subprotocols(key: str) -> list[str]:
    return ["realtime", f"openai-insecure-api-key.{key}", "openai-beta.realtime-v1"]


def recv_event(ws: ClientConnection) -> dict[str, Any]:
    """The next server event on a beta socket, checked against the snapshot's schema and
    strictly against the SDK's beta models."""
    event: dict[str, Any] = orjson.loads(ws.recv(timeout=TIMEOUT))
    _SERVER_EVENTS.validate(event)
    sdk_event(event, "beta")
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
