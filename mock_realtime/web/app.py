"""create_app(settings) -> Starlette. The only module that wires routes and handlers."""

from __future__ import annotations

import contextlib
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.websockets import WebSocket

from mock_realtime.admin import routes as admin
from mock_realtime.admin.access import error_response, guarded
from mock_realtime.admin.demo import demo_page, demo_token
from mock_realtime.admin.health import HEALTH_PATH, health
from mock_realtime.admin.openapi import add_admin_paths
from mock_realtime.errors import SERVER_ERROR_MESSAGE, APIError, ServerError, routing_error
from mock_realtime.ids import IdSource
from mock_realtime.settings import Settings
from mock_realtime.state import MockState
from mock_realtime.store import StoreUnavailable
from mock_realtime.store.interface import TimeSource
from mock_realtime.web._hot_route import HotRouteStarlette
from mock_realtime.web.access_log import AccessLog
from mock_realtime.web.call_routes import call_routes
from mock_realtime.web.endpoints import operation, read_capped
from mock_realtime.web.exchange import Exchange
from mock_realtime.web.openapi import build_openapi


async def _answer(
    request: Request, error: APIError, headers: dict[str, str] | None = None, *, read_body: bool = True
) -> Response:
    """An error outside the endpoint, journaled unless it is on the admin API."""
    if admin.is_admin_path(request.url.path):
        return error_response(error, headers)
    state: MockState = request.app.state.mock
    exchange = Exchange.start(request, state)
    if read_body:  # a routing error comes before the body was read
        with contextlib.suppress(APIError):  # too large: not what went wrong here, so the journal shows none
            exchange.keep_raw_body(await read_capped(request, state.settings.max_body_bytes))
    if headers:
        error.headers = {**error.headers, **headers}
    try:
        return exchange.fail(error)
    except StoreUnavailable as outage:
        return error_response(outage)


async def _on_store_unavailable(request: Request, exc: Exception) -> Response:
    """The store is down: a 503 in the envelope, unjournaled, since the journal is in the store."""
    assert isinstance(exc, StoreUnavailable)
    return error_response(exc)


async def _on_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers or {})
    error = routing_error(request.method, request.url.path, exc.status_code, headers.get("Allow", ""))
    return await _answer(request, error, headers)


async def _on_server_error(request: Request, exc: Exception) -> Response:
    # The endpoint may have read the body already; what the journal needs is that it failed.
    return await _answer(request, ServerError(SERVER_ERROR_MESSAGE), read_body=False)


async def _realtime_socket(websocket: WebSocket) -> None:
    # The socket's modules load with its first connection, not at start-up: a run of
    # HTTP calls alone never needs them, and waits for the server to start.
    from mock_realtime.websocket.endpoint import realtime_endpoint

    await realtime_endpoint(websocket)


def _cors(settings: Settings) -> list[Middleware]:
    """Browsers may call the mock from another origin only when --cors-origin names it."""
    if not settings.cors_origin:
        return []
    return [Middleware(
        CORSMiddleware,
        allow_origins=list(settings.cors_origin),
        allow_methods=["POST"],
        allow_headers=["*"],
        expose_headers=["x-request-id", "openai-processing-ms", "openai-version"],
    )]


def create_app(
    settings: Settings | None = None, *, clock: TimeSource | None = None, ids: IdSource | None = None
) -> Starlette:
    state = MockState.build(settings or Settings(), clock=clock, ids=ids)
    mock_routes: list[BaseRoute] = []  # everything under /__mock/ but health, which --no-admin removes
    if state.settings.admin:
        mock_routes = [
            *admin.admin_routes(state.settings.admin_token, state.settings.allowed_host),
            Route("/__mock/demo", demo_page, methods=["GET"]),
            Route("/__mock/demo/token", guarded(demo_token, state.settings.admin_token, state.settings.allowed_host),
                  methods=["POST"]),
        ]
    # Built on the first request for it, once: it costs half of create_app, and most
    # runs never ask for it.
    openapi: list[dict[str, Any]] = []

    async def openapi_json(request: Request) -> Response:
        if not openapi:
            openapi.append(add_admin_paths(
                build_openapi(state.contracts), error_schema=state.contract.error_schema["title"],
                admin=state.settings.admin, token=bool(state.settings.admin_token),
            ))
        return JSONResponse(openapi[0])

    operations = [Route(s.endpoint.path, operation(s), methods=[s.endpoint.method]) for s in state.served]
    sockets = dict.fromkeys(c.websocket_path for c in state.contracts)
    app = HotRouteStarlette(
        routes=[
            *operations,
            Route("/openapi.json", openapi_json, methods=["GET"]),
            *(WebSocketRoute(path, _realtime_socket) for path in sockets),
            *(route for contract in state.contracts for route in call_routes(contract)),
            Route(HEALTH_PATH, health, methods=["GET"]),  # kept by --no-admin: container healthchecks use it
            *mock_routes,
        ],
        # The hot route skips Starlette's machinery only when no middleware but the access
        # log is installed, so the access log is a middleware only when it is on.
        middleware=[*([Middleware(AccessLog)] if state.settings.access_log else []), *_cors(state.settings)],
        exception_handlers={
            HTTPException: _on_http_exception, StoreUnavailable: _on_store_unavailable,
            Exception: _on_server_error,
        },
        hot_routes=operations,
    )
    # OpenAI answers a path with a trailing slash 404; Starlette would redirect it to the
    # client's own Host, which a hostile Host header turns into a redirect anywhere.
    app.router.redirect_slashes = False
    app.state.mock = state
    return app
