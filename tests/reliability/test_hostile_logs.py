"""What a client can make `mock-realtime serve` write to its log: never a query string
(it may carry a key), never a traceback per bad frame."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from websockets.sync.client import connect

from tests.reliability import rawws
from tests.reliability.catalogue import KEY
from tests.reliability.server_process import ServerProcess

SECRET_QUERY = "api_key=sk-in-the-query-0123456789"


@pytest.fixture(scope="module")
def logged_server() -> Iterator[ServerProcess]:
    server = ServerProcess().start()  # `serve` logs at info: an access line per WebSocket handshake
    yield server
    server.stop()


def url(server: ServerProcess, query: str) -> str:
    return f"ws://{server.host}:{server.port}/v1/realtime?{query}"


def test_websocket_handshakes_are_logged_without_their_query_string(logged_server) -> None:
    with connect(url(logged_server, f"model=gpt-4o-realtime-preview&{SECRET_QUERY}"),
                 additional_headers={"Authorization": f"Bearer {KEY}"}) as ws:
        ws.recv(timeout=5)
    line = logged_server.wait_for_log("GET /v1/realtime 101", 10)
    assert line.split("mock_realtime.access: ")[1].startswith("req_")  # the request id its journal entry has
    assert "[accepted]" not in logged_server.log  # one line per handshake: uvicorn's own are left out
    assert "connection open" not in logged_server.log
    assert SECRET_QUERY not in logged_server.log
    assert "?model" not in logged_server.log


def test_text_frames_that_are_not_utf8_close_1007_without_a_log_line(logged_server) -> None:
    accepted = logged_server.log.count("GET /v1/realtime 101")
    for _ in range(3):
        sock = rawws.open_socket(logged_server.port)
        sock.sendall(rawws.frame(rawws.TEXT, b'{"type":"\xff"}'))
        opcode, payload = rawws.read_frame(sock)
        sock.close()
        assert (opcode, int.from_bytes(payload[:2], "big")) == (rawws.CLOSE, 1007)
    logged_server.wait_for_log("GET /v1/realtime 101", 10, count=accepted + 3)
    assert "Traceback" not in logged_server.log
    assert "ERROR" not in logged_server.log


def test_a_bad_frame_behind_an_event_ends_the_answer_quietly(logged_server) -> None:
    """Found by the protocol fuzzer: the bad frame closes the connection while the app is
    still answering the event before it, and that answer must not become a traceback."""
    sock = rawws.open_socket(logged_server.port)
    event = rawws.frame(rawws.TEXT, b'{"type":"session.update","session":{"voice":"ash"}}')
    sock.sendall(event + rawws.frame(rawws.TEXT, b"\xff"))  # one write: the close comes first
    opcode, payload = rawws.read_frame(sock)
    sock.close()
    assert (opcode, int.from_bytes(payload[:2], "big")) == (rawws.CLOSE, 1007)
    assert_quiet_after_health(logged_server)


def assert_quiet_after_health(server: ServerProcess) -> None:
    """A request after the one under test, so the server has logged whatever it was going to."""
    from tests.reliability.rawhttp import request_bytes, send

    assert send(server.port, request_bytes(None, method="GET", path="/__mock/health")).status == 200
    server.wait_for_log("GET /__mock/health", 10)
    assert "Traceback" not in server.log


def test_a_bad_frame_followed_by_the_clients_close_ends_quietly(logged_server) -> None:
    """Found by the protocol fuzzer: when a close arrives in the same read as a frame that
    is not UTF-8, the connection is closing before the bad frame is handled, and there is
    no second close to send."""
    sock = rawws.open_socket(logged_server.port)
    close = rawws.frame(rawws.CLOSE, (1000).to_bytes(2, "big"))
    sock.sendall(rawws.frame(rawws.TEXT, b'{"type":"\xff"}') + close)
    opcode, payload = rawws.read_frame(sock)
    sock.close()
    assert (opcode, int.from_bytes(payload[:2], "big")) == (rawws.CLOSE, 1000)
    assert_quiet_after_health(logged_server)
