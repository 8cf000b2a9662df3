"""The OpenAI-facing endpoints (POST /v1/realtime/sessions, POST /v1/realtime/client_secrets,
whatever the served snapshots list), each read top to bottom: the fault a test chose, then
the key, then the quota, then the body, then the contract, then the mint, then the reply.
A refused key is answered before the quota or the body: a client without a key costs
neither its organisation's quota, nor parsing, nor journal space. Any refusal on the way
is an APIError, answered in one place (`Exchange.fail`)."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from mock_realtime.admin.faults import Fault
from mock_realtime.auth import check_api_key
from mock_realtime.contract.body import parse_body
from mock_realtime.contract.sessions import Minted, new_session
from mock_realtime.contract.violations import first_error
from mock_realtime.errors import APIError, InvalidRequestError
from mock_realtime.secret_store import IssuedSecret
from mock_realtime.state import MockState, ServedEndpoint
from mock_realtime.web import admission
from mock_realtime.web.exchange import Exchange
from mock_realtime.web.reading import inspect_body, read_body, read_capped

Endpoint = Callable[[Request], Awaitable[Response]]
__all__ = ["Endpoint", "answer", "inspect_body", "mint", "new_session", "operation", "read_body", "read_capped"]


def retired_error(served: ServedEndpoint) -> APIError:
    """What the API has answered to this snapshot's shape since it was shut down."""
    answer: dict[str, Any] = served.contract.retired or {}
    error = answer["error"]
    return InvalidRequestError(error["message"], param=error["param"], code=error["code"], status=error["status"])


def mint(state: MockState, served: ServedEndpoint, body: dict[str, Any]) -> Minted:
    now = state.clock.now()
    minted = new_session(served.contract, served.endpoint, body, now=now, default_ttl=state.settings.secret_ttl,
                         ids=state.ids)
    issued = IssuedSecret.of(minted.value, minted.expires_at, minted.session, snapshot=served.contract.name)
    state.secrets.add(issued, now=now)
    return minted


async def answer(request: Request, state: MockState, served: ServedEndpoint, fault: Fault | None) -> Response:
    exchange = Exchange.start(request, state, fault=None if fault is None else fault.describe())
    quota: dict[str, str] = {}
    try:
        dropped = await admission.apply_fault(exchange, served, fault)
        if dropped is not None:
            return dropped
        check_api_key(request.headers.get("authorization"), state.settings.api_key)
        quota = await admission.take_quota(exchange, served)
        raw = await read_body(exchange, request, state)
        if served.retired and state.settings.beta_retired:
            with contextlib.suppress(APIError):  # shown in the journal as parsed, if it parses
                exchange.body = parse_body(raw, request.headers.get("content-type"))
            raise retired_error(served)
        body = inspect_body(exchange, request, served, raw)
        if exchange.violations:
            raise first_error(exchange.violations)
        response = exchange.reply(200, mint(state, served, body).response)
    except APIError as error:
        response = exchange.fail(error)
    response.headers.update(quota)  # what is left of the quota, on every answer it admitted
    return response


def operation(served: ServedEndpoint) -> Endpoint:
    """The endpoint for one served snapshot's operation."""

    async def endpoint(request: Request) -> Response:
        state: MockState = request.app.state.mock
        try:
            fault = admission.chosen_fault(request, state)
        except APIError as error:
            exchange = Exchange.start(request, state)
            await admission.journal_body(exchange, served)
            return exchange.fail(error)
        return await answer(request, state, served, fault)

    return endpoint
