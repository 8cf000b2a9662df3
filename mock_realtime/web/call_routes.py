"""The WebRTC call routes each served snapshot's `webrtc` entry names. Their handlers
(web/calls.py, with the SDP, multipart and session readers behind them) load with the
first call, not at start-up: most runs never place one, and every run waits for the
server to start."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from mock_realtime.contract.snapshot import Contract


def call_routes(contract: Contract) -> list[BaseRoute]:
    """The routes the snapshot's `webrtc` entry names; none when it has none."""
    webrtc = contract.webrtc
    if webrtc is None:
        return []

    async def offer(request: Request) -> Response:
        from mock_realtime.web.calls import offer_call

        return await offer_call(request, contract)

    routes: list[BaseRoute] = [Route(webrtc["path"], offer, methods=["POST"])]
    hangup = webrtc.get("routes", {}).get("hangup")
    if hangup is not None:
        routes.append(Route(hangup, _hang_up, methods=["POST"]))
    return routes


async def _hang_up(request: Request) -> Response:
    from mock_realtime.web.calls import hang_up_call

    return await hang_up_call(request)
