"""Who may use the admin API, and how its refusals look: OpenAI's envelope, never journaled."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import orjson
from starlette.requests import Request
from starlette.responses import Response

from mock_realtime.auth import bearer_key
from mock_realtime.errors import APIError, AuthenticationError, PermissionDeniedError

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


def same_origin_only(handler: Handler) -> Handler:
    """Refuse requests a browser sends from another site's page. The admin API takes JSON in
    any content type (curl -d sends a form type), so a cross-site form post needs no CORS
    preflight; its Origin header gives it away."""

    async def guarded(request: Request) -> Response:
        origin = request.headers.get("origin")
        if origin is not None and urlsplit(origin).netloc != request.headers.get("host"):
            raise PermissionDeniedError(
                "The admin API refuses requests from other origins.", code="cross_origin_refused"
            )
        return await handler(request)

    return guarded


def guarded(handler: Handler, token: str) -> Handler:
    """An admin handler behind the same-origin check and, when one is set, the admin token;
    its APIErrors answered in the envelope."""
    handler = same_origin_only(token_required(handler, token) if token else handler)
    return errors_answered(handler)


def error_response(error: APIError, headers: dict[str, str] | None = None) -> Response:
    """The one place admin errors become OpenAI's envelope."""
    response = json_response(error.envelope(), error.status)
    response.headers.update(headers or {})
    return response


def errors_answered(handler: Handler) -> Handler:
    async def answered(request: Request) -> Response:
        try:
            return await handler(request)
        except APIError as error:
            return error_response(error)

    return answered


