"""The beta WebRTC form on the Dec 2024 snapshot, through a real uvicorn server and an
aiortc client: the raw offer posted to /v1/realtime?model=…, a 201 SDP answer, and the
minted session on the oai-events data channel."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

pytest.importorskip("aiortc", reason="needs the webrtc extra: pip install -e '.[webrtc]'")

from mock_realtime.contract.snapshot import load_contract
from mock_realtime.settings import Settings
from mock_realtime.testing import RealtimeMock
from mock_realtime.web.app import create_app
from mock_realtime.web.server import ThreadedServer
from tests.helpers import AUTH
from tests.webrtc.client import WAIT, CallClient

MODEL = "gpt-4o-realtime-preview-2024-12-17"
_SERVER_EVENTS = load_contract("2024-12-17").checker("server_event")


def _mint(server: ThreadedServer, **fields: Any) -> dict[str, Any]:
    response = httpx.post(f"{server.base_url}/v1/realtime/sessions", json={"model": MODEL, **fields}, headers=AUTH)
    assert response.status_code == 200, response.text
    minted: dict[str, Any] = response.json()
    return minted


async def _post_offer(server: ThreadedServer, offer: str, key: str, model: str = MODEL) -> httpx.Response:
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        return await http.post(
            f"/v1/realtime?model={model}", content=offer,
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/sdp"},
        )


def test_beta_call_answers_with_sdp_and_the_minted_session(live_server: ThreadedServer) -> None:
    minted = _mint(live_server, voice="verse", instructions="Be brief.")
    key = minted["client_secret"]["value"]
    seen: dict[str, Any] = {}

    async def main() -> None:
        client = CallClient()
        try:
            async def answer(offer: str) -> str:
                response = await _post_offer(live_server, offer, key)
                seen["response"] = response
                return response.text

            await client.connect(answer)
            seen["created"] = await client.next_event()
            client.send({"type": "session.update", "event_id": "evt_1", "session": {"voice": "ash"}})
            seen["updated"] = await client.next_event()
        finally:
            await client.close()

    asyncio.run(main())
    response = seen["response"]
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/sdp"
    assert response.text.startswith("v=0")
    created, updated = seen["created"], seen["updated"]
    _SERVER_EVENTS.check(created)
    _SERVER_EVENTS.check(updated)
    assert created["type"] == "session.created"
    assert created["session"]["id"] == minted["id"]
    assert (created["session"]["voice"], created["session"]["instructions"]) == ("verse", "Be brief.")
    assert created["session"]["client_secret"] is None
    assert (updated["type"], updated["session"]["voice"]) == ("session.updated", "ash")


@pytest.mark.parametrize(
    ("offer", "status", "code", "message"),
    [
        pytest.param("", 400, "missing_required_parameter", "Missing required parameter: 'sdp'.", id="no-sdp"),
        pytest.param("not an offer", 400, "invalid_offer",
                     "Invalid SDP offer. Please try again with a WHIP-compliant offer.", id="unparseable"),
    ],
)
def test_beta_call_refuses_bad_offers(
    live_server: ThreadedServer, offer: str, status: int, code: str, message: str
) -> None:
    key = _mint(live_server)["client_secret"]["value"]
    response = asyncio.run(_post_offer(live_server, offer, key))
    assert response.status_code == status
    assert response.json()["error"] == {
        "message": message, "type": "invalid_request_error", "param": "sdp" if code != "invalid_offer" else None,
        "code": code,
    }


def test_beta_call_refuses_an_unknown_secret(live_server: ThreadedServer) -> None:
    async def main() -> httpx.Response:
        client = CallClient()
        try:
            return await _post_offer(live_server, await client.offer(), "ek_" + "0" * 32)
        finally:
            await client.close()

    response = asyncio.run(main())
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_api_key"


def test_beta_call_is_journaled_with_its_call_id(live_server: ThreadedServer) -> None:
    key = _mint(live_server)["client_secret"]["value"]

    async def main() -> httpx.Response:
        client = CallClient()
        try:
            return await _post_offer(live_server, await client.offer(), key)
        finally:
            await client.close()

    assert asyncio.run(main()).status_code == 201
    entries = httpx.get(f"{live_server.base_url}/__mock/requests").json()["data"]
    call = entries[-1]
    assert (call["method"], call["path"], call["status"]) == ("POST", "/v1/realtime", 201)
    assert call["response"]["call_id"].startswith("rtc_u0_")
    assert call["response"]["sdp"].startswith("v=0")
    assert call["body"].startswith("v=0")
    assert key not in str(call["headers"])


def test_beta_call_is_listed_until_hung_up_by_reset(live_server: ThreadedServer) -> None:
    minted = _mint(live_server)
    mock = RealtimeMock(live_server.base_url)
    ended = asyncio.Event()

    async def main() -> None:
        client = CallClient()
        client.connection.on("connectionstatechange", lambda: ended.set()
                             if client.connection.connectionState in ("closed", "failed") else None)
        try:
            await client.connect(lambda offer: _answer(live_server, offer, minted["client_secret"]["value"]))
            await client.next_event("session.created")
            [call] = mock.calls
            assert (call["state"], call["session"]["id"]) == ("active", minted["id"])
            await asyncio.to_thread(mock.reset)
            assert mock.calls == []
            await asyncio.wait_for(ended.wait(), WAIT)  # the mock's peer hung up
        finally:
            await client.close()

    asyncio.run(main())


async def _answer(server: ThreadedServer, offer: str, key: str, model: str = MODEL) -> str:
    response = await _post_offer(server, offer, key, model)
    assert response.status_code == 201, response.text
    return response.text


def test_beta_call_route_takes_faults(live_server: ThreadedServer) -> None:
    key = _mint(live_server)["client_secret"]["value"]
    RealtimeMock(live_server.base_url).fail_next(503)
    response = asyncio.run(_post_offer(live_server, "v=0\r\n", key))
    assert response.status_code == 503
    assert response.json()["error"]["type"] == "server_error"
    assert httpx.get(f"{live_server.base_url}/__mock/requests").json()["data"][-1]["fault"] is not None


def test_beta_call_past_the_bound_is_refused_until_one_ends(
    live_server: ThreadedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("mock_realtime.webrtc.calls.MAX_CALLS", 1)
    key = _mint(live_server)["client_secret"]["value"]

    async def main() -> list[httpx.Response]:
        clients = [CallClient(), CallClient(), CallClient()]
        try:
            await clients[0].connect(lambda offer: _answer(live_server, offer, key))
            refused = await _post_offer(live_server, await clients[1].offer(), key)
            await asyncio.to_thread(RealtimeMock(live_server.base_url).reset)  # hangs the first call up
            fresh_key = _mint(live_server)["client_secret"]["value"]
            admitted = await _post_offer(live_server, await clients[2].offer(), fresh_key)
            return [refused, admitted]
        finally:
            for client in clients:
                await client.close()

    refused, admitted = asyncio.run(main())
    assert refused.status_code == 429
    assert refused.json()["error"] == {
        "message": "This mock already holds 1 live calls; hang one up before starting another.",
        "type": "invalid_request_error", "param": None, "code": "too_many_calls",
    }
    assert admitted.status_code == 201


def test_beta_call_is_served_by_the_final_beta_snapshot_too() -> None:
    app = create_app(Settings(contract="beta-final"))
    server = ThreadedServer(app, Settings(port=0)).start()
    try:
        minted = httpx.post(f"{server.base_url}/v1/realtime/sessions", json={"model": "gpt-realtime"},
                            headers=AUTH).json()
        seen: list[dict[str, Any]] = []

        async def main() -> None:
            client = CallClient()
            try:
                await client.connect(lambda offer: _answer(server, offer, minted["client_secret"]["value"],
                                                           "gpt-realtime"))
                seen.append(await client.next_event())
            finally:
                await client.close()

        asyncio.run(main())
    finally:
        server.stop()
    assert (seen[0]["type"], seen[0]["session"]["id"]) == ("session.created", minted["id"])


def test_beta_call_after_the_shutdown_gets_beta_api_shape_disabled() -> None:
    server = ThreadedServer(create_app(Settings(contract=("beta-final",), beta_retired=True)), Settings(port=0))
    server.start()
    try:
        response = asyncio.run(_post_offer(server, "v=0\r\n", "ek_" + "0" * 32))
    finally:
        server.stop()
    assert response.status_code == 400
    assert response.json()["error"] == {
        "message": "The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.",
        "type": "invalid_request_error", "param": None, "code": "beta_api_shape_disabled",
    }
