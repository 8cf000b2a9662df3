"""create_app(settings) -> Starlette. The only module that wires routes and handlers."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mock_realtime.clock import Clock
from mock_realtime.endpoints import create_session
from mock_realtime.errors import APIError, MethodNotAllowedError, NotFoundError, ServerError
from mock_realtime.exchange import Exchange
from mock_realtime.hot_route import HotRouteStarlette
from mock_realtime.ids import IdSource
from mock_realtime.openapi import build_openapi
from mock_realtime.settings import Settings
from mock_realtime.state import MockState


def _routing_error(request: Request, status: int) -> APIError:
    if status == 405:
        return MethodNotAllowedError(
            f"Only {request.app.state.mock.contract.method} requests are accepted.", code="method_not_supported"
        )
    return NotFoundError(f"Invalid URL ({request.method} {request.url.path})")


async def _on_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    error = _routing_error(request, exc.status_code)
    exchange = Exchange.start(request, request.app.state.mock)
    exchange.keep_raw_body(await request.body())
    return exchange.reply(error.status, error.envelope(), dict(exc.headers or {}))


async def _on_server_error(request: Request, exc: Exception) -> Response:
    error = ServerError("The server had an error while processing your request. Sorry about that!")
    return JSONResponse(error.envelope(), status_code=error.status)


def create_app(settings: Settings | None = None, *, clock: Clock | None = None, ids: IdSource | None = None) -> Starlette:
    state = MockState.build(settings or Settings(), clock=clock, ids=ids)
    openapi = build_openapi(state.contract)

    async def openapi_json(request: Request) -> Response:
        return JSONResponse(openapi)

    hot_route = Route(state.contract.path, create_session, methods=[state.contract.method])
    app = HotRouteStarlette(
        routes=[
            hot_route,
            Route("/openapi.json", openapi_json, methods=["GET"]),
        ],
        exception_handlers={HTTPException: _on_http_exception, Exception: _on_server_error},
        hot_route=hot_route,
    )
    app.state.mock = state
    return app
