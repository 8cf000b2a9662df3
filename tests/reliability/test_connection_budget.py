"""--max-connections and --max-client-connections at their edges: the last connection
allowed is served, the next is answered 503 too_many_connections in OpenAI's envelope,
a WebSocket holds its slot, and a closed connection gives its slot back."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from tests.reliability import rawws
from tests.reliability.catalogue import JSON_AUTH, VALID
from tests.reliability.rawhttp import HOST, RawResponse, read_response, request_bytes

REQUEST = request_bytes(VALID, headers=JSON_AUTH)


def served(sock: socket.socket) -> RawResponse:
    sock.sendall(REQUEST)
    return read_response(sock)


@contextmanager
def held(port: int, count: int, *, source: str = HOST) -> Iterator[list[socket.socket]]:
    """`count` kept-alive connections, each past one answered request, so each is surely open."""
    with ExitStack() as stack:
        sockets = []
        for _ in range(count):
            sock = stack.enter_context(socket.create_connection((HOST, port), timeout=10,
                                                               source_address=(source, 0)))
            assert served(sock).status == 200
            sockets.append(sock)
        yield sockets


def one_request(port: int, *, source: str = HOST) -> RawResponse:
    with socket.create_connection((HOST, port), timeout=10, source_address=(source, 0)) as sock:
        return served(sock)


def assert_refused(response: RawResponse) -> None:
    assert response.status == 503
    assert response.json()["error"]["code"] == "too_many_connections"
    assert response.headers["connection"] == "close"


def test_the_connection_past_max_connections_gets_503(serve) -> None:
    server = serve(max_connections=4)
    with held(server.port, 3):
        assert one_request(server.port).status == 200  # the fourth: the last allowed
        with held(server.port, 1):
            assert_refused(one_request(server.port))  # the fifth


def test_a_closed_connection_gives_its_slot_back(serve) -> None:
    server = serve(max_connections=2)
    with held(server.port, 2):
        assert_refused(one_request(server.port))
    deadline = time.monotonic() + 5
    while (answer := one_request(server.port)).status != 200 and time.monotonic() < deadline:
        pass  # each try is a whole request; the server frees the slots as it sees the closes
    assert answer.status == 200


def test_websockets_hold_their_slots(serve) -> None:
    server = serve(max_connections=3)
    sockets = [rawws.open_socket(server.port) for _ in range(3)]
    try:
        assert_refused(one_request(server.port))
    finally:
        for sock in sockets:
            sock.close()


def test_one_client_address_is_held_to_max_client_connections(serve) -> None:
    server = serve(max_client_connections=2)
    with held(server.port, 2):
        refused = one_request(server.port)
        assert_refused(refused)
        assert "Too many connections from your address" in refused.json()["error"]["message"]
        assert one_request(server.port, source="127.0.0.2").status == 200  # another address
