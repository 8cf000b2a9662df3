"""Helpers for GA call tests: a minted client secret, an offer posted the way a browser
posts it, the call id from the answer's Location, and a sideband socket's events."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import orjson
from websockets.asyncio.client import ClientConnection

from mock_realtime.web.server import ThreadedServer
from tests.helpers import AUTH
from tests.webrtc.client import WAIT


def mint(server: ThreadedServer, **session: Any) -> str:
    response = httpx.post(f"{server.base_url}/v1/realtime/client_secrets",
                          json={"session": {"type": "realtime", **session}}, headers=AUTH)
    assert response.status_code == 200, response.text
    key: str = response.json()["value"]
    return key


async def post_offer(server: ThreadedServer, offer: str, key: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        return await http.post("/v1/realtime/calls", content=offer,
                               headers={"Authorization": f"Bearer {key}", "Content-Type": "application/sdp"})


async def answer(server: ThreadedServer, offer: str, key: str, calls: list[str]) -> str:
    """Post the offer; note the call id its Location names; return the SDP answer."""
    response = await post_offer(server, offer, key)
    assert response.status_code == 201, response.text
    calls.append(response.headers["location"].rsplit("/", 1)[1])
    return response.text


async def next_event(socket: ClientConnection, event_type: str | None = None) -> dict[str, Any]:
    while True:
        event: dict[str, Any] = orjson.loads(await asyncio.wait_for(socket.recv(), WAIT))
        if event_type is None or event["type"] == event_type:
            return event
