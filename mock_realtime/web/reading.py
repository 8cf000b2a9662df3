"""Reading an OpenAI-facing request's body: capped in size, kept for the journal as it
arrived, then parsed and checked against the served endpoint's contract."""

from __future__ import annotations

from typing import Any

from starlette.requests import ClientDisconnect, Request

from mock_realtime.contract.body import incomplete_body, parse_body, too_large
from mock_realtime.state import MockState, ServedEndpoint
from mock_realtime.web.exchange import Exchange


async def read_capped(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise too_large(limit)
            chunks.append(chunk)
    except ClientDisconnect:
        raise incomplete_body() from None
    return b"".join(chunks)


async def read_body(exchange: Exchange, request: Request, state: MockState) -> bytes:
    """The raw body, capped, and kept for the journal until (and unless) it parses."""
    raw = await read_capped(request, state.settings.max_body_bytes)
    exchange.keep_raw_body(raw)
    return raw


def inspect_body(exchange: Exchange, request: Request, served: ServedEndpoint, raw: bytes) -> dict[str, Any]:
    """The parsed body, with every contract violation recorded on the exchange."""
    body = parse_body(raw, request.headers.get("content-type"))
    exchange.body = body
    if not served.checker.is_valid(body):
        exchange.violations = served.checker.violations(body)
    return body
