"""The WebSocket baseline: a bare uvicorn WebSocket app that accepts any handshake and
sends one fixed event of the size of the mock's session.created, then waits for the
client to close. Plain HTTP gets the raw ASGI reference's answer, so the harness can
wait for its first 200 as it does for every server."""

from __future__ import annotations

from typing import Any

import orjson

from benchmarks import raw_asgi
from benchmarks.ceiling import FIXED

EVENT = orjson.dumps(
    {"type": "session.created", "event_id": "event_0123456789abcdefghijk", "session": orjson.loads(FIXED)}
).decode()


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "http":
        await raw_asgi.app(scope, receive, send)
        return
    if scope["type"] != "websocket":
        return
    await receive()  # websocket.connect
    await send({"type": "websocket.accept"})
    await send({"type": "websocket.send", "text": EVENT})
    while (await receive())["type"] != "websocket.disconnect":
        pass
