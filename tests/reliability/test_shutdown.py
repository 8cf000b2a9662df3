"""SIGTERM under load, against `mock-realtime serve` in a subprocess.

What is asserted, precisely:
- a request in flight at the signal (its head read, its body still arriving) is answered
  in full with 200 after the server has begun shutting down;
- no client under load receives a truncated response: every request either gets a whole
  response, or sees its connection refused or closed before any byte of a response (an
  idle keep-alive connection closed by the shutdown, which HTTP lets clients retry);
- no response is a 5xx;
- the process exits within 2 s of the signal, with status 0 or by SIGTERM itself, as
  uvicorn does."""

from __future__ import annotations

import asyncio
import signal
import socket
import time
from collections.abc import Iterator

import pytest

from tests.reliability.catalogue import JSON_AUTH, VALID
from tests.reliability.load import KEY_OPTION, Tally, keep_asking
from tests.reliability.rawhttp import read_response, request_bytes
from tests.reliability.server_process import ServerProcess

CONNECTIONS = 16
EXIT_WITHIN = 2.0


@pytest.fixture
def server() -> Iterator[ServerProcess]:
    process = ServerProcess(*KEY_OPTION).start()
    yield process
    process.stop()


def start_held_request(server: ServerProcess) -> socket.socket:
    """A request whose head is read and whose app is waiting for the body: it asked for
    100-continue, and the server sends that only when the app starts reading."""
    sock = socket.create_connection((server.host, server.port), timeout=10)
    head = request_bytes(VALID, headers={**JSON_AUTH, "Expect": "100-continue"})[: -len(VALID)]
    sock.sendall(head)
    assert sock.recv(64) == b"HTTP/1.1 100 Continue\r\n\r\n"
    return sock


async def load_then_terminate(server: ServerProcess, tally: Tally) -> tuple[float, float, int]:
    stop = asyncio.Event()
    askers = [asyncio.ensure_future(keep_asking(server.host, server.port, stop, tally, offset=i,
                                                reconnect=False)) for i in range(CONNECTIONS)]
    while tally.total < 500:
        await asyncio.sleep(0.01)  # until the load is flowing; polling a counter, nothing to wait on
    held = start_held_request(server)
    assert server.process is not None
    signalled = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    await asyncio.to_thread(server.wait_for_log, "Waiting for connections to close", 5)
    held.sendall(VALID)
    finished = await asyncio.to_thread(read_response, held)
    held.close()
    assert finished.status == 200
    assert finished.json()["object"] == "realtime.session"
    returncode = await asyncio.to_thread(server.process.wait, 10)
    exited = time.monotonic() - signalled
    stop.set()
    await asyncio.gather(*askers)
    return exited, signalled, returncode


def test_sigterm_under_load_finishes_in_flight_requests_and_exits_promptly(server: ServerProcess) -> None:
    tally = Tally()
    exited, _, returncode = asyncio.run(load_then_terminate(server, tally))
    print(f"\nshutdown: exited {exited:.2f} s after SIGTERM, status {returncode}; "
          f"{tally.total} answered, {tally.unanswered} closed before answering")
    assert tally.truncated == 0
    assert not tally.unexpected
    assert all(status < 500 for _, status in tally.answered)
    assert exited < EXIT_WITHIN
    assert returncode in (0, -signal.SIGTERM)


def test_sigterm_with_a_stalled_client_still_exits_within_two_seconds(server: ServerProcess) -> None:
    """A client that never sends its body cannot hold the process: after --shutdown-timeout
    (1 s by default) its request is cancelled and the process exits."""
    held = start_held_request(server)
    assert server.process is not None
    signalled = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    returncode = server.process.wait(10)
    exited = time.monotonic() - signalled
    assert read_response(held).status is None  # cut off without a response, never half of one
    held.close()
    assert exited < EXIT_WITHIN
    assert returncode in (0, -signal.SIGTERM)
