"""Start-up stays quick: the jsonschema stack (only invalid requests need it) is not
imported until the first invalid request, and then it answers as always; numpy and the
Realtime socket's modules (only a conversation needs them) not until the first Realtime
connection; the WebRTC call handlers (and the MIME parser behind them) not until the first call."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import AUTH, MINIMAL

_PROBE = """
import sys
from starlette.testclient import TestClient
from mock_realtime.web.app import create_app
from mock_realtime.web.server import run
client = TestClient(create_app())
assert client.post("/v1/realtime/sessions", json={"model": "gpt-4o-realtime-preview"},
                   headers={"Authorization": "Bearer sk-x"}).status_code == 200
print(sorted(m for m in LATER if m in sys.modules))
"""
LATER = ("jsonschema", "referencing", "numpy", "mock_realtime.websocket.endpoint", "mock_realtime.web.calls",
         "mock_realtime.conversation.engine")


def test_serving_valid_requests_imports_none_of_what_other_routes_need() -> None:
    probe = f"LATER = {LATER!r}\n{_PROBE}"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_first_invalid_request_builds_the_full_validator(client) -> None:
    response = client.post("/v1/realtime/sessions", json={**MINIMAL, "voice": "robot"}, headers=AUTH)
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "voice"


def test_the_probe_sees_what_start_up_imports() -> None:
    """The probe must be able to fail: a module start-up does load is reported."""
    probe = f"LATER = ('mock_realtime.web.endpoints', 'numpy')\n{_PROBE}"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['mock_realtime.web.endpoints']"
