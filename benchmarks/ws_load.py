"""WebSocket load, as its own process pinned to the load core: CONCURRENCY clients each
open a socket, wait for its first event, and close it, over and over.

    python -m benchmarks.ws_load URL --seconds 5 --concurrency 16
    python -m benchmarks.ws_load URL --sessions 10000

Prints one JSON line: sessions completed, seconds taken, and the p99 of the time from
opening the socket to the first event. Every first event must be `session.created`."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time

from websockets.asyncio.client import connect

from benchmarks.bodies import API_KEY

HEADERS = {"Authorization": f"Bearer {API_KEY}", "OpenAI-Beta": "realtime=v1"}


class Tally:
    def __init__(self, until: float, sessions: int | None) -> None:
        self.until, self.left = until, sessions
        self.latencies: list[float] = []
        self.wrong = 0

    def more(self) -> bool:
        if self.left is not None:
            self.left -= 1
            return self.left >= 0
        return time.perf_counter() < self.until


async def _client(url: str, tally: Tally) -> None:
    while tally.more():
        started = time.perf_counter()
        async with connect(url, additional_headers=HEADERS, compression=None, open_timeout=10) as socket:
            first = json.loads(await socket.recv())
            tally.latencies.append(time.perf_counter() - started)
            tally.wrong += first.get("type") != "session.created"


async def _load(url: str, concurrency: int, seconds: float, sessions: int | None) -> dict[str, float]:
    started = time.perf_counter()
    tally = Tally(started + seconds, sessions)
    await asyncio.gather(*(_client(url, tally) for _ in range(concurrency)))
    latencies = sorted(tally.latencies)
    return {
        "sessions": len(latencies),
        "seconds": time.perf_counter() - started,
        "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000 if latencies else 0.0,
        "wrong": tally.wrong,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ws_load", description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--sessions", type=int, default=None, help="stop after this many, not after --seconds")
    parser.add_argument("--concurrency", type=int, default=16)
    options = parser.parse_args(argv)
    result = asyncio.run(_load(options.url, options.concurrency, options.seconds, options.sessions))
    print("@@ws " + json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
