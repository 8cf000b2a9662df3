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


async def _open_call(state: MockState, offer: str, session: dict[str, Any]) -> tuple[str, str]:
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
        return await open_call(state, offer, session)
    except OfferRejected:
        raise InvalidRequestError(INVALID_OFFER_MESSAGE, code="invalid_offer") from None


async def create_beta_call(request: Request) -> Response:
    """POST /v1/realtime?model=…: the raw offer, keyed like the WebSocket handshake."""
    state: MockState = request.app.state.mock
    exchange = Exchange.start(request, state)
    try:
        raw = await read_body(exchange, request, state)
        key = offered_key(request.headers.get("authorization"), [])
        session = opening_session(state, key, request.query_params.get("model"))
        call_id, answer = await _open_call(state, offer_text(raw), session)
        return exchange.reply_sdp(answer, call_id=call_id, headers={})
    except APIError as error:
        return exchange.reply(error.status, error.envelope(), error.headers)


def call_routes(contract: Contract) -> list[BaseRoute]:
    """The routes the snapshot's `webrtc` entry names; none when it has none."""
    webrtc = contract.webrtc
    if webrtc is None:
        return []
    return [Route(webrtc["path"], admitted(create_beta_call), methods=["POST"])]
