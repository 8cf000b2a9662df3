"""The reference above the ceiling: a bare ASGI callable on the same uvicorn, with no
framework at all. It drains the body and answers the ceiling's fixed JSON, so the gap
between it and the ceiling is what Starlette itself costs."""

from __future__ import annotations

from typing import Any

from benchmarks.ceiling import FIXED

_START = {
    "type": "http.response.start",
    "status": 200,
    "headers": [(b"content-length", str(len(FIXED)).encode()), (b"content-type", b"application/json")],
}
_BODY = {"type": "http.response.body", "body": FIXED}


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    more = True
    while more:
        more = (await receive()).get("more_body", False)
    await send(_START)
    await send(_BODY)
