"""Start-up stays quick: the jsonschema stack (only invalid requests need it) is not
imported until the first invalid request, and then it answers as always; numpy (only a
conversation needs it) not until the first Realtime connection."""

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
print(sorted(m for m in ("jsonschema", "referencing", "numpy") if m in sys.modules))
"""


def test_serving_valid_requests_never_imports_jsonschema_or_numpy() -> None:
    result = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_first_invalid_request_builds_the_full_validator(client) -> None:
    response = client.post("/v1/realtime/sessions", json={**MINIMAL, "voice": "robot"}, headers=AUTH)
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "voice"
