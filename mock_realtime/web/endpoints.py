"""The OpenAI-facing endpoint: POST /v1/realtime/sessions, in one direction:
auth, then body, then contract, then a new session. A refused key is answered before
the body is read: a client without a key costs neither parsing nor journal space."""

from __future__ import annotations

from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from mock_realtime.auth import check_api_key
from mock_realtime.contract.body import incomplete_body, parse_body, too_large
from mock_realtime.contract.sessions import new_session
from mock_realtime.contract.violations import first_error
from mock_realtime.errors import APIError
from mock_realtime.state import MockState
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


def inspect_body(exchange: Exchange, request: Request, state: MockState, raw: bytes) -> dict[str, Any]:
    """The parsed body, with every contract violation recorded on the exchange."""
    body = parse_body(raw, request.headers.get("content-type"))
    exchange.body = body
    if not state.checker.is_valid(body):
        exchange.violations = state.checker.violations(body)
    return body


async def create_session(request: Request) -> Response:
    state: MockState = request.app.state.mock
    exchange = Exchange.start(request, state)
    try:
        check_api_key(request.headers.get("authorization"), state.settings.api_key)
        body = inspect_body(exchange, request, state, await read_body(exchange, request, state))
        if exchange.violations:
            raise first_error(exchange.violations)
        now = state.clock.now()
        session = new_session(state.contract.request_schema, body, now=now, ttl=state.secret_ttl, ids=state.ids)
        state.secrets.add(session, now=now)
        return exchange.reply(200, session)
    except APIError as error:
        return exchange.reply(error.status, error.envelope(), error.headers)
