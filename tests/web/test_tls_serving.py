"""The mock serving HTTPS and wss:// on a real loopback socket: with its self-signed CA
trusted, with the user's own certificate, and refused by clients that do not trust it.
The Python SDK needs only base_url and SSL_CERT_FILE: its wss:// URL is then right."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest
import trustme
from openai import OpenAI
from websockets.sync.client import connect

from mock_realtime.settings import Settings
from mock_realtime.web.app import create_app
from mock_realtime.web.server import ThreadedServer
from tests.helpers import AUTH, MINIMAL

MODEL = "gpt-4o-realtime-preview-2024-12-17"


def _serve(settings: Settings) -> ThreadedServer:
    return ThreadedServer(create_app(settings), settings).start()


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[ThreadedServer]:
    server = _serve(Settings(port=0, self_signed=str(tmp_path / "certs")))
    yield server
    server.stop()


def _trusting(ca_file: str | None) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=ca_file)


def _mint(base_url: str, verify: ssl.SSLContext) -> httpx.Response:
    with httpx.Client(verify=verify, trust_env=False) as client:
        return client.post(f"{base_url}/v1/realtime/sessions", json=MINIMAL, headers=AUTH)


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost"])
def test_https_session_with_the_self_signed_ca_trusted(tls_server, name) -> None:
    assert tls_server.tls is not None
    base_url = tls_server.base_url.replace("127.0.0.1", name)
    answer = _mint(base_url, _trusting(tls_server.tls.ca_file))
    assert answer.status_code == 200
    assert answer.json()["client_secret"]["value"].startswith("ek_")


def test_https_over_ipv6_loopback(tmp_path) -> None:
    if not socket.has_ipv6:
        pytest.skip("this Python has no IPv6, so no ::1 to serve on")
    try:
        server = _serve(Settings(host="::1", port=0, self_signed=str(tmp_path)))
    except OSError as error:
        pytest.skip(f"no IPv6 loopback to bind here: {error}")
    try:
        assert server.base_url.startswith("https://[::1]:")
        assert _mint(server.base_url, _trusting(str(tmp_path / "ca.pem"))).status_code == 200
    finally:
        server.stop()


def test_client_without_the_ca_refuses_the_certificate(tls_server) -> None:
    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        _mint(tls_server.base_url, ssl.create_default_context())


def test_wss_handshake_gets_session_created(tls_server) -> None:
    assert tls_server.tls is not None
    url = tls_server.base_url.replace("https://", "wss://") + f"/v1/realtime?model={MODEL}"
    with connect(url, ssl=_trusting(tls_server.tls.ca_file), additional_headers=AUTH, open_timeout=10) as ws:
        event = orjson.loads(ws.recv(timeout=10))
    assert (event["type"], event["session"]["model"]) == ("session.created", MODEL)


@pytest.mark.parametrize("key_in_certfile", [False, True], ids=["separate-key", "key-in-certfile"])
def test_users_own_certificate_and_key(tmp_path, key_in_certfile) -> None:
    ca = trustme.CA()
    issued = ca.issue_cert("127.0.0.1")
    (tmp_path / "ca.pem").write_bytes(ca.cert_pem.bytes())
    if key_in_certfile:
        issued.private_key_and_cert_chain_pem.write_to_path(str(tmp_path / "both.pem"))
        settings = Settings(port=0, ssl_certfile=str(tmp_path / "both.pem"))
    else:
        issued.cert_chain_pems[0].write_to_path(str(tmp_path / "cert.pem"))
        issued.private_key_pem.write_to_path(str(tmp_path / "key.pem"))
        settings = Settings(port=0, ssl_certfile=str(tmp_path / "cert.pem"), ssl_keyfile=str(tmp_path / "key.pem"))
    server = _serve(settings)
    try:
        assert server.tls is not None
        assert server.tls.ca_file is None  # the mock does not know who issued the user's certificate
        assert _mint(server.base_url, _trusting(str(tmp_path / "ca.pem"))).status_code == 200
    finally:
        server.stop()


# openai 3.54.0 opens its socket with websockets' connect() outside a `with` block, which
# websockets 17 deprecates; the warning is the SDK's, not the mock's.
@pytest.mark.filterwarnings(r"ignore:connect\(\) must be used as a context manager:DeprecationWarning")
def test_python_sdk_needs_only_base_url_and_ssl_cert_file(tls_server, monkeypatch) -> None:
    assert tls_server.tls is not None
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_server.tls.ca_file))
    with OpenAI(api_key="sk-test-python-sdk", base_url=f"{tls_server.base_url}/v1", max_retries=0) as client:
        minted = client.beta.realtime.sessions.create(model=MODEL, voice="sage")
        with client.beta.realtime.connect(model=MODEL) as connection:  # no websocket_base_url: wss:// is right
            created = connection.recv()
            connection.session.update(session={"instructions": "Answer in haiku."})
            updated = connection.recv()
    assert minted.client_secret.value.startswith("ek_")
    assert created.type == "session.created"
    assert (updated.type, updated.session.instructions) == ("session.updated", "Answer in haiku.")
