"""A small load generator: raw keep-alive connections, each asking in a loop from a mix
of requests whose answers are known, and tallying exactly what came back."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field

from tests.reliability.catalogue import JSON_AUTH, KEY, VALID, with_model
from tests.reliability.rawhttp import TruncatedResponse, read_response_async, request_bytes

WRONG_KEY = {**JSON_AUTH, "Authorization": "Bearer sk-wrong-0123456789abcdef"}

# (name, request, expected status); the server under load accepts only KEY.
MIX = [
    ("valid", request_bytes(VALID, headers=JSON_AUTH), 200),
    ("full", request_bytes(with_model(b'"voice":"ash","temperature":0.7,"tools":[{"type":"function",'
                                      b'"name":"f","parameters":{"type":"object"}}]'),
                           headers=JSON_AUTH), 200),
    ("unknown-parameter", request_bytes(with_model(b'"foo":1'), headers=JSON_AUTH), 400),
    ("malformed", request_bytes(b"{nope", headers=JSON_AUTH), 400),
    ("wrong-key", request_bytes(VALID, headers=WRONG_KEY), 401),
    ("wrong-method", request_bytes(None, method="GET", headers=JSON_AUTH), 405),
]
KEY_OPTION = ("--api-key", KEY)


@dataclass
class Tally:
    answered: Counter[tuple[str, int]] = field(default_factory=Counter)
    unexpected: Counter[tuple[str, int]] = field(default_factory=Counter)
    unanswered: int = 0  # connection closed or refused before any byte of a response
    truncated: int = 0  # connection closed part-way through a response

    @property
    def total(self) -> int:
        return sum(self.answered.values())


async def ask_on_one_connection(host: str, port: int, stop: asyncio.Event, tally: Tally, offset: int) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        turn = offset
        while not stop.is_set():
            name, request, expected = MIX[turn % len(MIX)]
            turn += 1
            writer.write(request)
            await writer.drain()
            response = await read_response_async(reader)
            if response.status is None:
                tally.unanswered += 1
                return
            tally.answered[(name, response.status)] += 1
            if response.status != expected:
                tally.unexpected[(name, response.status)] += 1
    except TruncatedResponse:
        tally.truncated += 1
    except ConnectionError:
        tally.unanswered += 1  # the write failed: the server had closed before reading it
    finally:
        writer.close()


async def keep_asking(host: str, port: int, stop: asyncio.Event, tally: Tally, *, offset: int = 0,
                      reconnect: bool = True) -> None:
    """Ask on one connection after another until `stop`; with reconnect=False, give up when refused."""
    while not stop.is_set():
        try:
            await ask_on_one_connection(host, port, stop, tally, offset)
        except ConnectionRefusedError:
            tally.unanswered += 1
            if not reconnect:
                return
        offset += 1
