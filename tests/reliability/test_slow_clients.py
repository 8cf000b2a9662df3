"""Clients that trickle their request head, or hang up half-way through a body."""

from __future__ import annotations

import asyncio
import time

import httpx

from tests.reliability.catalogue import HEADER_TIMEOUT, JSON_AUTH, VALID
from tests.reliability.rawhttp import HOST, PATH, request_bytes, send_and_hang_up

TRICKLERS = 20
BOUND = HEADER_TIMEOUT + 2.0  # the header timeout plus generous slack for a loaded machine


async def trickle(port: int, connected: asyncio.Event, count: list[int]) -> tuple[bytes, float]:
    """Send a request head one byte every 50 ms until the server hangs up; return what it said."""
    reader, writer = await asyncio.open_connection(HOST, port)
    started = time.monotonic()
    count.append(1)
    if len(count) == TRICKLERS:
        connected.set()
    head = request_bytes(VALID, headers=JSON_AUTH)
    answer = asyncio.ensure_future(reader.read())  # everything until the server closes
    for byte in head[:-4]:  # never the blank line that ends the head
        if answer.done():
            break
        try:
            writer.write(bytes([byte]))
            await writer.drain()
        except ConnectionError:
            break
        await asyncio.sleep(0.05)  # pacing the trickle, not synchronisation
    received = await answer
    writer.close()
    return received, time.monotonic() - started


async def trickle_while_serving(port: int) -> tuple[list[tuple[bytes, float]], int]:
    connected, count = asyncio.Event(), []
    tricklers = [asyncio.ensure_future(trickle(port, connected, count)) for _ in range(TRICKLERS)]
    await connected.wait()
    async with httpx.AsyncClient(base_url=f"http://{HOST}:{port}") as client:
        response = await client.post(PATH, content=VALID, headers=JSON_AUTH)
    still_trickling = sum(not t.done() for t in tricklers)
    assert response.status_code == 200
    return await asyncio.gather(*tricklers), still_trickling


def test_trickling_clients_do_not_starve_others_and_are_cut_off(serve) -> None:
    server = serve()
    results, still_trickling = asyncio.run(trickle_while_serving(server.port))
    assert still_trickling == TRICKLERS  # the valid request was served while all of them were connected
    for received, elapsed in results:
        assert received.startswith(b"HTTP/1.1 408 "), received[:100]
        assert b'"code":"request_timeout"' in received
        # The server's clock starts at accept, a little before the client's: hence the loose floor.
        assert HEADER_TIMEOUT / 2 < elapsed < BOUND


def test_client_hanging_up_mid_body_is_journaled_not_a_server_error(serve) -> None:
    server = serve()
    journal = server.app.state.mock.journal
    before = len(journal.entries())
    sent = request_bytes(VALID, headers={**JSON_AUTH, "Content-Length": "1000"})
    send_and_hang_up(server.port, sent)
    deadline = time.monotonic() + 5
    while len(journal.entries()) == before and time.monotonic() < deadline:
        time.sleep(0.01)  # the journal has no event to wait on; poll it with a deadline
    entry = journal.entries()[-1]
    assert entry["status"] == 400
    assert entry["response"]["error"]["code"] == "incomplete_body"
