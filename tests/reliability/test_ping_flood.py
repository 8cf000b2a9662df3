"""A WebSocket client that pings and never reads: the pongs it leaves unread are bounded
(--max-body-bytes plus 1 MiB), past which its connection is dropped; a client that
reads its pongs may ping as much as it likes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mock_realtime.web._uvicorn import OUTGOING_SLACK
from tests.reliability import rawws
from tests.reliability.server_process import ServerProcess

PING = rawws.frame(rawws.PING, b"p" * 125)  # the largest control frame: 127 bytes of pong each
BATCH = PING * 1000
GIVE_UP_BYTES = 256 * 1024 * 1024  # far past any kernel buffer plus the limit
RSS_GROWTH = 32 * 1024 * 1024  # 130 MB in 8 s before the bound


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    process = ServerProcess().start()
    yield process
    process.stop()


def flood_until_dropped(port: int) -> int:
    sock = rawws.open_socket(port)
    sent = 0
    try:
        while sent < GIVE_UP_BYTES:
            sock.sendall(BATCH)
            sent += len(BATCH)
    except OSError:  # reset or broken pipe: the server dropped the connection
        return sent
    finally:
        sock.close()
    raise AssertionError(f"the connection was still open after {sent} bytes of pings")


def test_a_client_that_never_reads_its_pongs_is_dropped(server: ServerProcess) -> None:
    assert OUTGOING_SLACK == 1_048_576  # the README's budget table states 1 MiB
    before = server.rss_bytes()
    sent = flood_until_dropped(server.port)
    assert sent > OUTGOING_SLACK  # not before the limit: the unread pongs alone pass it
    assert server.rss_bytes() - before < RSS_GROWTH
    assert "Traceback" not in server.log


def test_a_client_that_reads_its_pongs_is_never_dropped(server: ServerProcess) -> None:
    sock = rawws.open_socket(server.port)
    pongs = 0
    for _ in range(20):  # 20,000 pings: 2.5 MB of pongs, each batch read before the next
        sock.sendall(BATCH)
        for _ in range(1000):
            opcode, payload = rawws.read_frame(sock)
            assert (opcode, payload) == (rawws.PONG, b"p" * 125)
            pongs += 1
    sock.close()
    assert pongs == 20_000
