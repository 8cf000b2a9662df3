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
from typing import Any

import orjson
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from mock_realtime.contract.snapshot import Contract
from mock_realtime.conversation.event_log import EventLog
from mock_realtime.errors import APIError, InvalidRequestError
from mock_realtime.state import MockState
from mock_realtime.store import StoreUnavailable
from mock_realtime.web.exchange import OPENAI_VERSION, journal_entry
from mock_realtime.websocket.connection import Connection, error_event
from mock_realtime.websocket.converser import converse
from mock_realtime.websocket.handshake import (
    offered_key,
    offered_subprotocols,
    opening_session,
    selected_subprotocol,
)
from mock_realtime.websocket.lifetime import wait_until
from mock_realtime.websocket.protocol import BETA, protocol_of, spoken_contract
from mock_realtime.websocket.query import named_call
from mock_realtime.websocket.refusal import Refused

UNAVAILABLE_CLOSE_CODE = 1011  # RFC 6455: the server met a condition that kept it from serving


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
    """A connection's transport: one JSON text frame per event, each one logged."""

    def __init__(self, websocket: WebSocket, events: EventLog) -> None:
        self._websocket = websocket
        self.events = events

    async def send(self, event: dict[str, Any]) -> None:
        self.events.record("server", event)
        await _send(self._websocket, event)

    async def close(self, code: int, reason: str) -> None:
        with contextlib.suppress(RuntimeError):  # the client may have gone in the meantime
            await self._websocket.close(code=code, reason=reason)

    def stop_playback(self) -> None:
        """A socket's client plays the audio itself; it truncates what it had not played."""


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
    try:
        await _open(websocket, state, request_id, offered, key, accept)
    except WebSocketDisconnect:
        return  # the client left; nothing is owed to it
    except StoreUnavailable as outage:
        await _close_unavailable(websocket, state, outage, accept)


async def _open(
    websocket: WebSocket, state: MockState, request_id: str, offered: list[str], key: str | None,
    accept: dict[str, Any],
) -> None:
    contract = _contract_for(state, websocket, offered, key)
    call_id = named_call(contract, websocket.query_params) if contract.sideband_query else None
    if call_id is not None:
        await _join_call(websocket, state, contract, request_id, key, call_id, accept)
        return
    try:
        if (retired := _retired_refusal(state, contract)) is not None:
            raise retired
        session = opening_session(state, contract, key, websocket.query_params)
    except Refused as refused:
        await _refuse(websocket, state, request_id, refused, accept)
        return
    events = EventLog(capacity=state.settings.connection_events, max_bytes=state.settings.max_body_bytes)
    connection = Connection(contract, state.ids, session, transport=_Socket(websocket, events))
    conversation = converse(state, connection)
    created = connection.created()
    _record_handshake(websocket, state, request_id, created, None, events)
    await websocket.accept(**accept)
    await connection.transport.send(created)
    try:
        await _serve(websocket, state, connection, events)
    finally:
        await conversation.stop()


async def _close_unavailable(
    websocket: WebSocket, state: MockState, outage: StoreUnavailable, accept: dict[str, Any]
) -> None:
    """The 503's envelope as one `error` event, then close 1011 (server error); unjournaled,
    as the journal is in the store that did not answer."""
    if websocket.application_state == WebSocketState.CONNECTING:
        await websocket.accept(**accept)
    await _send(websocket, error_event(state.ids, outage))
    await websocket.close(code=UNAVAILABLE_CLOSE_CODE, reason=f"{outage.type}.{outage.code}")


async def _join_call(
    websocket: WebSocket, state: MockState, contract: Contract, request_id: str, key: str | None, call_id: str,
    accept: dict[str, Any],
) -> None:
    """A sideband: join the WebRTC call `call_id` and relay its events both ways."""
    from mock_realtime.webrtc.access import reached_call
    from mock_realtime.websocket.sideband import serve_sideband, sideband_refusal

    try:
        call = reached_call(state, key, call_id)
    except APIError as error:
        await _refuse(websocket, state, request_id, sideband_refusal(contract, error), accept)
        return
    created = call.created()
    _record_handshake(websocket, state, request_id, created, None)
    await websocket.accept(**accept)
    await serve_sideband(websocket, call, created)


async def _refuse(
    websocket: WebSocket, state: MockState, request_id: str, refused: Refused, accept: dict[str, Any]
) -> None:
    refusal = error_event(state.ids, refused.error)
    _record_handshake(websocket, state, request_id, refusal, {"code": refused.code, "reason": refused.reason})
    await websocket.accept(**accept)
    await _send(websocket, refusal)
    await websocket.close(code=refused.code, reason=refused.reason)


async def _serve(websocket: WebSocket, state: MockState, connection: Connection, events: EventLog) -> None:
    """Converse until the client leaves or the session reaches its maximum duration."""
    deadline = state.clock.now() + connection.contract.session_max_seconds
    conversing = asyncio.ensure_future(_converse(websocket, connection, events))
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


async def _converse(websocket: WebSocket, connection: Connection, events: EventLog) -> None:
    """Answer each client message in order until the client goes away; each one is logged."""
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        text = message.get("text")
        raw = text if text is not None else message.get("bytes") or b""
        events.record("client", _readable(raw))
        await connection.receive(raw)


def _readable(raw: str | bytes) -> Any:
    """The client's message as the log keeps it: its JSON, or the text that failed to parse."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return raw if isinstance(raw, str) else raw.decode("utf-8", "replace")
