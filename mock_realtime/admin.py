"""The admin API under /__mock/: what a test needs to see and steer the mock. Every
answer is JSON; bad input gets OpenAI's error envelope. Admin requests are never
journaled, so reading the journal does not change it."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any

import jsonschema
import orjson
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from mock_realtime.auth import bearer_key
from mock_realtime.body import parse_body
from mock_realtime.endpoints import read_capped
from mock_realtime.errors import (
    APIError,
    AuthenticationError,
    InvalidRequestError,
    MethodNotAllowedError,
    NotFoundError,
)
from mock_realtime.faults import fault_from
from mock_realtime.state import MockState
from mock_realtime.validation import collect_violations, first_error

PREFIX = "/__mock"
CLOCK_SCHEMA: dict[str, Any] = {
    "title": "ClockChange",
    "description": "Exactly one of the three properties.",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "advance_seconds": {"type": "number", "minimum": 0, "description": "Move the clock forward."},
        "set": {"type": "number", "minimum": 0, "description": "Set the clock to this unix time."},
        "reset": {"type": "boolean", "enum": [True], "description": "Return to real time."},
    },
}
_CLOCK_VALIDATOR = jsonschema.Draft202012Validator(CLOCK_SCHEMA)
Handler = Callable[[Request], Awaitable[Response]]


def is_admin_path(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


def _json(payload: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(payload), status_code=status, media_type="application/json")


def _state(request: Request) -> MockState:
    state: MockState = request.app.state.mock
    return state


async def _read_object(request: Request) -> dict[str, Any]:
    raw = await read_capped(request, _state(request).settings.max_body_bytes)
    return parse_body(raw, "application/json")  # curl -d sends a form type; admin input is JSON anyway


async def _body(request: Request, validator: Any) -> dict[str, Any]:
    body = await _read_object(request)
    violations = collect_violations(validator, body)
    if violations:
        raise first_error(violations)
    return body


async def health(request: Request) -> Response:
    return _json({"status": "ok"})


async def list_requests(request: Request) -> Response:
    journal = _state(request).journal
    return _json({"object": "list", "data": journal.entries(), "dropped": journal.dropped})


async def clear_requests(request: Request) -> Response:
    _state(request).journal.clear()
    return await list_requests(request)


async def list_sessions(request: Request) -> Response:
    state = _state(request)
    now = state.clock.now()
    data = [
        {"id": s.session["id"], "expires_at": s.expires_at, "expired": not s.is_valid(now),
         "session": s.session}
        for s in state.secrets.all()
    ]
    return _json({"object": "list", "data": data})


async def show_secret(request: Request) -> Response:
    state = _state(request)
    value = request.path_params["value"]
    issued = state.secrets.get(value)
    if issued is None:
        raise NotFoundError(f"No client secret '{value}' was issued by this mock.", param="value")
    return _json({"valid": issued.is_valid(state.clock.now()), "expires_at": issued.expires_at,
                  "session_id": issued.session["id"]})


async def change_clock(request: Request) -> Response:
    clock = _state(request).clock
    body = await _body(request, _CLOCK_VALIDATOR)
    if len(body) != 1:
        raise InvalidRequestError("Give exactly one of 'advance_seconds', 'set' or 'reset'.")
    if "advance_seconds" in body:
        clock.advance(body["advance_seconds"])
    elif "set" in body:
        clock.set(body["set"])
    else:
        clock.reset()
    return _json({"now": clock.now()})


async def queue_faults(request: Request) -> Response:
    state = _state(request)
    fault, count = fault_from(await _read_object(request))  # validated against FAULT_SCHEMA there
    state.faults.push(fault, count)
    return _json({"object": "list", "data": state.faults.pending()})


async def clear_faults(request: Request) -> Response:
    _state(request).faults.clear()
    return _json({"object": "list", "data": []})


async def reset(request: Request) -> Response:
    _state(request).reset()
    return _json({"status": "ok"})


def _token_required(handler: Handler, token: str) -> Handler:
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


def _by_method(handlers: dict[str, Handler]) -> Handler:
    async def dispatch(request: Request) -> Response:
        # Starlette adds HEAD wherever GET is allowed.
        return await (handlers.get(request.method) or handlers["GET"])(request)

    return dispatch


# path -> method -> handler; the admin part of /openapi.json lists the same paths.
ADMIN_HANDLERS: dict[str, dict[str, Handler]] = {
    f"{PREFIX}/health": {"GET": health},
    f"{PREFIX}/requests": {"GET": list_requests, "DELETE": clear_requests},
    f"{PREFIX}/sessions": {"GET": list_sessions},
    f"{PREFIX}/secrets/{{value}}": {"GET": show_secret},
    f"{PREFIX}/clock": {"POST": change_clock},
    f"{PREFIX}/faults": {"POST": queue_faults, "DELETE": clear_faults},
    f"{PREFIX}/reset": {"POST": reset},
}


def admin_routes(token: str) -> list[BaseRoute]:
    routes: list[BaseRoute] = []
    for path, handlers in ADMIN_HANDLERS.items():
        handler = _by_method(handlers)
        if token and path != f"{PREFIX}/health":  # container healthchecks carry no token
            handler = _token_required(handler, token)
        routes.append(Route(path, handler, methods=list(handlers)))
    return routes


async def on_admin_error(request: Request, exc: Exception) -> Response:
    """The one place admin errors become OpenAI's envelope."""
    assert isinstance(exc, APIError)
    return _json(exc.envelope(), exc.status)


def routing_error(request: Request, exc: HTTPException) -> APIError:
    if exc.status_code == 405:
        methods = sorted(m for m in (exc.headers or {}).get("Allow", "").split(", ") if m not in ("", "HEAD"))
        allowed = " or ".join(methods)
        return MethodNotAllowedError(f"Only {allowed} requests are accepted.", code="method_not_supported")
    return NotFoundError(f"Invalid URL ({request.method} {request.url.path})")
