"""A sideband socket (GET /v1/realtime?call_id=…, GA) joins a live WebRTC call: it sees the
call's events and steers its session; hanging up closes the peer and the sideband."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

pytest.importorskip("aiortc", reason="needs the webrtc extra: pip install -e '.[webrtc]'")

from websockets.asyncio.client import connect

from mock_realtime.web.server import ThreadedServer
from tests.helpers import API_KEY, AUTH
from tests.webrtc.calls import answer, mint, next_event
from tests.webrtc.client import WAIT, CallClient
from tests.websocket.sdk_events import sdk_event


def _sideband_url(server: ThreadedServer, call_id: str) -> str:
    return f"{server.base_url.replace('http', 'ws', 1)}/v1/realtime?call_id={call_id}"


def test_sideband_sees_and_steers_the_calls_session(live_server: ThreadedServer) -> None:
    key = mint(live_server)
    seen: dict[str, Any] = {}

    async def main() -> None:
        client, calls = CallClient(), []
        try:
            await client.connect(lambda offer: answer(live_server, offer, key, calls))
            on_channel = await client.next_event("session.created")
            async with connect(_sideband_url(live_server, calls[0]),
                               additional_headers={"Authorization": f"Bearer {API_KEY}"}) as sideband:
                seen["sideband_created"] = await next_event(sideband)
                await sideband.send('{"type": "session.update", "session": {"type": "realtime", '
                                    '"instructions": "From the side."}}')
                seen["sideband_updated"] = await next_event(sideband)
                seen["channel_updated"] = await client.next_event()
                client.send({"type": "session.update",
                             "session": {"type": "realtime", "audio": {"output": {"voice": "sage"}}}})
                seen["channel_own_update"] = await client.next_event()
                seen["sideband_sees_it"] = await next_event(sideband)
            seen["channel_created"] = on_channel
        finally:
            await client.close()

    asyncio.run(main())
    assert seen["sideband_created"]["type"] == "session.created"
    assert seen["sideband_created"]["session"]["id"] == seen["channel_created"]["session"]["id"]
    assert seen["sideband_updated"] == seen["channel_updated"]
    assert seen["channel_updated"]["session"]["instructions"] == "From the side."
    for event in seen.values():
        sdk_event(event, "ga")
    assert seen["channel_own_update"] == seen["sideband_sees_it"]
    assert seen["sideband_sees_it"]["session"]["audio"]["output"]["voice"] == "sage"


def test_sideband_refuses_an_unknown_call(live_server: ThreadedServer) -> None:
    async def main() -> tuple[dict[str, Any], int | None, str | None]:
        async with connect(_sideband_url(live_server, "rtc_u0_" + "x" * 32),
                           additional_headers={"Authorization": f"Bearer {API_KEY}"}) as sideband:
            event = await next_event(sideband)
            await asyncio.wait_for(sideband.wait_closed(), WAIT)
            return event, sideband.close_code, sideband.close_reason

    event, code, reason = asyncio.run(main())
    assert event["error"] == {
        "message": f"No call found with id 'rtc_u0_{'x' * 32}'.", "type": "invalid_request_error",
        "param": "call_id", "code": "call_not_found", "event_id": None,
    }
    assert (code, reason) == (4000, "invalid_request_error.call_not_found")  # as the other malformed GA URLs


def test_hangup_ends_the_call_its_peer_and_its_sideband(live_server: ThreadedServer) -> None:
    key = mint(live_server)
    seen: dict[str, Any] = {}

    async def main() -> None:
        client, calls = CallClient(), []
        ended = asyncio.Event()
        client.connection.on("connectionstatechange", lambda: ended.set()
                             if client.connection.connectionState in ("closed", "failed") else None)
        try:
            await client.connect(lambda offer: answer(live_server, offer, key, calls))
            await client.next_event("session.created")
            async with connect(_sideband_url(live_server, calls[0]),
                               additional_headers={"Authorization": f"Bearer {API_KEY}"}) as sideband, \
                    httpx.AsyncClient(base_url=live_server.base_url, headers=AUTH) as http:
                await next_event(sideband, "session.created")
                url = f"/v1/realtime/calls/{calls[0]}/hangup"
                seen["first"] = await http.post(url)
                await asyncio.wait_for(sideband.wait_closed(), WAIT)
                seen["sideband_close"] = sideband.close_code
                await asyncio.wait_for(ended.wait(), WAIT)
                seen["second"] = await http.post(url)
        finally:
            await client.close()

    asyncio.run(main())
    assert (seen["first"].status_code, seen["first"].text) == (200, "")
    assert seen["sideband_close"] == 1000
    assert seen["second"].status_code == 404
    assert seen["second"].json()["error"]["code"] == "call_not_found"
