"""What stands in front of an OpenAI-facing operation: the fault a test chose for this
request, then the rate limit. A request refused by either is still journaled with its
body and every contract violation, so a test sees what the app sent even when the mock
answered with a fault."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from mock_realtime.admin.faults import FAULT_HEADER, Fault, fault_from_header
from mock_realtime.contract.sessions import model_named
from mock_realtime.errors import APIError
from mock_realtime.state import MockState, ServedEndpoint
from mock_realtime.web.exchange import Exchange
from mock_realtime.web.reading import inspect_body, read_body

_DISCONNECT_WAIT_SECONDS = 5


def chosen_fault(request: Request, state: MockState) -> Fault | None:
    """The fault this request gets: its X-Mock-Fault header's, else the next queued one."""
    # The header is part of the test-control surface: --no-admin turns it off with the rest.
    header = request.headers.get(FAULT_HEADER) if state.settings.admin else None
    return fault_from_header(header) if header is not None else state.faults.take()


async def journal_body(exchange: Exchange, served: ServedEndpoint) -> None:
    """Fill in what the journal shows for a normal answer, without letting it decide this one."""
    request, state = exchange.request, exchange.state
    with contextlib.suppress(APIError):
        inspect_body(exchange, request, served, await read_body(exchange, request, state))


async def drop_connection(request: Request) -> None:
    """Close the client's connection without sending a byte.

    ASGI has no message for this, so it is done on the server's transport: uvicorn's
    receive channel is a method of the object that holds it. Waiting for the disconnect
    event afterwards tells uvicorn the client is gone, so it neither answers nor logs."""
    transport = getattr(getattr(request.receive, "__self__", None), "transport", None)
    if not callable(getattr(transport, "abort", None)):
        raise RuntimeError("a disconnect fault needs a real uvicorn server; this transport cannot be aborted")
    transport.abort()  # type: ignore[union-attr]
    async with asyncio.timeout(_DISCONNECT_WAIT_SECONDS):
        while (await request.receive())["type"] != "http.disconnect":
            pass


async def apply_fault(exchange: Exchange, served: ServedEndpoint, fault: Fault | None) -> Response | None:
    """Wait out the fault's latency, then: nothing more (None), a dropped connection (the
    response uvicorn never sends), or the fault's error, raised."""
    if fault is None:
        return None
    if fault.latency_ms:
        await asyncio.sleep(fault.latency_ms / 1000)
    if not fault.disconnect and fault.status is None:
        return None
    await journal_body(exchange, served)
    if fault.disconnect:
        exchange.hang_up()
        await drop_connection(exchange.request)
        # Never sent, as uvicorn has seen the client go; the access log reads it. 444 is the
        # status proxies log for "closed the connection without a response".
        return Response(status_code=444, headers={"x-request-id": exchange.request_id})
    error = fault.error(model=model_named(served.contract, served.endpoint, exchange.body))
    assert error is not None
    raise error


async def take_quota(exchange: Exchange, served: ServedEndpoint) -> dict[str, str]:
    """The rate-limit headers for an admitted request; a refused one gets the 429, raised."""
    state = exchange.state
    if state.rate_limiter is None:
        return {}
    quota = state.rate_limiter.admit(state.clock.now())
    if quota is not None:
        return quota
    await journal_body(exchange, served)
    body: Any = exchange.body
    raise state.rate_limiter.refusal(state.clock.now(), model=model_named(served.contract, served.endpoint, body))
