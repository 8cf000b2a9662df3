"""POST /v1/realtime/calls, the GA form, through a real uvicorn server and an aiortc client:
the official SDK's calls.create (multipart sdp and session, a standard key), the browser
form (raw application/sdp with an ek_ secret), and the errors. Every event the data
channel carries is checked strictly against the newest SDK's GA models."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import httpx
import orjson
import pytest

pytest.importorskip("aiortc", reason="needs the webrtc extra: pip install -e '.[webrtc]'")

from openai import OpenAI

from mock_realtime.web.server import ThreadedServer
from tests.helpers import API_KEY, AUTH
from tests.webrtc.client import CallClient
from tests.websocket.sdk_events import sdk_event

CALL_ID = r"rtc_u0_[A-Za-z0-9]{32}"


def _sdk(server: ThreadedServer, key: str = API_KEY) -> OpenAI:
    return OpenAI(api_key=key, base_url=f"{server.base_url}/v1", max_retries=0)


def _mint(server: ThreadedServer, **session: Any) -> dict[str, Any]:
    with _sdk(server) as client:
        secret = client.realtime.client_secrets.create(session={"type": "realtime", **session})
    return secret.model_dump()


async def _post_raw(server: ThreadedServer, offer: str, key: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        return await http.post("/v1/realtime/calls", content=offer,
                               headers={"Authorization": f"Bearer {key}", "Content-Type": "application/sdp"})


async def _strict(client: CallClient) -> Any:
    return sdk_event(await client.next_event(), "ga")


def test_sdk_calls_create_answers_and_the_call_runs_on_the_session_part(live_server: ThreadedServer) -> None:
    seen: dict[str, Any] = {}

    async def main() -> None:
        client = CallClient()

        def create(offer: str) -> Any:
            with _sdk(live_server) as sdk:
                return sdk.realtime.calls.with_raw_response.create(sdp=offer, session={
                    "type": "realtime", "model": "gpt-realtime", "instructions": "Speak like a pilot."})

        try:
            async def answer(offer: str) -> str:
                raw = await asyncio.to_thread(create, offer)
                seen["raw"] = raw
                return str(raw.parse().text)

            await client.connect(answer)
            seen["created"] = await _strict(client)
            client.send({"type": "session.update", "session": {"type": "realtime", "instructions": "Over."}})
            seen["updated"] = await _strict(client)
        finally:
            await client.close()

    asyncio.run(main())
    raw = seen["raw"]
    assert raw.status_code == 201
    assert raw.headers["content-type"] == "application/sdp"
    assert re.fullmatch(f"/v1/realtime/calls/{CALL_ID}", raw.headers["location"])
    created, updated = seen["created"], seen["updated"]
    assert (created.type, created.session.model, created.session.instructions) == (
        "session.created", "gpt-realtime", "Speak like a pilot.")
    assert (updated.type, updated.session.instructions) == ("session.updated", "Over.")


def test_browser_form_runs_on_the_client_secrets_session(live_server: ThreadedServer) -> None:
    secret = _mint(live_server, instructions="Be brief.", audio={"output": {"voice": "cedar"}})
    seen: dict[str, Any] = {}

    async def main() -> None:
        client = CallClient()
        try:
            async def answer(offer: str) -> str:
                response = await _post_raw(live_server, offer, secret["value"])
                seen["response"] = response
                return response.text

            await client.connect(answer)
            seen["created"] = await _strict(client)
        finally:
            await client.close()

    asyncio.run(main())
    assert seen["response"].status_code == 201
    created = seen["created"]
    assert created.session.id == secret["session"]["id"]
    assert (created.session.instructions, created.session.audio.output.voice) == ("Be brief.", "cedar")


def _multipart(sdp: str | None, session: dict[str, Any] | None) -> dict[str, Any]:
    files: list[tuple[str, tuple[None, bytes, str]]] = []
    if sdp is not None:
        files.append(("sdp", (None, sdp.encode(), "application/sdp")))
    if session is not None:
        files.append(("session", (None, orjson.dumps(session), "application/json")))
    return {"files": files}


@pytest.mark.parametrize(
    ("request_kwargs", "status", "error"),
    [
        pytest.param(_multipart(None, {"type": "realtime"}), 400, {
            "message": "Missing required parameter: 'sdp'.", "type": "invalid_request_error", "param": "sdp",
            "code": "missing_required_parameter"}, id="no-sdp"),
        pytest.param({"content": "hello", "headers": {"Content-Type": "application/sdp"}}, 400, {
            "message": "Invalid SDP offer. Please try again with a WHIP-compliant offer.",
            "type": "invalid_request_error", "param": None, "code": "invalid_offer"}, id="unparseable-sdp"),
        pytest.param(_multipart("OFFER", {"type": "realtime", "temperature": 0.8}), 400, {
            "message": "Unknown parameter: 'session.temperature'.", "type": "invalid_request_error",
            "param": "session.temperature", "code": "unknown_parameter"}, id="beta-field-in-ga-session"),
        pytest.param(_multipart("OFFER", {"type": "transcription"}), 400, {
            "message": "Invalid value: 'transcription'. Supported values are: 'realtime'.",
            "type": "invalid_request_error", "param": "session.type", "code": "invalid_value"},
            id="transcription-session"),
    ],
)
def test_calls_refuse_what_cannot_open_a_call(
    live_server: ThreadedServer, request_kwargs: dict[str, Any], status: int, error: dict[str, Any]
) -> None:
    async def main() -> httpx.Response:
        client = CallClient()
        try:
            offer = await client.offer()
            files = [(n, (f, offer.encode() if c == b"OFFER" else c, t))
                     for n, (f, c, t) in request_kwargs.get("files", [])]
            kwargs = {**request_kwargs, **({"files": files} if files else {})}
            async with httpx.AsyncClient(base_url=live_server.base_url, headers=AUTH) as http:
                return await http.post("/v1/realtime/calls", **kwargs)
        finally:
            await client.close()

    response = asyncio.run(main())
    assert response.status_code == status
    assert response.json()["error"] == error


@pytest.mark.parametrize("expired", [False, True], ids=["unknown", "expired"])
def test_calls_refuse_a_secret_the_mock_does_not_hold(
    live_server: ThreadedServer, app: Any, expired: bool
) -> None:
    key = "ek_" + "0" * 32
    if expired:
        secret = _mint(live_server)
        key = secret["value"]
        app.state.mock.clock.set(secret["expires_at"] + 1)

    async def main() -> httpx.Response:
        client = CallClient()
        try:
            return await _post_raw(live_server, await client.offer(), key)
        finally:
            await client.close()

    response = asyncio.run(main())
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_api_key"
