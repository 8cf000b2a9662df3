"""Who may use the admin API, and how its refusals look: OpenAI's envelope, never journaled."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from mock_realtime.auth import bearer_key
from mock_realtime.errors import APIError, AuthenticationError, MethodNotAllowedError, NotFoundError

Handler = Callable[[Request], Awaitable[Response]]


def json_response(payload: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(payload), status_code=status, media_type="application/json")


def token_required(handler: Handler, token: str) -> Handler:
    expected = token.encode()

    async def guarded(request: Request) -> Response:
        try:
            given = bearer_key(request.headers.get("authorization")).encode()
        except AuthenticationError:
            given = b""
        if not hmac.compare_digest(given, expected):
            raise AuthenticationError("The admin API needs this mock's admin token: "
                                      "Authorization: Bearer <admin token>.", code="invalid_admin_token")
        return await handler(request)

    return guarded


def error_response(error: APIError) -> Response:
    """The one place admin errors become OpenAI's envelope."""
    return json_response(error.envelope(), error.status)


def errors_answered(handler: Handler) -> Handler:
    async def answered(request: Request) -> Response:
        try:
            return await handler(request)
        except APIError as error:
            return error_response(error)

    return answered


def routing_error(request: Request, exc: HTTPException) -> APIError:
    if exc.status_code == 405:
        methods = sorted(m for m in (exc.headers or {}).get("Allow", "").split(", ") if m not in ("", "HEAD"))
        allowed = " or ".join(methods)
        return MethodNotAllowedError(f"Only {allowed} requests are accepted.", code="method_not_supported")
    return NotFoundError(f"Invalid URL ({request.method} {request.url.path})")
