"""Helpers for call tests: a minted key, an offer posted the way an app posts it, and the
events of a sideband socket joining the call."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import orjson
from websockets.asyncio.client import ClientConnection

from mock_realtime.web.server import ThreadedServer
from tests.helpers import AUTH
from tests.webrtc.client import WAIT

MODEL = "gpt-4o-realtime-preview-2024-12-17"


def mint(server: ThreadedServer) -> str:
    response = httpx.post(f"{server.base_url}/v1/realtime/sessions", json={"model": MODEL}, headers=AUTH)
    assert response.status_code == 200, response.text
    key: str = response.json()["client_secret"]["value"]
    return key


async def post_offer(server: ThreadedServer, offer: str, key: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        return await http.post(
            f"/v1/realtime?model={MODEL}", content=offer,
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/sdp"},
        )


async def answer(server: ThreadedServer, offer: str, key: str, calls: list[str]) -> str:
    """Post the offer; note the call id the journal gives it; return the SDP answer."""
    response = await post_offer(server, offer, key)
    assert response.status_code == 201, response.text
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        journal = (await http.get("/__mock/requests")).json()["data"]
    calls.append(journal[-1]["response"]["call_id"])
    return response.text


async def next_event(socket: ClientConnection, event_type: str | None = None) -> dict[str, Any]:
    while True:
        event: dict[str, Any] = orjson.loads(await asyncio.wait_for(socket.recv(), WAIT))
        if event_type is None or event["type"] == event_type:
            return event

