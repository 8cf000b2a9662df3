"""`mock-realtime serve` and `python -m mock_realtime`: flags, MOCK_REALTIME_* variables, defaults."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest
from click.testing import CliRunner

from mock_realtime.cli import commands as cli
from mock_realtime.settings import Settings
from tests.helpers import free_port

MINIMAL = {"model": "gpt-4o-realtime-preview"}


def test_default_address_is_loopback_port_8000() -> None:
    assert (Settings().host, Settings().port) == ("127.0.0.1", 8000)


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        pytest.param([], {}, Settings(), id="defaults"),
        pytest.param(["--port", "9001", "--secret-ttl", "120", "--api-key", "a", "--api-key", "b"], {},
                     Settings(port=9001, secret_ttl=120, api_key=("a", "b")), id="flags"),
        pytest.param([], {"MOCK_REALTIME_HOST": "0.0.0.0", "MOCK_REALTIME_PORT": "9002",
                          "MOCK_REALTIME_SECRET_TTL": "30", "MOCK_REALTIME_API_KEY": "k1 k2"},
                     Settings(host="0.0.0.0", port=9002, secret_ttl=30, api_key=("k1", "k2")), id="env"),
        pytest.param(["--port", "9003"], {"MOCK_REALTIME_PORT": "9002"}, Settings(port=9003), id="flag-beats-env"),
    ],
)
def test_serve_maps_flags_and_env_onto_settings(monkeypatch, args, env, expected) -> None:
    seen: list[Settings] = []
    monkeypatch.setattr("mock_realtime.web.server.run", seen.append)
    result = CliRunner().invoke(cli.main, ["serve", *args], env=env)
    assert result.exit_code == 0, result.output
    assert seen == [expected]



@pytest.fixture
def served() -> Iterator[str]:
    """`python -m mock_realtime serve` as a user runs it, configured through the environment."""
    port = free_port()
    env = {**os.environ, "MOCK_REALTIME_PORT": str(port), "MOCK_REALTIME_SECRET_TTL": "90"}
    process = subprocess.Popen([sys.executable, "-m", "mock_realtime", "serve"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    for line in process.stderr:  # uvicorn announces the address once it is listening
        if "Uvicorn running on" in line:
            break
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)
    process.stderr.close()


def test_python_m_serves_a_valid_session(served) -> None:
    response = httpx.post(f"{served}/v1/realtime/sessions", json=MINIMAL,
                          headers={"Authorization": "Bearer sk-anything-12345"})
    assert response.status_code == 200
    secret = response.json()["client_secret"]
    created = int(secret["value"][3:11], 16)
    assert secret["expires_at"] - created == 90


def test_package_re_exports_load_on_first_use() -> None:
    probe = "import sys, mock_realtime; assert 'starlette' not in sys.modules; mock_realtime.create_app; print('ok')"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "ok"
