"""The Realtime WebSocket, GET /v1/realtime, on the socket side.

Like the real API, the upgrade always succeeds. The handshake picks the protocol (beta
or GA, see protocol.py); a refusal gets one `error` event and a close (3000 for a key,
4000 for a GA URL without a model, or for a beta handshake once the beta is retired); an
accepted connection gets `session.created`, an answer to every client event, and, when
the session reaches its maximum duration on the mock clock, `session_expired` and a
close. Each handshake is journaled, with the key masked."""

from __future__ import annotations

import asyncio
import contextlib
from functools import partial
from typing import Any

import orjson
from starlette.websockets import WebSocket, WebSocketDisconnect

from mock_realtime.contract.snapshot import Contract
from mock_realtime.errors import InvalidRequestError
from mock_realtime.state import MockState
from mock_realtime.web.exchange import OPENAI_VERSION, journal_entry, kept_scope
from mock_realtime.websocket.connection import Connection, error_event
from mock_realtime.websocket.handshake import (
    offered_key,
    offered_subprotocols,
    opening_session,
    selected_subprotocol,
)
from mock_realtime.websocket.lifetime import wait_until
from mock_realtime.websocket.protocol import BETA, protocol_of, spoken_contract
from mock_realtime.websocket.refusal import Refused


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


class _Socket:
    """A connection's transport: one JSON text frame per event."""

    def __init__(self, websocket: WebSocket) -> None:
        self._websocket = websocket

    async def send(self, event: dict[str, Any]) -> None:
        await _send(self._websocket, event)

    async def close(self, code: int, reason: str) -> None:
        with contextlib.suppress(RuntimeError):  # the client may have gone in the meantime
            await self._websocket.close(code=code, reason=reason)


def _contract_for(state: MockState, websocket: WebSocket, offered: list[str], key: str | None) -> Contract:
    issued = state.secrets.get(key) if key is not None and key.startswith("ek_") else None
    return spoken_contract(state.contracts, websocket.headers, offered,
                           minted_by=None if issued is None else issued.snapshot)


def _retired_refusal(state: MockState, contract: Contract) -> Refused | None:
    """After the shutdown, a beta handshake gets the captured frame and close 4000."""
    retired = contract.manifest.get("retired")
    if not (state.settings.beta_retired and protocol_of(contract) == BETA and retired):
        return None
    error = InvalidRequestError(retired["error"]["message"], code=retired["error"]["code"])
    close = retired["websocket_close"]
    return Refused(error, code=close["code"], reason=close["reason"])


async def realtime_endpoint(websocket: WebSocket) -> None:
    state: MockState = websocket.app.state.mock
    request_id = state.ids.request_id()
    offered = offered_subprotocols(websocket.headers.get("sec-websocket-protocol"))
    key = offered_key(websocket.headers.get("authorization"), offered)
    accept: dict[str, Any] = {
        "subprotocol": selected_subprotocol(offered),
        "headers": [(b"x-request-id", request_id.encode()), (b"openai-version", OPENAI_VERSION.encode())],
    }
    contract = _contract_for(state, websocket, offered, key)
    try:
        try:
            if (retired := _retired_refusal(state, contract)) is not None:
                raise retired
            session = opening_session(state, contract, key, websocket.query_params)
        except Refused as refused:
            await _refuse(websocket, state, request_id, refused, accept)
            return
        connection = Connection(contract, state.ids, session, transport=_Socket(websocket))
        created = _text(connection.created())
        _record_handshake(websocket, state, request_id, created, None)
        await websocket.accept(**accept)
        await websocket.send_text(created)
        await _serve(websocket, state, connection)
    except WebSocketDisconnect:
        return  # the client left; nothing is owed to it


async def _refuse(
    websocket: WebSocket, state: MockState, request_id: str, refused: Refused, accept: dict[str, Any]
) -> None:
    refusal = _text(error_event(state.ids, refused.error))
    _record_handshake(websocket, state, request_id, refusal, {"code": refused.code, "reason": refused.reason})
    await websocket.accept(**accept)
    await websocket.send_text(refusal)
    await websocket.close(code=refused.code, reason=refused.reason)


async def _serve(websocket: WebSocket, state: MockState, connection: Connection) -> None:
    """Converse until the client leaves or the session reaches its maximum duration."""
    deadline = state.clock.now() + connection.contract.session_max_seconds
    conversing = asyncio.ensure_future(_converse(websocket, connection))
    expiring = asyncio.ensure_future(wait_until(state.clock, deadline))
    try:
        await asyncio.wait({conversing, expiring}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (conversing, expiring):
            task.cancel()
    if conversing.done() and not conversing.cancelled():
        conversing.result()  # the client left (or the socket failed): nothing more to send
        return
    await connection.expire()


async def _converse(websocket: WebSocket, connection: Connection) -> None:
    """Answer each client message in order until the client goes away."""
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        text = message.get("text")
        raw = text if text is not None else message.get("bytes") or b""
        await connection.receive(raw)
