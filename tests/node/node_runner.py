"""Running `node --test` on files in tests/node/ and reading its TAP summary."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from mock_realtime.testing import RealtimeMock

NODE_DIR = Path(__file__).parent
API_KEY = "sk-test-node-client"


def node_env(mock: RealtimeMock, **extra: str) -> dict[str, str]:
    """This process's environment, minus any real OpenAI settings, plus the mock's URLs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "NODE_EXTRA_CA"))}
    env.update(OPENAI_API_KEY=API_KEY, OPENAI_BASE_URL=mock.base_url, REALTIME_MOCK_URL=mock.url,
               REALTIME_MOCK_WS_URL=mock.websocket_url)
    if mock.ca_file:  # read once, when Node starts: the CA joins Node's built-in ones
        env["NODE_EXTRA_CA_CERTS"] = mock.ca_file
    return {**env, **extra}


def node_test(files: list[str], env: dict[str, str], *, runner: tuple[str, ...] = ("--test", "--test-reporter=tap")
              ) -> subprocess.CompletedProcess[str]:
    """Node's test runner (or a script that runs it) on these files, its TAP report captured."""
    node = shutil.which("node")
    if node is None or not (NODE_DIR / "node_modules" / ".package-lock.json").is_file():
        pytest.fail("Node clients are not installed: run `npm ci --prefix tests/node` (as .ci/run does)")
    return subprocess.run([node, *runner, *files], cwd=NODE_DIR, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def run_node_tests(files: list[str], env: dict[str, str], **runner: tuple[str, ...]) -> int:
    """Run the files with Node's test runner; fail unless every test passed. Returns the count."""
    result = node_test(files, env, **runner)
    report = f"node --test {' '.join(files)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    passed, failed = (_summary(result.stdout, key) for key in ("pass", "fail"))
    assert (result.returncode, failed) == (0, 0), report
    assert passed > 0, report
    return passed


def _summary(tap: str, key: str) -> int:
    match = re.search(rf"^# {key} (\d+)$", tap, re.MULTILINE)
    return int(match.group(1)) if match else -1
