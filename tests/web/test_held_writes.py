"""A response's head and body go out in one write (web/held_writes.py): held on a real
transport over a real socket pair, and, through the real server, what holding must not
break: pipelined requests answered in order, and a 100 Continue sent before the body."""

from __future__ import annotations

import asyncio
import select
import socket
from collections.abc import Awaitable, Callable, Iterator

import pytest
import uvloop

from mock_realtime.web.held_writes import FLUSH_BYTES, HeldWrites
from tests.reliability.catalogue import JSON_AUTH, VALID
from tests.reliability.rawhttp import HOST, read_response, read_responses, request_bytes
from tests.reliability.server_process import ServerProcess


def readable(sock: socket.socket) -> bool:
    return bool(select.select([sock], [], [], 0)[0])


Check = Callable[[HeldWrites, asyncio.Transport, socket.socket], Awaitable[None]]
Runs = Callable[[Check], None]


@pytest.fixture(params=["uvloop", "asyncio"])
def on_a_socket_pair(request: pytest.FixtureRequest) -> Runs:
    """Run a check on HeldWrites over a real transport, on the loop the server runs
    (uvloop) and on asyncio's own."""
    factory = uvloop.new_event_loop if request.param == "uvloop" else asyncio.new_event_loop

    def run(check: Check) -> None:
        async def main() -> None:
            ours, peer = socket.socketpair()
            peer.setblocking(False)
            loop = asyncio.get_running_loop()
            transport, _ = await loop.create_connection(asyncio.Protocol, sock=ours)
            try:
                await check(HeldWrites(transport, loop), transport, peer)
            finally:
                transport.close()
                peer.close()

        with asyncio.Runner(loop_factory=factory) as runner:
            runner.run(main())

    return run


async def received(peer: socket.socket) -> bytes:
    async with asyncio.timeout(5):
        return await asyncio.get_running_loop().sock_recv(peer, 1024)


def test_what_a_response_writes_is_held_until_it_completes(on_a_socket_pair: Runs) -> None:
    async def check(writes: HeldWrites, _: asyncio.Transport, peer: socket.socket) -> None:
        writes.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n")
        writes.write(b"{}")
        assert not readable(peer)  # nothing on the wire yet
        writes.flush()
        assert await received(peer) == b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"

    on_a_socket_pair(check)


def test_a_response_left_in_parts_goes_out_when_the_loop_iteration_ends(on_a_socket_pair: Runs) -> None:
    async def check(writes: HeldWrites, _: asyncio.Transport, peer: socket.socket) -> None:
        writes.write(b"HTTP/1.1 200 OK\r\n")  # a head, its body still to come
        assert await received(peer) == b"HTTP/1.1 200 OK\r\n"

    on_a_socket_pair(check)


def test_no_more_than_flush_bytes_are_ever_held(on_a_socket_pair: Runs) -> None:
    async def check(writes: HeldWrites, _: asyncio.Transport, peer: socket.socket) -> None:
        writes.write(b"x" * (FLUSH_BYTES - 1))
        assert not readable(peer)
        writes.write(b"x")
        assert readable(peer)  # written through at once, without waiting for the loop

    on_a_socket_pair(check)


def test_a_connection_gone_meanwhile_is_written_nothing(on_a_socket_pair: Runs) -> None:
    async def check(writes: HeldWrites, transport: asyncio.Transport, peer: socket.socket) -> None:
        writes.write(b"HTTP/1.1 200 OK\r\n")
        transport.close()
        writes.flush()  # no error for a closed transport
        assert await received(peer) == b""

    on_a_socket_pair(check)


def test_closing_writes_what_is_held_first(on_a_socket_pair: Runs) -> None:
    async def check(writes: HeldWrites, _: asyncio.Transport, peer: socket.socket) -> None:
        writes.write(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
        writes.close()
        assert await received(peer) == b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"
        assert await received(peer) == b""

    on_a_socket_pair(check)


def test_held_bytes_count_as_unsent_for_a_websocket(on_a_socket_pair: Runs) -> None:
    """The WebSocket protocol drops a client that leaves too much unread: held bytes count."""
    async def check(writes: HeldWrites, transport: asyncio.Transport, peer: socket.socket) -> None:
        writes.write(b"\x81\x02{}")
        assert writes.get_write_buffer_size() == 4 + transport.get_write_buffer_size()
        writes.pause_reading()
        assert not transport.is_reading()
        writes.resume_reading()
        assert transport.is_reading()

    on_a_socket_pair(check)


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    process = ServerProcess().start()
    yield process
    process.stop()


def test_pipelined_requests_are_answered_whole_and_in_order(server: ServerProcess) -> None:
    first = request_bytes(VALID, headers=JSON_AUTH)
    second = request_bytes(b"{}", headers=JSON_AUTH)
    with socket.create_connection((HOST, server.port), timeout=10) as sock:
        sock.sendall(first + second + first)  # three requests, one write
        statuses = read_responses(sock, 3)
    assert [r.status for r in statuses] == [200, 400, 200]
    assert statuses[0].json()["object"] == "realtime.session"
    assert statuses[1].json()["error"]["param"] == "model"
    assert statuses[0].json()["id"] != statuses[2].json()["id"]


def test_a_100_continue_is_sent_before_the_body_is(server: ServerProcess) -> None:
    head = request_bytes(None, headers={**JSON_AUTH, "Content-Length": str(len(VALID)), "Expect": "100-continue"})
    with socket.create_connection((HOST, server.port), timeout=10) as sock:
        sock.sendall(head)
        assert sock.recv(1024) == b"HTTP/1.1 100 Continue\r\n\r\n"  # the client waits for this
        sock.sendall(VALID)
        answer = read_response(sock)
    assert answer.status == 200
    assert answer.json()["model"] == "gpt-4o-realtime-preview"
