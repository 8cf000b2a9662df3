"""--body-timeout: an idle timeout between the parts of a request body, answered as the
head timeout is (408 request_timeout, then close); a slow but steady body is served."""

from __future__ import annotations

import socket
import time

from tests.reliability.catalogue import JSON_AUTH, VALID
from tests.reliability.rawhttp import HOST, read_response, request_bytes

BODY_TIMEOUT = 1.0
SLACK = 2.0  # generous, for a loaded machine


def head_only(length: int) -> bytes:
    return request_bytes(VALID, headers={**JSON_AUTH, "Content-Length": str(length)})[: -len(VALID)]


def test_a_body_that_stops_arriving_gets_408_after_the_idle_timeout(serve) -> None:
    server = serve(body_timeout=BODY_TIMEOUT)
    with socket.create_connection((HOST, server.port), timeout=10) as sock:
        sock.sendall(head_only(len(VALID)) + VALID[:5])
        started = time.monotonic()
        response = read_response(sock)
        elapsed = time.monotonic() - started
        assert sock.recv(1) == b""  # closed after the answer
    assert response.status == 408
    assert response.json()["error"]["code"] == "request_timeout"
    assert BODY_TIMEOUT / 2 < elapsed < BODY_TIMEOUT + SLACK


def test_a_body_that_never_starts_gets_408(serve) -> None:
    server = serve(body_timeout=BODY_TIMEOUT)
    with socket.create_connection((HOST, server.port), timeout=10) as sock:
        sock.sendall(head_only(1000))
        assert read_response(sock).status == 408


def test_a_slow_steady_body_outlasting_the_timeout_is_served(serve) -> None:
    """Parts 0.25 s apart for 3 s in all: each gap is under the idle timeout, the total is not."""
    server = serve(body_timeout=BODY_TIMEOUT)
    with socket.create_connection((HOST, server.port), timeout=10) as sock:
        sock.sendall(head_only(len(VALID)))
        started = time.monotonic()
        for byte in VALID[:12]:
            sock.sendall(bytes([byte]))
            time.sleep(BODY_TIMEOUT / 4)  # pacing the trickle, not synchronisation
        sock.sendall(VALID[12:])
        response = read_response(sock)
    assert time.monotonic() - started > 2 * BODY_TIMEOUT
    assert response.status == 200


def test_a_refused_request_whose_body_never_comes_is_closed_without_a_second_answer(serve) -> None:
    server = serve(body_timeout=BODY_TIMEOUT)
    with socket.create_connection((HOST, server.port), timeout=10) as sock:
        sock.sendall(head_only(1000).replace(JSON_AUTH["Authorization"].encode(), b"Nobody"))
        assert read_response(sock).status == 401  # answered before its body was read
        assert sock.recv(65_536) == b""  # then, the body still missing, closed with nothing more
