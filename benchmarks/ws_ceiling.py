"""The WebSocket baseline: a bare uvicorn WebSocket app that accepts any handshake and
sends one fixed event of the size of the mock's session.created. Asked for a response
(`{"type": "response.create", "bench_sizes": [...]}`), it sends one prebuilt
`response.audio.delta` per size, each carrying that many bytes of audio in base64, then
`response.done`: the fastest a Python socket streams those deltas. Plain HTTP gets the raw
ASGI reference's answer, so the harness can wait for its first 200 as it does for every server."""

from __future__ import annotations

import base64
from functools import lru_cache
from typing import Any

import orjson

from benchmarks import raw_asgi
from benchmarks.ceiling import FIXED

EVENT = orjson.dumps(
    {"type": "session.created", "event_id": "event_0123456789abcdefghijk", "session": orjson.loads(FIXED)}
).decode()
DONE = orjson.dumps({"type": "response.done", "event_id": "event_0123456789abcdefghijl"}).decode()


@lru_cache(maxsize=64)
def audio_delta(size: int) -> str:
    return orjson.dumps({
        "type": "response.audio.delta", "event_id": "event_0123456789abcdefghijm", "response_id": "resp_0",
        "item_id": "item_0", "output_index": 0, "content_index": 0,
        "delta": base64.b64encode(bytes(size)).decode(),
    }).decode()


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "http":
        await raw_asgi.app(scope, receive, send)
        return
    if scope["type"] != "websocket":
        return
    await receive()  # websocket.connect
    await send({"type": "websocket.accept"})
    await send({"type": "websocket.send", "text": EVENT})
    while (message := await receive())["type"] != "websocket.disconnect":
        asked = orjson.loads(message.get("text") or "{}")
        if asked.get("type") == "response.create":
            for size in asked.get("bench_sizes", []):
                await send({"type": "websocket.send", "text": audio_delta(size)})
            await send({"type": "websocket.send", "text": DONE})
