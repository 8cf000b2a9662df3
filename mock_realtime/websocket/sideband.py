"""A sideband socket, GET /v1/realtime?call_id=rtc_…: a server joins a WebRTC call and
sees and steers the same session. It receives every event the call's data channel gets
(audio goes over RTP, so no audio deltas here either) and its client events are answered
as if they came over the data channel. When the call ends, the socket is closed (1000).

Which keys may join is webrtc/access.py's to say, as for the call routes."""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any

import orjson
from starlette.websockets import WebSocket, WebSocketDisconnect

from mock_realtime.contract.snapshot import Contract
from mock_realtime.errors import APIError, InvalidRequestError
from mock_realtime.state import MockState
from mock_realtime.websocket.refusal import Refused

if TYPE_CHECKING:
    from mock_realtime.webrtc.call import Call

# Events waiting for a slow sideband reader; past this the socket is closed (1008), not grown.
MAX_QUEUED_EVENTS = 1024
OVERFLOW_REASON = "The sideband fell too far behind the call's events."


async def serve_sideband(websocket: WebSocket, call: Call, created: dict[str, Any]) -> None:
    """Send `created`, then relay the call's events to the socket and the socket's events
    to the call, until either side ends. The socket is already accepted."""
    outbox: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue(MAX_QUEUED_EVENTS)
    overflowed = asyncio.Event()

    def forward(event: dict[str, Any] | None) -> None:
        try:
            outbox.put_nowait(event)
        except asyncio.QueueFull:
            overflowed.set()

    stop_listening = call.listen(forward)
    call.watch_end(lambda: forward(None))
    writer = asyncio.create_task(_write(websocket, outbox, created))
    watcher = asyncio.create_task(overflowed.wait())
    try:
        await _read(websocket, call, {writer, watcher})
        if watcher.done():
            writer.cancel()
            await websocket.close(code=1008, reason=OVERFLOW_REASON)
    finally:
        stop_listening()
        for task in (writer, watcher):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
                await task


async def _write(websocket: WebSocket, outbox: asyncio.Queue[dict[str, Any] | None], first: dict[str, Any]) -> None:
    await websocket.send_text(orjson.dumps(first).decode())
    while (event := await outbox.get()) is not None:
        await websocket.send_text(orjson.dumps(event).decode())
    await websocket.close(code=1000)


async def _read(websocket: WebSocket, call: Call, enders: set[asyncio.Task[Any]]) -> None:
    """Hand the socket's messages to the call until the client leaves or a task in
    `enders` finishes (the call ended, or the reader fell behind)."""
    receiving = asyncio.ensure_future(websocket.receive())
    try:
        while True:
            done, _ = await asyncio.wait({receiving, *enders}, return_when=asyncio.FIRST_COMPLETED)
            if receiving not in done:
                return
            message = receiving.result()
            if message["type"] == "websocket.disconnect":
                return
            text = message.get("text")
            await call.answer(text if text is not None else message.get("bytes") or b"")
            receiving = asyncio.ensure_future(websocket.receive())
    finally:
        receiving.cancel()


def sideband_refusal(contract: Contract, error: APIError) -> Refused:
    """A key refused closes 3000, as on every handshake; an unknown call closes as the
    snapshot's other malformed URLs do (4000)."""
    if error.code == "call_not_found":
        return Refused(error, code=contract.manifest["websocket"]["missing_model"]["close"]["code"])
    return Refused(error, code=contract.refusal_close_code)


def joined_call(state: MockState, contract: Contract, call_id: str) -> dict[str, Any]:
    """A call named on a snapshot whose WebRTC peer takes no sidebands: no such call."""
    error = InvalidRequestError(f"No call found with id '{call_id}'.", param="call_id", code="call_not_found")
    raise Refused(error, code=contract.manifest["websocket"]["missing_model"]["close"]["code"])
