"""Where a conversation engine plugs into a connection: every valid client event that is
not session.update goes to the engine if it handles that type, and its APIErrors reach
the client as error events; a type no engine handles is `not_simulated`."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson

from mock_realtime.contract.snapshot import load_contract
from mock_realtime.errors import InvalidRequestError
from mock_realtime.ids import IdSource
from mock_realtime.websocket.connection import Connection

GA = load_contract("ga")


class _Sent:
    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    async def send(self, event: dict[str, Any]) -> None:
        self.events.append(event)

    async def close(self, code: int, reason: str) -> None:
        self.events.append({"closed": code, "reason": reason})


class _Echo:
    """An engine that answers response.create with one event and refuses response.cancel."""

    def __init__(self, transport: _Sent) -> None:
        self.transport = transport
        self.seen: list[dict[str, Any]] = []

    def handles(self, event_type: str) -> bool:
        return event_type in ("response.create", "response.cancel")

    async def handle(self, event: dict[str, Any]) -> None:
        self.seen.append(event)
        if event["type"] == "response.cancel":
            raise InvalidRequestError("Nothing to cancel.", code="response_cancel_not_active")
        await self.transport.send({"type": "response.created"})


def _connection(engine: bool) -> tuple[Connection, _Sent, _Echo]:
    sent = _Sent()
    echo = _Echo(sent)
    session = {"type": "realtime", "object": "realtime.session", "id": "sess_1", "model": "gpt-realtime"}
    return Connection(GA, IdSource(seed=1), session, transport=sent, engine=echo if engine else None), sent, echo


def _receive(connection: Connection, event: dict[str, Any]) -> None:
    asyncio.run(connection.receive(orjson.dumps(event)))


def test_engine_gets_the_events_it_handles_and_sends_its_own() -> None:
    connection, sent, echo = _connection(engine=True)
    _receive(connection, {"type": "response.create", "event_id": "evt_1"})
    assert echo.seen == [{"type": "response.create", "event_id": "evt_1"}]
    assert sent.events == [{"type": "response.created"}]


def test_engine_errors_become_the_clients_error_event() -> None:
    connection, sent, _ = _connection(engine=True)
    _receive(connection, {"type": "response.cancel", "event_id": "evt_2"})
    [error] = sent.events
    assert (error["type"], error["error"]["code"], error["error"]["event_id"]) == (
        "error", "response_cancel_not_active", "evt_2")


def test_event_types_no_engine_handles_are_not_simulated() -> None:
    connection, sent, echo = _connection(engine=True)
    _receive(connection, {"type": "input_audio_buffer.clear"})
    _receive(connection, {"type": "bogus"})
    assert echo.seen == []
    assert [e["error"]["code"] for e in sent.events] == ["not_simulated", "invalid_value"]


def test_expiry_sends_session_expired_then_closes_4000() -> None:
    connection, sent, _ = _connection(engine=False)
    asyncio.run(connection.expire())
    assert sent.events[0]["error"]["code"] == "session_expired"
    assert sent.events[1] == {"closed": 4000, "reason": "invalid_request_error.session_expired"}
