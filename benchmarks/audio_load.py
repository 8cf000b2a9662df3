"""Streamed audio, as its own process pinned to the load core: one client opens a socket,
asks for RESPONSES responses one after another, and reads each to its response.done.

    python -m benchmarks.audio_load URL --responses 5
    python -m benchmarks.audio_load URL --responses 5 --sizes-file sizes.json

With --sizes-file (the bare baseline), each response.create names the delta sizes to send.
Prints one JSON line: responses, audio deltas, audio bytes (decoded), the seconds from
each response.create to its response.done added up, and the first response's delta sizes."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

import orjson
from websockets.asyncio.client import connect

from benchmarks.ws_load import HEADERS


def decoded_size(b64: str) -> int:
    """Bytes a base64 text decodes to, without decoding it (the client's CPU is not measured)."""
    return len(b64) // 4 * 3 - b64[-2:].count("=") if b64 else 0


async def _stream(url: str, responses: int, sizes: list[int] | None) -> dict[str, Any]:
    request: dict[str, Any] = {"type": "response.create"}
    if sizes is not None:
        request["bench_sizes"] = sizes
    deltas, audio, seconds, first_sizes = 0, 0, 0.0, []
    async with connect(url, additional_headers=HEADERS, compression=None, open_timeout=10,
                       max_size=None) as socket:
        if json.loads(await socket.recv()).get("type") != "session.created":
            raise RuntimeError("the first event was not session.created")
        for number in range(responses):
            started = time.perf_counter()
            await socket.send(json.dumps(request))
            while True:
                event = orjson.loads(await socket.recv())
                kind = event.get("type", "")
                if kind.endswith("audio.delta"):
                    size = decoded_size(event["delta"])
                    deltas, audio = deltas + 1, audio + size
                    if number == 0:
                        first_sizes.append(size)
                elif kind == "response.done":
                    break
                elif kind == "error":
                    raise RuntimeError(f"the server answered an error: {event}")
            seconds += time.perf_counter() - started
    return {"responses": responses, "deltas": deltas, "audio_bytes": audio, "seconds": seconds,
            "sizes": first_sizes}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.audio_load", description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--responses", type=int, default=5)
    parser.add_argument("--sizes-file", type=Path, default=None)
    options = parser.parse_args(argv)
    sizes = json.loads(options.sizes_file.read_text()) if options.sizes_file else None
    print("@@audio " + json.dumps(asyncio.run(_stream(options.url, options.responses, sizes))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
