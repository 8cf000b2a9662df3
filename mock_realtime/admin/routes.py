"""The admin API under /__mock/: what a test needs to see and steer the mock. Every
answer is JSON; bad input gets OpenAI's error envelope. Admin requests are never
journaled, so reading the journal does not change it."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from mock_realtime.admin.access import Handler, guarded, json_response
from mock_realtime.admin.faults import SCHEMAS, fault_from
from mock_realtime.admin.replies import REPLIES_CHECKER, queue_full, replies_from
from mock_realtime.contract.body import parse_body
from mock_realtime.contract.checker import RequestChecker
from mock_realtime.errors import InvalidRequestError, NotFoundError
from mock_realtime.state import MockState
from mock_realtime.web.endpoints import read_capped

PREFIX = "/__mock"
# Times up to the last second of year 9999 (clock.schema.json): integers JSON writers and clients hold.
CLOCK_SCHEMA: dict[str, Any] = json.loads((SCHEMAS / "clock.schema.json").read_text(encoding="utf-8"))
CLOCK_CHECKER = RequestChecker(CLOCK_SCHEMA)


def is_admin_path(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


def _state(request: Request) -> MockState:
    state: MockState = request.app.state.mock
    return state


async def _read_object(request: Request) -> dict[str, Any]:
    raw = await read_capped(request, _state(request).settings.max_body_bytes)
    return parse_body(raw, "application/json")  # curl -d sends a form type; admin input is JSON anyway


async def _body(request: Request, checker: RequestChecker) -> dict[str, Any]:
    body = await _read_object(request)
    checker.check(body)
    return body


async def list_requests(request: Request) -> Response:
    journal = _state(request).journal
    return json_response({"object": "list", "data": journal.entries(), "dropped": journal.dropped})


async def clear_requests(request: Request) -> Response:
    _state(request).journal.clear()
    return await list_requests(request)


async def list_sessions(request: Request) -> Response:
    state = _state(request)
    now = state.clock.now()
    data = [
        {"id": s.session["id"], "expires_at": s.expires_at, "expired": not s.is_valid(now),
         "snapshot": s.snapshot, "session": s.session}
        for s in state.secrets.all()
    ]
    # WebRTC calls, live and ended, each with the session it runs on (a minted one or not).
    return json_response({"object": "list", "data": data, "calls": state.calls.described()})


async def show_secret(request: Request) -> Response:
    state = _state(request)
    value = request.path_params["value"]
    issued = state.secrets.get(value)
    if issued is None:
        raise NotFoundError(f"No client secret '{value}' was issued by this mock.", param="value")
    return json_response({"valid": issued.is_valid(state.clock.now()), "expires_at": issued.expires_at,
                          "session_id": issued.session["id"]})


def _check_within_latest(now: float, seconds: float) -> None:
    """The schema bounds each move; the clock itself must stay within year 9999 too, so its
    times stay integers that JSON writers and clients can hold."""
    latest = CLOCK_SCHEMA["properties"]["set"]["maximum"]
    if now + seconds > latest:
        # A well-formed move that the clock's present position forbids: a conflict with the
        # state, not bad input, so no schema could have said it in advance.
        raise InvalidRequestError(
            f"Invalid 'advance_seconds': the clock would pass {latest}, the last second of year 9999. "
            f"Expected a value <= {max(0, int(latest - now))}, but got {seconds:g} instead.",
            param="advance_seconds", code="clock_out_of_range", status=409,
        )


async def change_clock(request: Request) -> Response:
    clock = _state(request).clock
    body = await _body(request, CLOCK_CHECKER)
    if "advance_seconds" in body:
        _check_within_latest(clock.now(), body["advance_seconds"])
        clock.advance(body["advance_seconds"])
    elif "set" in body:
        clock.set(body["set"])
    else:
        clock.reset()
    return json_response({"now": clock.now()})


async def queue_faults(request: Request) -> Response:
    state = _state(request)
    fault, count = fault_from(await _read_object(request))  # validated against FAULT_SCHEMA there
    state.faults.push(fault, count)
    return json_response({"object": "list", "data": state.faults.pending()})


async def clear_faults(request: Request) -> Response:
    _state(request).faults.clear()
    return json_response({"object": "list", "data": []})


async def list_replies(request: Request) -> Response:
    return json_response({"object": "list", "data": _state(request).replies.list()})


async def queue_replies(request: Request) -> Response:
    state = _state(request)
    if not state.replies.put(replies_from(await _body(request, REPLIES_CHECKER))):
        raise queue_full(state.replies.capacity)
    return await list_replies(request)


async def clear_replies(request: Request) -> Response:
    _state(request).replies.clear()
    return await list_replies(request)


async def reset(request: Request) -> Response:
    _state(request).reset()
    return json_response({"status": "ok"})


def _by_method(handlers: dict[str, Handler]) -> Handler:
    async def dispatch(request: Request) -> Response:
        # Starlette adds HEAD wherever GET is allowed.
        return await (handlers.get(request.method) or handlers["GET"])(request)

    return dispatch


# path -> method -> handler; the admin part of /openapi.json lists the same paths.
ADMIN_HANDLERS: dict[str, dict[str, Handler]] = {
    f"{PREFIX}/requests": {"GET": list_requests, "DELETE": clear_requests},
    f"{PREFIX}/sessions": {"GET": list_sessions},
    f"{PREFIX}/secrets/{{value}}": {"GET": show_secret},
    f"{PREFIX}/clock": {"POST": change_clock},
    f"{PREFIX}/faults": {"POST": queue_faults, "DELETE": clear_faults},
    f"{PREFIX}/replies": {"GET": list_replies, "POST": queue_replies, "DELETE": clear_replies},
    f"{PREFIX}/reset": {"POST": reset},
}


def admin_routes(token: str, allowed_hosts: tuple[str, ...] = ()) -> list[BaseRoute]:
    routes: list[BaseRoute] = []
    for path, handlers in ADMIN_HANDLERS.items():
        routes.append(Route(path, guarded(_by_method(handlers), token, allowed_hosts), methods=list(handlers)))
    return routes
