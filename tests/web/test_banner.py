"""The start-up banner: where to point each client, with the real port when serving on
port 0, logged through the same pipeline as everything else (stderr), so JSON logs stay
one JSON object a line."""

from __future__ import annotations

import json
import re
import ssl
import sys

import httpx
import pytest

from mock_realtime.settings import Settings
from mock_realtime.state import MockState
from mock_realtime.web.banner import banner_fields, banner_text
from mock_realtime.web.server import event_loop
from mock_realtime.web.tls import TLSFiles
from tests.serve_process import ServeProcess

TLS = TLSFiles(certfile="/certs/cert.pem", keyfile="/certs/key.pem", ca_file="/certs/ca.pem")
JSON_BANNER = re.compile(r'^\{.*"logger": "mock_realtime.banner".*\}$')


@pytest.mark.parametrize(
    ("host", "tls", "base_url", "websocket_url"),
    [
        pytest.param("127.0.0.1", None, "http://127.0.0.1:8000/v1", "ws://127.0.0.1:8000/v1/realtime", id="plain"),
        pytest.param("127.0.0.1", TLS, "https://127.0.0.1:8000/v1", "wss://127.0.0.1:8000/v1/realtime", id="tls"),
        pytest.param("0.0.0.0", None, "http://127.0.0.1:8000/v1", "ws://127.0.0.1:8000/v1/realtime", id="any-v4"),
        pytest.param("::", TLS, "https://[::1]:8000/v1", "wss://[::1]:8000/v1/realtime", id="any-v6"),
    ],
)
def test_banner_urls(host, tls, base_url, websocket_url) -> None:
    fields = banner_fields(MockState.build(Settings()), host=host, port=8000, tls=tls)
    assert (fields["base_url"], fields["websocket_url"]) == (base_url, websocket_url)
    assert fields["admin_url"] == base_url.removesuffix("/v1") + "/__mock/"
    assert fields["demo_url"] == base_url.removesuffix("/v1") + "/__mock/demo"
    assert fields["ca_file"] == (tls and "/certs/ca.pem")
    assert fields["snapshots"] == ["2024-12-17", "ga"]  # what serve serves without --contract
    assert fields["endpoints"] == ["POST /v1/realtime/sessions", "POST /v1/realtime/client_secrets"]


def test_banner_text_names_each_thing_to_point_a_client_at() -> None:
    fields = banner_fields(MockState.build(Settings(admin=False)), host="127.0.0.1", port=8000, tls=TLS)
    text = banner_text(fields)
    assert text.splitlines()[0].endswith("is serving snapshots 2024-12-17, ga")
    for expected in ("SDK base URL  https://127.0.0.1:8000/v1", "WebSocket     wss://127.0.0.1:8000/v1/realtime",
                     "websocket_base_url=wss://127.0.0.1:8000/v1", "Admin API     off (--no-admin)",
                     "CA file       /certs/ca.pem", "NODE_EXTRA_CA_CERTS",
                     "Endpoints     POST /v1/realtime/sessions, POST /v1/realtime/client_secrets"):
        assert expected in text


def _serve(*args: str) -> ServeProcess:
    return ServeProcess([sys.executable, "-m", "mock_realtime", "serve", "--port", "0", *args],
                        env={"PATH": "/usr/bin:/bin"})


def test_json_banner_is_one_parseable_line_with_the_real_port_and_ca(tmp_path) -> None:
    served = _serve("--log-format", "json", "--self-signed", str(tmp_path))
    try:
        banner = json.loads(served.wait_for(JSON_BANNER, timeout=60).group(0))
        verify = ssl.create_default_context(cafile=banner["ca_file"])
        health = httpx.get(banner["admin_url"] + "health", verify=verify, trust_env=False)
    finally:
        served.stop()
    assert banner["ca_file"] == str(tmp_path / "ca.pem")
    assert re.fullmatch(r"https://127\.0\.0\.1:\d+/v1", banner["base_url"])
    assert banner["websocket_url"] == banner["base_url"].replace("https://", "wss://") + "/realtime"
    assert (banner["snapshots"], banner["message"].split()[0]) == (["2024-12-17", "ga"], "mock-realtime")
    assert health.json() == {"status": "ok"}
    assert all(json.loads(line) for line in served.lines)  # every line before it was JSON too
    assert banner["event_loop"] == "uvloop"  # auto, over TLS: asyncio's TLS transport stalled handshakes


@pytest.mark.parametrize(("chosen", "tls", "runs"), [
    ("auto", False, "asyncio"), ("auto", True, "uvloop"), ("asyncio", True, "asyncio"), ("uvloop", False, "uvloop"),
])
def test_auto_is_asyncio_but_uvloop_under_tls_and_a_named_loop_is_kept(chosen, tls, runs, tmp_path) -> None:
    files = TLSFiles(certfile=str(tmp_path / "cert.pem"), keyfile=None, ca_file=None) if tls else None
    assert event_loop(Settings(loop=chosen), files) == runs


def test_loop_chooses_the_event_loop_that_answers() -> None:
    served = _serve("--log-format", "json", "--loop", "uvloop")
    try:
        banner = json.loads(served.wait_for(JSON_BANNER, timeout=60).group(0))
        answer = httpx.post(banner["base_url"] + "/realtime/sessions", json={"model": "gpt-4o-realtime-preview"},
                            headers={"Authorization": "Bearer sk-test"}, trust_env=False)
    finally:
        served.stop()
    assert banner["event_loop"] == "uvloop"
    assert answer.status_code == 200


def test_text_banner_lists_urls_then_says_tls_is_off() -> None:
    served = _serve()
    try:
        served.wait_for(re.compile(r"^  TLS {11}off"), timeout=60)
    finally:
        served.stop()
    output = "".join(served.lines)
    port = re.search(r"SDK base URL  http://127\.0\.0\.1:(\d+)/v1", output)
    assert port is not None, output
    assert f"Demo page     http://127.0.0.1:{port.group(1)}/__mock/demo" in output
