"""The call tests' server: a mock on a real uvicorn socket whose snapshot takes WebRTC
offers and has a sideband and a hang-up route."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from mock_realtime.contract.snapshot import contracts_dir
from mock_realtime.settings import Settings
from mock_realtime.web.app import create_app
from mock_realtime.web.server import ThreadedServer


def snapshot_with_sideband(folder: Path) -> Path:
    """The Dec 2024 snapshot with a sideband and a hang-up route, as files only."""
    shutil.copy(contracts_dir() / "error.schema.json", folder / "error.schema.json")
    snapshot = shutil.copytree(contracts_dir() / "2024-12-17", folder / "with-sideband")
    manifest = json.loads((snapshot / "snapshot.json").read_text())
    manifest["webrtc"] |= {"sideband": {"query": "call_id"},
                           "routes": {"hangup": "/v1/realtime/calls/{call_id}/hangup"}}
    (snapshot / "snapshot.json").write_text(json.dumps(manifest))
    return snapshot


@pytest.fixture
def call_server(tmp_path: Path) -> Iterator[ThreadedServer]:
    app = create_app(Settings(contract=str(snapshot_with_sideband(tmp_path))))
    server = ThreadedServer(app, Settings(port=0)).start()
    yield server
    server.stop()
