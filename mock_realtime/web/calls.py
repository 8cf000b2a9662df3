"""WebRTC calls over HTTP: an SDP offer in, a real peer's SDP answer out (201).

The beta form posts the raw offer to /v1/realtime?model=…, keyed like the WebSocket:
an `ek_` secret brings its session, a standard key gets the model's defaults. The peer
needs the `webrtc` extra; without it the endpoint answers 501 saying what to install."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from mock_realtime.contract.snapshot import Contract
from mock_realtime.errors import APIError, InvalidRequestError
from mock_realtime.state import MockState
from mock_realtime.web.admission import admitted
from mock_realtime.web.endpoints import read_body
from mock_realtime.web.exchange import Exchange
from mock_realtime.web.offer_body import offer_text
from mock_realtime.websocket.handshake import offered_key, opening_session

# Live wording for an offer the API cannot use (HTTP 400, param null, code invalid_offer).
INVALID_OFFER_MESSAGE = "Invalid SDP offer. Please try again with a WHIP-compliant offer."
TOO_MANY_CALLS_MESSAGE = "This mock already holds {count} live calls; hang one up before starting another."


class WebRTCUnavailableError(APIError):
    status = 501
    type = "server_error"


async def _open_call(state: MockState, offer: str, session: dict[str, Any], key: str | None) -> tuple[str, str]:
    """A live call on `session`: its id and the peer's SDP answer."""
    from mock_realtime.webrtc import WebRTCUnavailable, require_webrtc

    try:
        require_webrtc()
    except WebRTCUnavailable as missing:
        raise WebRTCUnavailableError(str(missing), code="webrtc_unavailable") from None
    from mock_realtime.webrtc.offer import OfferRejected
    from mock_realtime.webrtc.opening import open_call

    if state.calls.full():
        raise InvalidRequestError(TOO_MANY_CALLS_MESSAGE.format(count=len(state.calls)), code="too_many_calls",
                                  status=429)
    try:
        return await open_call(state, offer, session, secret=key if key and key.startswith("ek_") else None)
    except OfferRejected:
        raise InvalidRequestError(INVALID_OFFER_MESSAGE, code="invalid_offer") from None


def _answered(exchange: Exchange, call_id: str, sdp: str, *, headers: dict[str, str]) -> Response:
    """201 with the SDP answer; the journal shows the answer and the call it opened."""
    journaled = {"call_id": call_id, "sdp": sdp}
    return exchange.reply_text(201, sdp, media_type="application/sdp", headers=headers, journaled=journaled)


async def hang_up_call(request: Request) -> Response:
    """POST …/calls/{call_id}/hangup: end the call; its peer and sidebands close."""
    from mock_realtime.webrtc.access import reached_call

    state: MockState = request.app.state.mock
    exchange = Exchange.start(request, state)
    try:
        await read_body(exchange, request, state)
        call = reached_call(state, offered_key(request.headers.get("authorization"), []),
                            request.path_params["call_id"])
        await call.hang_up()
        return exchange.reply_text(200, "", media_type="text/plain", headers={},
                                   journaled={"call_id": call.call_id, "state": call.state})
    except APIError as error:
        return exchange.reply(error.status, error.envelope(), error.headers)


async def create_beta_call(request: Request) -> Response:
    """POST /v1/realtime?model=…: the raw offer, keyed like the WebSocket handshake."""
    state: MockState = request.app.state.mock
    exchange = Exchange.start(request, state)
    try:
        raw = await read_body(exchange, request, state)
        key = offered_key(request.headers.get("authorization"), [])
        session = opening_session(state, key, request.query_params.get("model"))
        call_id, answer = await _open_call(state, offer_text(raw), session, key)
        return _answered(exchange, call_id, answer, headers={})
    except APIError as error:
        return exchange.reply(error.status, error.envelope(), error.headers)


def call_routes(contract: Contract) -> list[BaseRoute]:
    """The routes the snapshot's `webrtc` entry names; none when it has none."""
    webrtc = contract.webrtc
    if webrtc is None:
        return []
    routes: list[BaseRoute] = [Route(webrtc["path"], admitted(create_beta_call), methods=["POST"])]
    hangup = webrtc.get("routes", {}).get("hangup")
    if hangup is not None:
        routes.append(Route(hangup, hang_up_call, methods=["POST"]))
    return routes
