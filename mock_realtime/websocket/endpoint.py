"""The Realtime WebSocket, GET /v1/realtime?model=<model>, on the socket side.

Like the real API, the upgrade always succeeds: a refused key gets one `error` event and
close code 3000 (reason `<type>.<code>`); an accepted one gets `session.created` and then
an answer to every client event. Each handshake is journaled, with the key masked."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.websockets import WebSocket, WebSocketDisconnect

from mock_realtime.conversation.event_log import EventLog
from mock_realtime.errors import APIError
from mock_realtime.state import MockState
from mock_realtime.web.exchange import OPENAI_VERSION, journal_entry
from mock_realtime.websocket.connection import Conversation, error_event
from mock_realtime.websocket.handshake import offered_key, offered_subprotocols, opening_session, selected_subprotocol


def _record_handshake(
    websocket: WebSocket, state: MockState, request_id: str, first: dict[str, Any],
    close: dict[str, Any] | None, events: EventLog | None = None,
) -> None:
    entry = journal_entry(
        websocket.scope, request_id=request_id, timestamp=state.clock.now(), body=None,
        status=101, response=first, violations=[],
    )
    entry = {**entry, "outcome": "refused" if close else "accepted", "close": close}
    if events is None:
        state.journal.record(entry)
    else:  # the entry is built when read, with the connection's events so far
        state.journal.record(lambda: {**entry, "events": events.entries(), "events_dropped": events.dropped})


async def _send(websocket: WebSocket, event: dict[str, Any]) -> None:
    await websocket.send_text(orjson.dumps(event).decode())


class _Socket:
    """The conversation's transport: JSON text frames, each one logged."""

    def __init__(self, websocket: WebSocket, events: EventLog) -> None:
        self._websocket = websocket
        self.events = events

    async def send(self, event: dict[str, Any]) -> None:
        self.events.record("server", event)
        await _send(self._websocket, event)

    async def close(self, code: int, reason: str) -> None:
        await self._websocket.close(code=code, reason=reason)


async def realtime_endpoint(websocket: WebSocket) -> None:
    state: MockState = websocket.app.state.mock
    request_id = state.ids.request_id()
    offered = offered_subprotocols(websocket.headers.get("sec-websocket-protocol"))
    key = offered_key(websocket.headers.get("authorization"), offered)
    accept: dict[str, Any] = {
        "subprotocol": selected_subprotocol(offered),
        "headers": [(b"x-request-id", request_id.encode()), (b"openai-version", OPENAI_VERSION.encode())],
    }
    try:
        try:
            contract, session = opening_session(state, key, websocket.query_params.get("model"))
        except APIError as error:
            await _refuse(websocket, state, request_id, error, accept)
            return
        events = EventLog(capacity=state.settings.connection_events, max_bytes=state.settings.max_body_bytes)
        socket = _Socket(websocket, events)
        conversation = Conversation(contract, state.ids, session, transport=socket,
                                    replies=state.replies, pace_audio=state.settings.pace_audio)
        created = conversation.created()
        _record_handshake(websocket, state, request_id, created, None, socket.events)
        await websocket.accept(**accept)
        await socket.send(created)
        try:
            await _converse(websocket, conversation, socket.events)
        finally:
            await conversation.engine.stop()
    except WebSocketDisconnect:
        return  # the client left; nothing is owed to it


async def _refuse(
    websocket: WebSocket, state: MockState, request_id: str, error: APIError, accept: dict[str, Any]
) -> None:
    refusal = error_event(state.ids, error)
    code, reason = state.contract.refusal_close_code, f"{error.type}.{error.code}"
    _record_handshake(websocket, state, request_id, refusal, {"code": code, "reason": reason})
    await websocket.accept(**accept)
    await _send(websocket, refusal)
    await websocket.close(code=code, reason=reason)


async def _converse(websocket: WebSocket, conversation: Conversation, events: EventLog) -> None:
    """Act on each client message in order until the client goes away."""
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        text = message.get("text")
        raw = text if text is not None else message.get("bytes") or b""
        events.record("client", _readable(raw))
        await conversation.receive(raw)


def _readable(raw: str | bytes) -> Any:
    """The client's message as the log keeps it: its JSON, or the text that failed to parse."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return raw if isinstance(raw, str) else raw.decode("utf-8", "replace")
