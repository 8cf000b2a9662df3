"""On asyncio's loop each connection reads at most READ_BYTES at a time: the transport's
own 256 KiB read buffer, allocated and shrunk on every read, fragmented the heap until
RSS grew over a million requests."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

from mock_realtime.settings import Settings
from mock_realtime.web._uvicorn import READ_BYTES
from mock_realtime.web.app import create_app
from mock_realtime.web.server import ThreadedServer
from tests.reliability.rawhttp import read_response, request_bytes


def test_each_connection_reads_at_most_read_bytes_at_a_time() -> None:
    server = ThreadedServer(create_app(Settings()), Settings(port=0)).start()
    try:
        address = urlsplit(server.base_url)
        with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
            sock.sendall(request_bytes(None, method="GET", path="/__mock/health"))
            assert read_response(sock).status == 200  # the connection is made and served
            (connection,) = server._server.server_state.connections
            assert connection.transport.max_size == READ_BYTES < 262_144  # asyncio's own default
    finally:
        server.stop()
