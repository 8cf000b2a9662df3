"""What stands in front of an OpenAI-facing operation: the fault a test chose for this
request, and the rate limit. A request refused by either is still journaled with its
body and every contract violation, so a test sees what the app sent even when the mock
answered with a fault."""

from __future__ import annotations

import asyncio
import contextlib

from starlette.requests import Request
from starlette.responses import Response

from mock_realtime.admin.access import ADMIN_TOKEN_HEADER, check_admin_token
from mock_realtime.admin.faults import FAULT_HEADER, Fault, fault_from_header
from mock_realtime.auth import check_api_key
from mock_realtime.contract.sessions import model_named
from mock_realtime.errors import APIError
from mock_realtime.state import MockState, ServedEndpoint
from mock_realtime.web._uvicorn import DISCONNECTED, drop_connection
from mock_realtime.web.exchange import Exchange
from mock_realtime.web.reading import inspect_body, read_body


def chosen_fault(request: Request, state: MockState) -> Fault | None:
    """The fault this request gets: its X-Mock-Fault header's, else the next queued one."""
    # The header is part of the test-control surface: --no-admin turns it off with the rest.
    header = request.headers.get(FAULT_HEADER) if state.settings.admin else None
    if header is None:
        return state.faults.take()
    if state.settings.admin_token:  # --admin-token guards it too
        check_admin_token(request.headers.get(ADMIN_TOKEN_HEADER, ""), state.settings.admin_token)
    return fault_from_header(header)


async def journal_body(exchange: Exchange, served: ServedEndpoint) -> None:
    """Fill in what the journal shows for a normal answer, without letting it decide this one.
    As at the endpoint, the body of a request whose key is refused is neither read nor checked."""
    request, state = exchange.request, exchange.state
    with contextlib.suppress(APIError):
        check_api_key(request.headers.get("authorization"), state.settings.api_key)
        inspect_body(exchange, request, served, await read_body(exchange, request, state))


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


async def apply_fault(exchange: Exchange, served: ServedEndpoint, fault: Fault | None) -> Response | None:
    """Wait out the fault's latency (or the client's hanging up), then: nothing more (None), a
    dropped connection (the response uvicorn never sends), or the fault's error, raised."""
    if fault is None:
        return None
    if fault.latency_ms and not await _wait(exchange.request, fault.latency_ms / 1000):
        # Never sent, as the client is gone; 499 is the status proxies log for that.
        return Response(status_code=499)
    if not fault.disconnect and fault.status is None:
        return None
    await journal_body(exchange, served)
    if fault.disconnect:
        exchange.hang_up()
        await drop_connection(exchange.request.receive)
        # Never sent, as uvicorn has seen the client go; the access log reads it. 444 is the
        # status proxies log for "closed the connection without a response".
        return Response(status_code=444, headers={"x-request-id": exchange.request_id})
    error = fault.error(model=model_named(served.contract, served.endpoint, exchange.body))
    assert error is not None
    raise error


async def take_quota(exchange: Exchange, served: ServedEndpoint) -> dict[str, str]:
    """The rate-limit headers for an admitted request; a refused one gets the 429, raised.
    OpenAI counts requests against an organisation, which only an accepted key names, so
    this comes after the key check."""
    state = exchange.state
    if state.rate_limiter is None:
        return {}
    quota = state.rate_limiter.admit(state.clock.now())
    if quota is not None:
        return quota
    await journal_body(exchange, served)
    raise state.rate_limiter.refusal(state.clock.now(), model=model_named(served.contract, served.endpoint,
                                                                           exchange.body))
