"""The API's shape is files, not code: a snapshot written by hand for this test, whose
endpoint (POST /v1/realtime/tokens) takes its session config under `config` and answers
{token, token_expires_at, session}, the session nested and the secret beside it, is
served end to end from its folder alone: checked, minted with its defaults and TTL rule,
documented, listed by the admin API, and its key opens the Realtime WebSocket with the
session it minted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest
from websockets.sync.client import connect

from mock_realtime.settings import Settings
from mock_realtime.web.app import create_app
from mock_realtime.web.server import ThreadedServer
from tests.helpers import AUTH, NOW

FOLDER = Path(__file__).resolve().parents[1] / "data" / "nested-snapshot"
URL = "/v1/realtime/tokens"


@pytest.fixture
def served(clock) -> Iterator[ThreadedServer]:  # type: ignore[no-untyped-def]
    server = ThreadedServer(create_app(Settings(contract=str(FOLDER)), clock=clock), Settings(port=0)).start()
    yield server
    server.stop()


def test_nested_answer_holds_the_secret_beside_the_session(served: ThreadedServer) -> None:
    answer = httpx.post(served.base_url + URL, json={"config": {"model": "nested-model-2"}}, headers=AUTH).json()
    assert list(answer) == ["token", "token_expires_at", "session"]
    assert answer["token"].startswith("ek_")
    assert answer["token_expires_at"] == int(NOW) + 90  # the manifest's default TTL
    session = answer["session"]
    assert list(session) == ["id", "object", "model", "voice", "instructions"]
    assert (session["object"], session["model"], session["voice"], session["instructions"]) == (
        "realtime.session", "nested-model-2", "juniper", "Say it twice.")


def test_nested_ttl_is_the_request_field_the_manifest_names(served: ThreadedServer) -> None:
    answer = httpx.post(served.base_url + URL, json={"ttl": 30}, headers=AUTH).json()
    assert answer["token_expires_at"] == int(NOW) + 30
    assert answer["session"]["model"] == "nested-model-1"  # with no config at all, every default


def test_nested_config_violations_name_their_place(served: ThreadedServer) -> None:
    refused = httpx.post(served.base_url + URL, json={"config": {"voice": "nova"}, "ttl": 5}, headers=AUTH)
    assert refused.status_code == 400
    assert refused.json()["error"] == {
        "message": "Invalid value: 'nova'. Supported values are: 'alloy' and 'juniper'.",
        "type": "invalid_request_error", "param": "config.voice", "code": "invalid_value"}


def test_nested_token_opens_the_websocket_with_its_session(served: ThreadedServer) -> None:
    answer = httpx.post(served.base_url + URL, json={"config": {"voice": "alloy"}}, headers=AUTH).json()
    url = served.base_url.replace("http", "ws") + "/v1/realtime?model=nested-model-1"
    with connect(url, additional_headers={"Authorization": f"Bearer {answer['token']}"}) as ws:
        event = orjson.loads(ws.recv(timeout=5))
    assert event["type"] == "session.created"
    assert event["session"] == answer["session"]


def test_nested_endpoint_is_documented_and_listed(served: ThreadedServer) -> None:
    document = httpx.get(served.base_url + "/openapi.json").json()
    assert [path for path in document["paths"] if not path.startswith("/__mock")] == [URL]
    operation = document["paths"][URL]["post"]
    assert operation["operationId"] == "create-realtime-token"
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/NestedTokenResponse"}
    answer = httpx.post(served.base_url + URL, json={}, headers=AUTH).json()
    listed = httpx.get(served.base_url + "/__mock/sessions").json()["data"]
    assert [(s["id"], s["expires_at"]) for s in listed] == [(answer["session"]["id"], answer["token_expires_at"])]
    secret = httpx.get(served.base_url + f"/__mock/secrets/{answer['token']}").json()
    assert secret == {"valid": True, "expires_at": answer["token_expires_at"], "session_id": answer["session"]["id"]}
