"""WebSocket handshakes the websockets parser refuses, and SIGTERM while one is pending:
each gets an answer, and the server still exits by the signal."""

from __future__ import annotations

import signal
import socket
from collections.abc import Iterator

import pytest

from tests.reliability import rawws
from tests.reliability.catalogue import VALID
from tests.reliability.rawhttp import HOST, read_response
from tests.reliability.server_process import ServerProcess
from tests.reliability.test_shutdown import start_held_request

# Host, Upgrade, Connection, Sec-WebSocket-Key, -Version and Authorization: rawws's own six.
OWN_HEADERS = 6


def handshake(port: int, data: bytes) -> bytes:
    with socket.create_connection((HOST, port), timeout=10) as sock:
        sock.sendall(data)
        return sock.recv(65_536)


def big_header(value_bytes: int) -> bytes:
    return rawws.handshake_bytes(extra_headers=[("X-Big", "v" * value_bytes)])


def with_a_body() -> bytes:
    """An upgrade httptools passes and websockets refuses: a handshake carries no body."""
    return rawws.handshake_bytes(extra_headers=[("Content-Length", "5")]) + b"hello"


def many_headers(total: int) -> bytes:
    return rawws.handshake_bytes(extra_headers=[(f"X-H{i}", "v") for i in range(total - OWN_HEADERS)])


# "x-big: " + value + CRLF is one line of the head websockets reads: 8,192 bytes at most.
@pytest.mark.parametrize(("data", "status"), [
    pytest.param(big_header(8192 - 9), b"101", id="line-8192"),
    pytest.param(big_header(8192 - 8), b"431", id="line-8193"),
    pytest.param(many_headers(128), b"101", id="headers-128"),
    pytest.param(many_headers(129), b"431", id="headers-129"),
])
def test_handshake_heads_past_the_websockets_limits_get_431(serve, data, status) -> None:
    answer = handshake(serve().port, data)
    assert answer.startswith(b"HTTP/1.1 " + status), answer[:200]
    if status == b"431":
        assert b'"code":"request_headers_too_large"' in answer


def test_a_handshake_websockets_refuses_after_the_upgrade_is_answered(serve) -> None:
    answer = handshake(serve().port, with_a_body())
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]


@pytest.fixture
def server() -> Iterator[ServerProcess]:
    process = ServerProcess().start()
    yield process
    process.stop()


def test_sigterm_with_refused_handshakes_pending_exits_by_the_signal(server: ServerProcess) -> None:
    refused = []
    for data in (big_header(9000), with_a_body()):
        sock = socket.create_connection((server.host, server.port), timeout=10)
        sock.sendall(data)
        refused.append(sock)
    # Both are answered at once now; before, both hung and tripped uvicorn's shutdown.
    held = start_held_request(server)
    assert server.process is not None
    server.process.send_signal(signal.SIGTERM)
    server.wait_for_log("Waiting for connections to close", 5)
    held.sendall(VALID)
    assert read_response(held).status == 200
    assert server.process.wait(10) in (0, -signal.SIGTERM)
    for sock in refused:
        assert sock.recv(65_536).startswith((b"HTTP/1.1 431", b"HTTP/1.1 400"))
        sock.close()
    held.close()
    assert "Traceback" not in server.log
