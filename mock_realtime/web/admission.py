"""What stands in front of the OpenAI-facing operation: the fault a test chose for this
request, then the rate limit. A request that passes both reaches the endpoint untouched.
One that does not is still journaled with its body and every contract violation, so a
test sees what the app sent even when the mock answered with a fault."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from mock_realtime.admin.access import ADMIN_TOKEN_HEADER, check_admin_token
from mock_realtime.admin.faults import FAULT_HEADER, Fault, fault_from_header
from mock_realtime.auth import check_api_key
from mock_realtime.errors import APIError
from mock_realtime.state import MockState
from mock_realtime.web._uvicorn import DISCONNECTED, drop_connection
from mock_realtime.web.endpoints import inspect_body, read_body
from mock_realtime.web.exchange import Exchange

Endpoint = Callable[[Request], Awaitable[Response]]


async def _inspect(exchange: Exchange, request: Request, state: MockState) -> None:
    """Fill in what the journal shows for a normal answer, without letting it decide this one.
    As at the endpoint, the body of a request whose key is refused is neither read nor checked."""
    with contextlib.suppress(APIError):
        check_api_key(request.headers.get("authorization"), state.settings.api_key)
        inspect_body(exchange, request, state, await read_body(exchange, request, state))


def _has_accepted_key(request: Request, state: MockState) -> bool:
    """OpenAI counts requests against an organisation, which only an accepted key names."""
    try:
        check_api_key(request.headers.get("authorization"), state.settings.api_key)
    except APIError:
        return False
    return True


def _model_named(body: Any, state: MockState) -> str:
    """The model a 429 message names: the one asked for, else the contract's first."""
    if isinstance(body, dict) and isinstance(body.get("model"), str):
        return str(body["model"])
    return str(state.contract.request_schema["properties"]["model"]["enum"][0])


async def _wait(request: Request, seconds: float) -> bool:
    """Wait `seconds`, or until the client hangs up: whether it is still there."""
    gone = request.scope.get("extensions", {}).get(DISCONNECTED)
    if gone is None:  # not under the guarded server (the in-process test client)
        await asyncio.sleep(seconds)
        return True
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await gone.wait()
    return not gone.is_set()


async def _faulted(request: Request, state: MockState, fault: Fault) -> Response | None:
    if fault.latency_ms and not await _wait(request, fault.latency_ms / 1000):
        # Never sent, as the client is gone; 499 is the status proxies log for that.
        return Response(status_code=499)
    if not fault.disconnect and fault.status is None:
        return None
    exchange = Exchange.start(request, state)
    await _inspect(exchange, request, state)
    if fault.disconnect:
        exchange.hang_up()
        await drop_connection(request.receive)
        # Never sent, as uvicorn has seen the client go; the access log reads it. 444 is the
        # status proxies log for "closed the connection without a response".
        return Response(status_code=444, headers={"x-request-id": exchange.request_id})
    error = fault.error(model=_model_named(exchange.body, state))
    assert error is not None
    return exchange.reply(error.status, error.envelope(), error.headers)


async def _refused(request: Request, state: MockState, error: APIError | None = None) -> Response:
    exchange = Exchange.start(request, state)
    await _inspect(exchange, request, state)
    if error is None:
        assert state.rate_limiter is not None
        error = state.rate_limiter.refusal(state.clock.now(), model=_model_named(exchange.body, state))
    return exchange.reply(error.status, error.envelope(), error.headers)


def admitted(endpoint: Endpoint) -> Endpoint:
    """`endpoint`, behind the chosen fault and the rate limit."""

    async def admit(request: Request) -> Response:
        state: MockState = request.app.state.mock
        # The header is part of the test-control surface: --no-admin turns it off with the rest.
        header = request.headers.get(FAULT_HEADER) if state.settings.admin else None
        try:
            if header is not None and state.settings.admin_token:  # --admin-token guards it too
                check_admin_token(request.headers.get(ADMIN_TOKEN_HEADER, ""), state.settings.admin_token)
            fault = fault_from_header(header) if header is not None else state.faults.take()
        except APIError as error:
            return await _refused(request, state, error)
        if fault is not None:
            request.state.mock_fault = fault.describe()
            answer = await _faulted(request, state, fault)
            if answer is not None:
                return answer
        if state.rate_limiter is None or not _has_accepted_key(request, state):
            return await endpoint(request)  # a refused key gets its 401 without using the quota
        quota = state.rate_limiter.admit(state.clock.now())
        if quota is None:
            return await _refused(request, state)
        response = await endpoint(request)
        response.headers.update(quota)
        return response

    return admit
