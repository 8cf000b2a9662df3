"""Real Node clients against a real mock: `node --test` runs the files in this folder
(installed from package-lock.json with `npm ci`), pointed at a mock server on a free
loopback port through environment variables only."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from mock_realtime.testing import RealtimeMock
from tests.node.node_runner import node_env, node_test, run_node_tests


def test_openai_package_creates_beta_sessions(realtime_mock: RealtimeMock) -> None:
    run_node_tests(["sessions.test.mjs"], node_env(realtime_mock))
    posts = [e for e in realtime_mock.requests if e["method"] == "POST"]
    assert [e["status"] for e in posts] == [200, 400]
    assert all(e["headers"]["user-agent"].startswith("OpenAI/JS ") for e in posts)


def test_openai_package_creates_ga_client_secrets(realtime_mock: RealtimeMock) -> None:
    run_node_tests(["ga-client-secrets.test.mjs"], node_env(realtime_mock))
    posts = [e for e in realtime_mock.requests if e["method"] == "POST"]
    assert [(e["path"], e["status"]) for e in posts] == [
        ("/v1/realtime/client_secrets", 200), ("/v1/realtime/client_secrets", 400)]
    assert all("openai-beta" not in e["headers"] for e in posts)  # GA: no beta marker


def test_community_client_talks_over_plain_ws(realtime_mock: RealtimeMock) -> None:
    run_node_tests(["community-client.test.mjs"], node_env(realtime_mock))
    handshakes = [e for e in realtime_mock.requests if e["path"] == "/v1/realtime"]
    assert [e["outcome"] for e in handshakes] == ["accepted", "accepted"]


def test_community_client_holds_a_conversation(realtime_mock: RealtimeMock) -> None:
    run_node_tests(["conversation.test.mjs"], node_env(realtime_mock))
    sent = [e["type"] for e in realtime_mock.events(direction="client")]
    assert sent[-2:] == ["conversation.item.create", "response.create"]
    assert realtime_mock.replies == []  # the scripted reply was taken


@pytest.mark.realtime_mock(tls=True)
def test_openai_package_beta_realtime_ws_over_the_mocks_tls(realtime_mock: RealtimeMock) -> None:
    run_node_tests(["beta-realtime-ws.test.mjs"], node_env(realtime_mock))
    handshakes = [e for e in realtime_mock.requests if e["path"] == "/v1/realtime"]
    assert [e["outcome"] for e in handshakes] == ["accepted", "accepted"]
    assert all(e["headers"]["openai-beta"] == "realtime=v1" for e in handshakes)


@pytest.mark.realtime_mock(tls=True)
def test_openai_package_beta_realtime_websocket_over_the_mocks_tls(realtime_mock: RealtimeMock) -> None:
    """The global-WebSocket helper: Node 20 has that WebSocket only behind a flag."""
    run_node_tests(["beta-realtime-websocket.test.mjs"], node_env(realtime_mock),
                   runner=("--experimental-websocket", "--test", "--test-reporter=tap"))
    [handshake] = [e for e in realtime_mock.requests if e["path"] == "/v1/realtime"]
    assert handshake["outcome"] == "accepted"
    assert "authorization" not in handshake["headers"]  # the key rode in the subprotocols
    assert "openai-insecure-api-key." in handshake["headers"]["sec-websocket-protocol"]


@pytest.mark.realtime_mock(tls=True)
def test_openai_package_ga_realtime_websocket_over_the_mocks_tls(realtime_mock: RealtimeMock) -> None:
    run_node_tests(["ga-realtime-websocket.test.mjs"], node_env(realtime_mock),
                   runner=("--experimental-websocket", "--test", "--test-reporter=tap"))
    [handshake] = [e for e in realtime_mock.requests if e["path"] == "/v1/realtime"]
    assert handshake["outcome"] == "accepted"
    assert "openai-beta" not in handshake["headers"]["sec-websocket-protocol"]


@pytest.mark.realtime_mock(tls=True)
def test_openai_package_refuses_the_mocks_certificate_without_its_ca(realtime_mock: RealtimeMock) -> None:
    env = {k: v for k, v in node_env(realtime_mock).items() if k != "NODE_EXTRA_CA_CERTS"}
    result = node_test(["beta-realtime-ws.test.mjs"], env)
    assert result.returncode != 0
    assert "unable to verify the first certificate" in result.stdout, result.stdout  # OpenSSL: no trusted issuer
    assert realtime_mock.requests == []


def test_global_setup_recipe_starts_the_mock_for_node_test_files() -> None:
    """README's Node recipe: run-with-mock.mjs starts `mock-realtime serve --self-signed` itself,
    reads the banner, and the same test files pass over https:// and wss:// with no other setup."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "NODE_EXTRA_CA", "REALTIME_MOCK"))}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"  # where mock-realtime is
    files = ["sessions.test.mjs", "beta-realtime-ws.test.mjs", "community-client.test.mjs",
             "ga-client-secrets.test.mjs", "ga-realtime-ws.test.mjs"]
    assert run_node_tests(files, env, runner=("run-with-mock.mjs",)) == 10


def test_openai_realtime_ws_cannot_reach_a_plain_http_mock(realtime_mock: RealtimeMock) -> None:
    """Why the mock serves TLS: the helper opens wss:// whatever the base URL says."""
    result = node_test(["beta-realtime-ws.test.mjs"], node_env(realtime_mock))
    assert result.returncode != 0
    assert "wrong version number" in result.stdout, result.stdout
    assert [e for e in realtime_mock.requests if e["path"] == "/v1/realtime"] == []


@pytest.mark.realtime_mock(tls=True)
def test_openai_package_ga_realtime_ws_speaks_ga_over_the_mocks_tls(realtime_mock: RealtimeMock) -> None:
    run_node_tests(["ga-realtime-ws.test.mjs"], node_env(realtime_mock))
    handshakes = [e for e in realtime_mock.requests if e["path"] == "/v1/realtime"]
    assert [e["outcome"] for e in handshakes] == ["accepted", "accepted"]
    assert all("openai-beta" not in e["headers"] for e in handshakes)  # no marker: the GA protocol
