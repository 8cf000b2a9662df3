"""Who may use the admin API, and how its refusals look: OpenAI's envelope, never journaled."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import orjson
from starlette.requests import Request
from starlette.responses import Response

from mock_realtime.admin.hosts import check_host
from mock_realtime.auth import bearer_key
from mock_realtime.errors import APIError, AuthenticationError, PermissionDeniedError

Handler = Callable[[Request], Awaitable[Response]]


def json_response(payload: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(payload), status_code=status, media_type="application/json")


ADMIN_TOKEN_HEADER = "x-mock-admin-token"  # beside X-Mock-Fault, whose request's Authorization is OpenAI's


def check_admin_token(given: str, token: str) -> None:
    """Raise 401 unless `given` is the admin token; compared in constant time."""
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise AuthenticationError("The admin API needs this mock's admin token: "
                                  "Authorization: Bearer <admin token>.", code="invalid_admin_token")


def token_required(handler: Handler, token: str) -> Handler:
    async def guarded(request: Request) -> Response:
        try:
            given = bearer_key(request.headers.get("authorization"))
        except AuthenticationError:
            given = ""
        check_admin_token(given, token)
        return await handler(request)

    return guarded


def _origin_host(origin: str) -> str | None:
    try:
        return urlsplit(origin).netloc
    except ValueError:  # "http://[" is no origin at all, and no reason for a 500
        return None


def same_origin_only(handler: Handler, allowed_hosts: tuple[str, ...] = ()) -> Handler:
    """Refuse requests a browser sends from another site's page. The admin API takes JSON in
    any content type (curl -d sends a form type), so a cross-site form post needs no CORS
    preflight; its Origin header gives it away. A rebinding page is same-origin, but its
    Host names another site: see hosts.py."""

    async def guarded(request: Request) -> Response:
        host = request.headers.get("host")
        check_host(host, arrived_at=(request.scope.get("server") or (None,))[0], allowed=allowed_hosts)
        origin = request.headers.get("origin")
        if origin is not None and _origin_host(origin) != host:
            raise PermissionDeniedError(
                "The admin API refuses requests from other origins.", code="cross_origin_refused"
            )
        return await handler(request)

    return guarded


def guarded(handler: Handler, token: str, allowed_hosts: tuple[str, ...] = ()) -> Handler:
    """An admin handler behind the host and same-origin checks and, when one is set, the
    admin token; its APIErrors answered in the envelope."""
    handler = same_origin_only(token_required(handler, token) if token else handler, allowed_hosts)
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


