"""The protocol fuzzer: Hypothesis draws HTTP requests and WebSocket sessions from a grammar
of hostile input (tests/reliability/grammar.py) and writes them as raw bytes at a real
`mock-realtime serve`, for a fixed budget of time (--fuzz-seconds, 30 s by default, as in CI).

Asserted throughout: no answer is a 5xx (the documented ones need an X-Mock-Fault status of
500 or more, or a full connection budget, which the grammar leaves out), no WebSocket is
closed 1011 (internal error), and /__mock/health answers after every input. Asserted after:
no traceback and no ERROR line in the server's log, and RSS back within 32 MiB of where it
stood after a warm-up."""

from __future__ import annotations

import contextlib
import re
import socket
import struct
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.catalogue import JSON_AUTH, VALID
from tests.reliability.grammar import WebSocketSession, hostile_inputs
from tests.reliability.rawhttp import HOST, read_response, request_bytes
from tests.reliability.server_process import ServerProcess

READ_FOR = 1.5  # seconds an input's connection is read for, at most
IDLE = 0.4  # seconds of quiet that end the reading: past the server's 0.2 s timeouts
AT_ONCE = 8  # inputs per example, each on its own connection, sent together
RSS_SLACK = 32 * 1024 * 1024
OPTIONS = ("--header-timeout", "0.2", "--body-timeout", "0.2", "--journal-size", "100", "--max-secrets", "100")
STATUS = re.compile(rb"HTTP/1\.[01] (\d{3}) ")


@dataclass
class Tally:
    tried: int = 0
    largest_rss: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    close_codes: dict[int, int] = field(default_factory=dict)


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    process = ServerProcess(*OPTIONS).start()
    yield process
    process.stop()


def exchange(port: int, case: bytes | WebSocketSession) -> bytes:
    """Write `case` on a fresh connection; everything the server sends until it closes, goes
    quiet for IDLE seconds (a connection kept alive) or READ_FOR passes. A WebSocket's frames
    follow its handshake's answer, as a client's do (uvicorn drops bytes sent with the head)."""
    received = b""
    first, then = (case.handshake, case.frames) if isinstance(case, WebSocketSession) else (case, b"")
    with socket.create_connection((HOST, port), timeout=IDLE) as sock:
        with contextlib.suppress(OSError):  # refused mid-write (a 431, say): its answer is still read
            sock.sendall(first)
        deadline = time.monotonic() + READ_FOR
        with contextlib.suppress(OSError):  # quiet, or reset after a refusal
            while time.monotonic() < deadline and (chunk := sock.recv(65_536)):
                received += chunk
                if then and b"\r\n\r\n" in received:
                    sock.sendall(then)
                    then = b""
    return received


def answers(received: bytes) -> tuple[list[int], list[int]]:
    """The HTTP statuses in `received`, read response by response, and the close codes of
    the WebSocket frames after a 101."""
    statuses: list[int] = []
    rest = received
    while (match := STATUS.match(rest)) is not None:
        statuses.append(int(match.group(1)))
        head, _, rest = rest.partition(b"\r\n\r\n")
        if statuses[-1] == 101:
            return statuses, close_codes(rest)
        length = re.search(rb"(?im)^content-length: *(\d+)", head)
        rest = rest[int(length.group(1)) if length else 0:]
    return statuses, []


def close_codes(frames: bytes) -> list[int]:
    codes = []
    while len(frames) >= 2:
        opcode, size = frames[0] & 0x0F, frames[1] & 0x7F
        start = 2 + {126: 2, 127: 8}.get(size, 0)
        if size >= 126:
            size = int.from_bytes(frames[2:start], "big")
        payload, frames = frames[start:start + size], frames[start + size:]
        if opcode == 0x8 and len(payload) >= 2:
            codes.append(struct.unpack("!H", payload[:2])[0])
    return codes


def assert_healthy(port: int) -> None:
    with socket.create_connection((HOST, port), timeout=5) as sock:
        sock.sendall(request_bytes(None, method="GET", path="/__mock/health", headers={"Connection": "close"}))
        assert read_response(sock).status == 200


def warm_up(server: ServerProcess) -> None:
    """What a steady state holds (journal and secrets full, validators built), before the baseline."""
    for body in (VALID, b'{"voice":"nope"}') * 100:
        exchange(server.port, request_bytes(body, headers={**JSON_AUTH, "Connection": "close"}))


def test_hostile_protocol_input_never_breaks_the_server(server: ServerProcess, request: pytest.FixtureRequest) -> None:
    budget = request.config.getoption("--fuzz-seconds")
    warm_up(server)
    baseline = server.rss_bytes()
    tally = Tally(largest_rss=baseline)

    started = time.monotonic()
    pool = ThreadPoolExecutor(AT_ONCE)

    @settings(max_examples=10, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(cases=st.lists(hostile_inputs, min_size=AT_ONCE, max_size=AT_ONCE))
    def batch(cases: list[bytes | WebSocketSession]) -> None:
        if time.monotonic() - started > budget:
            return
        tally.tried += len(cases)
        logged = len(server.log)
        received = pool.map(lambda case: exchange(server.port, case), cases)
        for statuses, codes in map(answers, received):
            for status in statuses:
                tally.statuses[status] = tally.statuses.get(status, 0) + 1
            assert not [s for s in statuses if s >= 500], statuses
            for code in codes:
                tally.close_codes[code] = tally.close_codes.get(code, 0) + 1
            assert 1011 not in codes, codes
        assert_healthy(server.port)
        # Checked here too, so that Hypothesis shrinks the inputs that made it; a traceback
        # logged after the health check is still caught by the check after the run.
        assert "Traceback" not in server.log[logged:]
        tally.largest_rss = max(tally.largest_rss, server.rss_bytes())

    while time.monotonic() - started < budget:
        batch()
    pool.shutdown()
    elapsed = time.monotonic() - started
    after = server.rss_bytes()
    print(f"\nfuzz: {tally.tried} inputs in {elapsed:.1f} s; RSS {baseline / 2**20:.1f} MiB after warm-up, "
          f"largest {tally.largest_rss / 2**20:.1f} MiB, {after / 2**20:.1f} MiB after; "
          f"statuses {dict(sorted(tally.statuses.items()))}, close codes {dict(sorted(tally.close_codes.items()))}")
    assert "Traceback" not in server.log, server.log[server.log.find("Traceback"):][:6000]
    assert " ERROR " not in server.log
    assert after - baseline < RSS_SLACK
