"""Real GA clients nobody here wrote, against the mock over a real socket: the official
Python SDK's `client.realtime.connect` (openai 3.57.0) and the `openai-agents` 0.24.0
RealtimeRunner. Every event either receives is checked strictly against the SDK's models."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
import pytest
from agents.realtime import RealtimeAgent, RealtimeRunner
from openai import OpenAI
from websockets.exceptions import ConnectionClosedError

from mock_realtime.web.server import ThreadedServer
from tests.helpers import API_KEY
from tests.websocket.sdk_events import sdk_event

AGENT_MODEL = "gpt-realtime-2.1"  # openai-agents' default model
WAIT = 10


def _ws_base(live_server: ThreadedServer) -> str:
    return live_server.base_url.replace("http://", "ws://", 1) + "/v1"


def _client(live_server: ThreadedServer, key: str) -> OpenAI:
    return OpenAI(api_key=key, base_url=f"{live_server.base_url}/v1",
                  websocket_base_url=_ws_base(live_server), max_retries=0)


def _recv_strict(connection: Any) -> Any:
    """The next event, as raw JSON checked strictly by the SDK's GA union."""
    return sdk_event(orjson.loads(connection.recv_bytes()), "ga")


def test_sdk_ga_connect_gets_a_strict_session_created_and_updates_the_session(live_server) -> None:
    with _client(live_server, API_KEY) as client, client.realtime.connect(model="gpt-realtime") as connection:
        created = _recv_strict(connection)
        connection.session.update(session={"type": "realtime", "instructions": "Answer in haiku.",
                                           "audio": {"output": {"voice": "marin"}}}, event_id="evt_sdk_1")
        updated = _recv_strict(connection)
        connection.session.update(session={"type": "realtime", "temperature": 0.8}, event_id="evt_sdk_2")
        error = _recv_strict(connection)
    assert (created.type, created.session.type, created.session.model) == ("session.created", "realtime",
                                                                           "gpt-realtime")
    assert created.session.audio.output.voice == "alloy"
    assert (updated.type, updated.session.instructions) == ("session.updated", "Answer in haiku.")
    assert updated.session.audio.output.voice == "marin"
    assert updated.session.audio.input.format.rate == 24000  # untouched by the update
    assert (error.error.param, error.error.code, error.error.event_id) == (
        "session.temperature", "unknown_parameter", "evt_sdk_2")


def test_sdk_client_secret_opens_a_ga_socket_with_the_session_as_minted(live_server) -> None:
    with _client(live_server, API_KEY) as server_side:
        secret = server_side.realtime.client_secrets.create(session={
            "type": "realtime", "model": "gpt-realtime", "instructions": "Be brief.",
            "audio": {"output": {"voice": "cedar"}}})
    with _client(live_server, secret.value) as browser_side, \
            browser_side.realtime.connect(model="gpt-realtime") as connection:
        created = _recv_strict(connection)
        connection.session.update(session={"type": "realtime", "audio": {"output": {"speed": 1.2}}})
        updated = _recv_strict(connection)
    assert secret.value.startswith("ek_")
    assert (created.type, created.session.model, created.session.instructions) == (
        "session.created", "gpt-realtime", "Be brief.")
    assert created.session.model_extra["id"] == secret.session.id
    assert created.session.audio.output.voice == "cedar"
    assert (updated.session.audio.output.voice, updated.session.audio.output.speed) == ("cedar", 1.2)


def test_sdk_expired_client_secret_is_refused_with_3000(live_server, clock) -> None:
    with _client(live_server, API_KEY) as server_side:
        secret = server_side.realtime.client_secrets.create(session={"type": "realtime"},
                                                            expires_after={"anchor": "created_at", "seconds": 10})
    clock.set(secret.expires_at)
    with _client(live_server, secret.value) as browser_side, \
            browser_side.realtime.connect(model="gpt-realtime") as connection:
        error = _recv_strict(connection)
        with pytest.raises(ConnectionClosedError) as closed:
            connection.recv()
    assert (error.type, error.error.code) == ("error", "invalid_api_key")
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (3000, "invalid_request_error.invalid_api_key")


async def _agent_session_events(url: str) -> list[Any]:
    """Everything the runner's session reports until the mock has sent both session events."""
    runner = RealtimeRunner(starting_agent=RealtimeAgent(name="mock", instructions="Be brief."))
    session = await runner.run(model_config={"url": url, "api_key": API_KEY})
    seen: list[Any] = []
    async with session:
        async for event in session:
            seen.append(event)
            raw = [e.data.data.get("type") for e in seen if e.type == "raw_model_event"
                   and e.data.type == "raw_server_event"]
            if "session.created" in raw and raw.count("session.updated") >= 2:
                return seen
    return seen


def test_openai_agents_realtime_runner_connects_and_configures_the_session(live_server) -> None:
    url = f"{_ws_base(live_server)}/realtime?model={AGENT_MODEL}"
    seen = asyncio.run(asyncio.wait_for(_agent_session_events(url), timeout=WAIT))
    raw = [e.data.data for e in seen if e.type == "raw_model_event" and e.data.type == "raw_server_event"]
    for event in raw:
        sdk_event(event, "ga")
    assert [e["type"] for e in raw][:1] == ["session.created"]
    assert "session.updated" in [e["type"] for e in raw]
    assert "error" not in [e["type"] for e in raw]  # every session.update it sent was accepted
    assert [e for e in seen if e.type == "error"] == []
    assert raw[-1]["session"]["instructions"] == "Be brief."
    assert raw[-1]["session"]["model"] == AGENT_MODEL
