"""WebRTC calls over HTTP: an SDP offer in, a real peer's SDP answer out (201).

Each served snapshot's `webrtc` entry names its routes and form. The beta form posts the
raw offer to /v1/realtime?model=…; GA posts it to /v1/realtime/calls, raw (with an ek_
key) or as multipart `sdp` and `session` parts, and is answered with a Location naming
the call. Faults and the quota apply as on the minting endpoints. The peer needs the
`webrtc` extra; without it the endpoint answers 501 saying what to install."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from mock_realtime.contract.snapshot import Contract
from mock_realtime.errors import NO_KEY_MESSAGE, APIError, AuthenticationError, InvalidRequestError
from mock_realtime.state import MockState, ServedEndpoint
from mock_realtime.web import admission
from mock_realtime.web.call_session import call_session
from mock_realtime.web.endpoints import retired_error
from mock_realtime.web.exchange import Exchange
from mock_realtime.web.offer_body import OfferBody, offer_text, read_offer
from mock_realtime.web.reading import read_body
from mock_realtime.websocket.handshake import offered_key

# Live wording for an offer the API cannot use (HTTP 400, param null, code invalid_offer).
INVALID_OFFER_MESSAGE = "Invalid SDP offer. Please try again with a WHIP-compliant offer."
TOO_MANY_CALLS_MESSAGE = "This mock already holds {count} live calls; hang one up before starting another."


class WebRTCUnavailableError(APIError):
    status = 501
    type = "server_error"


async def _open_call(
    state: MockState, contract: Contract, offer: str, session: dict[str, Any], key: str
) -> tuple[str, str]:
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
        return await open_call(state, contract, offer, session, secret=key if key.startswith("ek_") else None)
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
        return exchange.fail(error)


def _served_by(state: MockState, contract: Contract) -> ServedEndpoint:
    """The snapshot's own endpoint, whose model a fault's or the quota's message names."""
    return next((s for s in state.served if s.contract is contract), state.served[0])


def _form_offer(contract: Contract, raw: bytes, content_type: str | None) -> OfferBody:
    """The beta form takes the raw offer only; GA takes it raw or as multipart parts."""
    if contract.webrtc and contract.webrtc["form"] == "beta":
        return OfferBody(sdp=offer_text(raw), session=None)
    return read_offer(raw, content_type)


async def _call(request: Request, state: MockState, contract: Contract, exchange: Exchange) -> Response:
    """The call itself, read top to bottom: the key, the quota, the body, the session, the peer."""
    served = _served_by(state, contract)
    key = offered_key(request.headers.get("authorization"), [])
    if key is None:
        raise AuthenticationError(NO_KEY_MESSAGE)
    quota = await admission.take_quota(exchange, served)
    raw = await read_body(exchange, request, state)
    if contract.retired is not None and state.settings.beta_retired:
        raise retired_error(served)
    offer = _form_offer(contract, raw, request.headers.get("content-type"))
    session = call_session(state, contract, key, offer.session, request.query_params)
    call_id, answer = await _open_call(state, contract, offer.sdp, session, key)
    location = (contract.webrtc or {}).get("location")
    response = _answered(exchange, call_id, answer, headers={} if location is None else {
        "Location": location.format(call_id=call_id)})
    response.headers.update(quota)
    return response


async def offer_call(request: Request, contract: Contract) -> Response:
    """POST of an SDP offer to the route the snapshot's `webrtc` entry names."""
    state: MockState = request.app.state.mock
    served = _served_by(state, contract)
    try:
        fault = admission.chosen_fault(request, state)
    except APIError as error:
        return Exchange.start(request, state).fail(error)
    exchange = Exchange.start(request, state, fault=None if fault is None else fault.describe())
    try:
        dropped = await admission.apply_fault(exchange, served, fault)
        return dropped if dropped is not None else await _call(request, state, contract, exchange)
    except APIError as error:
        return exchange.fail(error)
