"""Faults outlive no client: a request waiting out a latency fault ends when its client
hangs up (logged 499), and a pipelined disconnect fault drops its connection at once."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.reliability.catalogue import JSON_AUTH, VALID
from tests.reliability.rawhttp import HOST, read_response, request_bytes
from tests.reliability.server_process import ServerProcess

ABANDONED = 200
MINUTE_OF_LATENCY = request_bytes(VALID, headers={**JSON_AUTH, "X-Mock-Fault": "latency_ms=60000"})


@pytest.fixture
def server() -> Iterator[ServerProcess]:
    process = ServerProcess().start()  # the access log shows each request as it ends
    yield process
    process.stop()


def test_requests_abandoned_during_a_latency_fault_end_with_their_clients(server: ServerProcess) -> None:
    sockets = [socket.create_connection((HOST, server.port), timeout=10) for _ in range(ABANDONED)]
    for sock in sockets:
        sock.sendall(MINUTE_OF_LATENCY)
    for sock in sockets:
        sock.close()
    # Within seconds, not the minute the fault asked for: each logged as the client's hang-up.
    server.wait_for_log("POST /v1/realtime/sessions 499", 15, count=ABANDONED)
    assert "Traceback" not in server.log


def test_a_pipelined_disconnect_fault_drops_the_connection_at_once(server: ServerProcess) -> None:
    faulted = request_bytes(VALID, headers={**JSON_AUTH, "X-Mock-Fault": "disconnect"})
    with socket.create_connection((HOST, server.port), timeout=10) as sock:
        sock.sendall(faulted + request_bytes(VALID, headers=JSON_AUTH))  # two requests, one write
        assert sock.recv(65_536) == b""  # dropped without a byte
    # At once: before, the faulted request waited 5 s for a disconnect it was never told of,
    # then failed with a 500 that was journaled though never sent.
    server.wait_for_log("POST /v1/realtime/sessions 444", 4)
    listing = request_bytes(None, method="GET", path="/__mock/requests")
    with socket.create_connection((HOST, server.port), timeout=10) as sock:
        sock.sendall(listing)
        journal = read_response(sock).json()["data"]
    assert [(e["status"], e["fault"]["disconnect"]) for e in journal] == [(None, True)]
    assert " 500 " not in server.log
