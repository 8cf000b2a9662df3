"""What one journal entry may keep: the head (at most 64 KiB and 1,000 fields), the body
as its bytes (at most --max-body-bytes), at most 100 violations and the answer. Measured
as the RSS of `mock-realtime serve` after it journals requests built to cost the most."""

from __future__ import annotations

from collections.abc import Iterator

import orjson
import pytest

from tests.reliability.catalogue import JSON_AUTH
from tests.reliability.rawhttp import request_bytes, send
from tests.reliability.server_process import ServerProcess

ENTRIES = 10
BODY = orjson.dumps({"model": "gpt-4o-realtime-preview", "tools": [{"x": 1}] * 80_000})  # 640 KB
HEADERS = [(f"X-{i}", "v" * 40) for i in range(900)]  # 900 fields, 44 KB of head
# Each entry may keep its head and body (under 0.7 MB here) and 100 violations; one parse
# tree of the body (about 25 MB) may stay in the allocator's free lists.
GROWTH = ENTRIES * 2 * 1024 * 1024 + 40 * 1024 * 1024


@pytest.fixture
def server() -> Iterator[ServerProcess]:
    process = ServerProcess().start()
    yield process
    process.stop()


def test_journal_entries_keep_the_bytes_that_came_not_their_parse(server: ServerProcess) -> None:
    warm = send(server.port, request_bytes(BODY, headers=JSON_AUTH, extra_headers=HEADERS))
    assert warm.status == 400
    before = server.rss_bytes()
    for _ in range(ENTRIES):
        assert send(server.port, request_bytes(BODY, headers=JSON_AUTH, extra_headers=HEADERS)).status == 400
    grown = server.rss_bytes() - before
    listing = orjson.loads(send(server.port, request_bytes(None, method="GET", path="/__mock/requests")).body)
    assert len(listing["data"]) == ENTRIES + 1
    entry = listing["data"][-1]
    assert entry["body"]["tools"][79_999] == {"x": 1}  # shown parsed, as before
    assert len(entry["violations"]) == 100
    print(f"\njournal: RSS grew {grown / 2**20:.1f} MiB for {ENTRIES} entries")
    assert grown < GROWTH
