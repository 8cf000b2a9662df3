"""1,000 clients, each on its own connection, all connected at once, then all asking
for a session at once: every secret unique, every request journaled exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter

from tests.reliability.catalogue import JSON_AUTH, VALID
from tests.reliability.rawhttp import HOST, RawResponse, read_response_async, request_bytes

CLIENTS = 1_000


async def one_client(port: int, connected: list[int], all_connected: asyncio.Event) -> RawResponse:
    reader, writer = await asyncio.open_connection(HOST, port)
    connected.append(1)
    if len(connected) == CLIENTS:
        all_connected.set()
    await all_connected.wait()
    writer.write(request_bytes(VALID, headers=JSON_AUTH))
    await writer.drain()
    response = await read_response_async(reader)
    writer.close()
    return response


async def all_clients(port: int) -> list[RawResponse]:
    connected: list[int] = []
    all_connected = asyncio.Event()
    return await asyncio.gather(*(one_client(port, connected, all_connected) for _ in range(CLIENTS)))


def test_thousand_concurrent_clients_get_unique_secrets_each_journaled_once(serve) -> None:
    # The catalogue's short header timeout counts from connect; on a loaded machine the
    # last of 1,000 clients can take longer than that to be served its turn to send.
    server = serve(journal_size=CLIENTS * 2, header_timeout=120.0)
    journal = server.app.state.mock.journal
    journal.clear()
    responses = asyncio.run(all_clients(server.port))

    assert Counter(r.status for r in responses) == {200: CLIENTS}
    secrets = {r.json()["client_secret"]["value"] for r in responses}
    assert len(secrets) == CLIENTS
    response_ids = [r.headers["x-request-id"] for r in responses]
    journal_ids = [entry["request_id"] for entry in journal.entries()]
    assert len(set(response_ids)) == CLIENTS
    assert Counter(journal_ids) == Counter(response_ids)  # each once, none missing, none extra
    assert journal.dropped == 0
