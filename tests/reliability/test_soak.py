"""Full load for --soak-seconds against `mock-realtime serve` in a subprocess: no errors,
and memory flat once the bounded stores (journal, secrets) have filled.

The server runs with small caps so that a short warm-up fills them; after that, any
growth in RSS beyond RSS_TOLERANCE is a leak."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest

from tests.reliability.load import KEY_OPTION, Tally, keep_asking
from tests.reliability.server_process import ServerProcess

CAP = 200  # journal and secret-store capacity of the soaked server
WARM_UP_REQUESTS = 5 * CAP * 6  # every request kind fills the caps several times over
CONNECTIONS = 16
RSS_TOLERANCE = 4 * 1024 * 1024  # allocator noise; a leak of 1 KiB per request outgrows it in ~4,000


@pytest.fixture
def soaked_server() -> Iterator[ServerProcess]:
    server = ServerProcess(*KEY_OPTION, "--max-secrets", str(CAP), "--journal-size", str(CAP)).start()
    yield server
    server.stop()


async def load(server: ServerProcess, tally: Tally, until: float) -> None:
    stop = asyncio.Event()
    askers = [asyncio.ensure_future(keep_asking(server.host, server.port, stop, tally, offset=i))
              for i in range(CONNECTIONS)]
    while time.monotonic() < until or tally.total < WARM_UP_REQUESTS:
        await asyncio.sleep(0.05)  # checking the clock, not synchronising
    stop.set()
    await asyncio.gather(*askers)


@pytest.mark.soak
def test_soak_no_errors_and_flat_memory(soaked_server: ServerProcess, request: pytest.FixtureRequest) -> None:
    seconds = request.config.getoption("--soak-seconds")
    warm = Tally()
    asyncio.run(load(soaked_server, warm, until=0))
    before = soaked_server.rss_bytes()

    soak = Tally()
    started = time.monotonic()
    asyncio.run(load(soaked_server, soak, until=started + seconds))
    elapsed = time.monotonic() - started
    after = soaked_server.rss_bytes()

    print(f"\nsoak: {soak.total} requests in {elapsed:.1f} s ({soak.total / elapsed:.0f}/s) "
          f"on {CONNECTIONS} connections; RSS {before / 2**20:.1f} -> {after / 2**20:.1f} MiB "
          f"({(after - before) / 2**10:+.0f} KiB)")
    for tally in (warm, soak):
        assert not tally.unexpected
        assert (tally.unanswered, tally.truncated) == (0, 0)
    assert all(status < 500 for _, status in soak.answered)
    assert "Traceback" not in soaked_server.log
    assert "ERROR" not in soaked_server.log
    assert after - before <= RSS_TOLERANCE
