"""A new contract snapshot is files, not code: a copy of the shipped snapshot, changed
only in its JSON, is served end to end (validation, defaults, TTL, /openapi.json, the
Realtime WebSocket) with --contract pointing at its folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import orjson
import pytest
from starlette.testclient import TestClient
from websockets.sync.client import connect

from mock_realtime.contract.snapshot import contracts_dir
from mock_realtime.settings import Settings
from mock_realtime.web.app import create_app
from mock_realtime.web.server import ThreadedServer
from tests.helpers import AUTH, MINIMAL, NOW

URL = "/v1/realtime/sessions"


@pytest.fixture
def new_snapshot(tmp_path: Path) -> Path:
    """contracts/ copied, with a snapshot 2099-01-01 that has a new voice, a new default
    voice and a two-minute secret TTL: all edits to JSON files."""
    root = tmp_path / "contracts"
    shutil.copytree(contracts_dir(), root)
    folder = root / "2099-01-01"
    (root / "2024-12-17").rename(folder)
    manifest = json.loads((folder / "snapshot.json").read_text())
    manifest.update(name="2099-01-01")
    manifest["endpoints"][0]["ttl"]["default_seconds"] = 120
    (folder / "snapshot.json").write_text(json.dumps(manifest))
    request = json.loads((folder / "request.schema.json").read_text())
    request["properties"]["voice"]["enum"].append("marin")
    request["properties"]["voice"]["default"] = "marin"
    (folder / "request.schema.json").write_text(json.dumps(request))
    return folder


@pytest.fixture
def served(new_snapshot, clock):  # type: ignore[no-untyped-def]
    server = ThreadedServer(create_app(Settings(contract=str(new_snapshot)), clock=clock), Settings(port=0)).start()
    yield server
    server.stop()


def test_new_snapshot_applies_its_rules_defaults_and_ttl(served) -> None:
    session = httpx.post(f"{served.base_url}{URL}", json=MINIMAL, headers=AUTH).json()
    assert session["voice"] == "marin"
    assert session["client_secret"]["expires_at"] == int(NOW) + 120
    refused = httpx.post(f"{served.base_url}{URL}", json={**MINIMAL, "voice": "nova"}, headers=AUTH).json()
    assert refused["error"]["message"].endswith("'shimmer', 'verse', and 'marin'.")


def test_new_snapshot_is_what_openapi_json_documents(served) -> None:
    document = httpx.get(f"{served.base_url}/openapi.json").json()
    voice = document["components"]["schemas"]["RealtimeSessionCreateRequest"]["properties"]["voice"]
    assert "marin" in voice["enum"]


def test_new_snapshot_secret_opens_the_realtime_websocket(served) -> None:
    minted = httpx.post(f"{served.base_url}{URL}", json=MINIMAL, headers=AUTH).json()
    url = served.base_url.replace("http", "ws") + "/v1/realtime?model=" + MINIMAL["model"]
    with connect(url, additional_headers={"Authorization": f"Bearer {minted['client_secret']['value']}"}) as ws:
        event = orjson.loads(ws.recv(timeout=5))
    assert event["type"] == "session.created"
    assert event["session"]["voice"] == "marin"


def test_shipped_snapshot_still_refuses_the_new_voice(clock) -> None:
    client = TestClient(create_app(Settings(), clock=clock))
    assert client.post(URL, json={**MINIMAL, "voice": "marin"}, headers=AUTH).status_code == 400
