"""Real Node clients against a real mock: `node --test` runs the files in this folder
(installed from package-lock.json with `npm ci`), pointed at a mock server on a free
loopback port through environment variables only."""

from __future__ import annotations

from mock_realtime.testing import RealtimeMock
from tests.node.node_runner import node_env, run_node_tests


def test_openai_package_creates_beta_sessions(realtime_mock: RealtimeMock) -> None:
    run_node_tests(["sessions.test.mjs"], node_env(realtime_mock))
    posts = [e for e in realtime_mock.requests if e["method"] == "POST"]
    assert [e["status"] for e in posts] == [200, 400]
    assert all(e["headers"]["user-agent"].startswith("OpenAI/JS ") for e in posts)


def test_community_client_talks_over_plain_ws(realtime_mock: RealtimeMock) -> None:
    run_node_tests(["community-client.test.mjs"], node_env(realtime_mock))
    handshakes = [e for e in realtime_mock.requests if e["path"] == "/v1/realtime"]
    assert [e["outcome"] for e in handshakes] == ["accepted", "accepted"]
