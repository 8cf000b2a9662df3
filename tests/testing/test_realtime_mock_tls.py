"""The pytest plugin over TLS: `@pytest.mark.realtime_mock(tls=True)` serves HTTPS and wss://
with a self-signed CA, and RealtimeMock hands out the https://, wss:// URLs and the CA file."""

from __future__ import annotations

import re
import ssl
from pathlib import Path

import httpx
import pytest

from mock_realtime.testing import RealtimeMock
from tests.helpers import AUTH, MINIMAL


@pytest.mark.realtime_mock(tls=True)
def test_realtime_mock_with_tls_hands_out_https_wss_and_its_ca(realtime_mock: RealtimeMock) -> None:
    authority = realtime_mock.url.removeprefix("https://")
    assert authority.startswith("127.0.0.1:")
    assert realtime_mock.base_url == f"https://{authority}/v1"
    assert realtime_mock.websocket_base_url == f"wss://{authority}/v1"
    assert realtime_mock.websocket_url == f"wss://{authority}/v1/realtime"
    assert realtime_mock.ca_file is not None
    assert Path(realtime_mock.ca_file).name == "ca.pem"
    verify = ssl.create_default_context(cafile=realtime_mock.ca_file)
    with httpx.Client(verify=verify, trust_env=False) as client:
        answer = client.post(f"{realtime_mock.base_url}/realtime/sessions", json=MINIMAL, headers=AUTH)
    assert answer.status_code == 200
    assert [entry["status"] for entry in realtime_mock.requests] == [200]  # the admin API, over TLS too


def test_realtime_mock_without_tls_is_plain_http_and_ws(realtime_mock: RealtimeMock) -> None:
    assert realtime_mock.url.startswith("http://127.0.0.1:")
    assert realtime_mock.websocket_base_url == "ws://" + realtime_mock.url.removeprefix("http://") + "/v1"
    assert realtime_mock.ca_file is None


def test_readme_pytest_tls_recipe_runs(pytester: pytest.Pytester) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Recipe: pytest", 1)[1].split("\n### ", 1)[0]
    example = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert example is not None
    pytester.makepyfile(test_readme_tls=example.group(1))
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
