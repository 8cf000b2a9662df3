"""The Realtime WebSocket, GET /v1/realtime?model=<model>, on the socket side.

Like the real API, the upgrade always succeeds: a refused key gets one `error` event and
close code 3000 (reason `<type>.<code>`); an accepted one gets `session.created` and then
an answer to every client event. Each handshake is journaled, with the key masked."""

from __future__ import annotations

from functools import partial
from typing import Any

import orjson
from starlette.websockets import WebSocket, WebSocketDisconnect

from mock_realtime.errors import APIError
from mock_realtime.state import MockState
from mock_realtime.web.exchange import OPENAI_VERSION, journal_entry, kept_scope
from mock_realtime.websocket.connection import Conversation, error_event
from mock_realtime.websocket.handshake import offered_key, offered_subprotocols, opening_session, selected_subprotocol


def _handshake_entry(scope: dict[str, Any], close: dict[str, Any] | None, **fields: Any) -> dict[str, Any]:
    return {**journal_entry(scope, **fields), "outcome": "refused" if close else "accepted", "close": close}


def _record_handshake(
    websocket: WebSocket, state: MockState, request_id: str, first: str, close: dict[str, Any] | None,
) -> None:
    """Journaled as HTTP exchanges are: as cheap pieces, the first event as the text sent,
    built into an entry only when the journal is read."""
    state.journal.record(partial(
        _handshake_entry, kept_scope(websocket.scope), close, request_id=request_id,
        timestamp=state.clock.now(), body=None, status=101, response=first, violations=[],
    ))


def _text(event: dict[str, Any]) -> str:
    return orjson.dumps(event).decode()


async def _send(websocket: WebSocket, event: dict[str, Any]) -> None:
    await websocket.send_text(_text(event))


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
        conversation = Conversation(contract, state.ids, session)
        created = _text(conversation.created())
        _record_handshake(websocket, state, request_id, created, None)
        await websocket.accept(**accept)
        await websocket.send_text(created)
        await _converse(websocket, conversation)
    except WebSocketDisconnect:
        return  # the client left; nothing is owed to it


async def _refuse(
    websocket: WebSocket, state: MockState, request_id: str, error: APIError, accept: dict[str, Any]
) -> None:
    refusal = _text(error_event(state.ids, error))
    code, reason = state.contract.refusal_close_code, f"{error.type}.{error.code}"
    _record_handshake(websocket, state, request_id, refusal, {"code": code, "reason": reason})
    await websocket.accept(**accept)
    await websocket.send_text(refusal)
    await websocket.close(code=code, reason=reason)


async def _converse(websocket: WebSocket, conversation: Conversation) -> None:
    """Answer each client message in order until the client goes away."""
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        text = message.get("text")
        raw = text if text is not None else message.get("bytes") or b""
        await _send(websocket, conversation.answer(raw))
