"""The official openai SDK end to end: a server mints a session with
`client.beta.realtime.sessions.create`, then a client holding only the ek_ key opens
`client.beta.realtime.connect(model=...)` against the mock."""

from __future__ import annotations

import pytest
from openai import OpenAI
from websockets.exceptions import ConnectionClosedError

from tests.helpers import API_KEY
from tests.websocket.helpers import MODEL

# openai 3.54.0 opens its socket with websockets' connect() outside a `with` block, which
# websockets 17 deprecates; the warning is the SDK's, not the mock's.
pytestmark = pytest.mark.filterwarnings(
    r"ignore:connect\(\) must be used as a context manager:DeprecationWarning"
)


def _mint(live_server, **fields):  # type: ignore[no-untyped-def]
    with _client(live_server, API_KEY) as server_side:
        return server_side.beta.realtime.sessions.create(model=MODEL, **fields)


def _client(live_server, key: str) -> OpenAI:
    return OpenAI(
        api_key=key,
        base_url=f"{live_server.base_url}/v1",
        websocket_base_url=live_server.base_url.replace("http://", "ws://", 1) + "/v1",
        max_retries=0,
    )


def test_sdk_connects_with_minted_key_and_updates_the_session(live_server) -> None:
    minted = _mint(live_server, voice="echo")
    with _client(live_server, minted.client_secret.value) as browser_side, \
            browser_side.beta.realtime.connect(model=MODEL) as connection:
        created = connection.recv()
        connection.session.update(session={"instructions": "Answer in haiku."}, event_id="evt_sdk_1")
        updated = connection.recv()
        connection.session.update(session={"temperature": 5}, event_id="evt_sdk_2")
        error = connection.recv()
    assert (created.type, created.session.id, created.session.voice) == ("session.created", minted.id, "echo")
    assert (updated.type, updated.session.instructions) == ("session.updated", "Answer in haiku.")
    assert error.type == "error"
    assert (error.error.param, error.error.code, error.error.event_id) == (
        "session.temperature", "decimal_above_max_value", "evt_sdk_2"
    )


def test_sdk_connection_with_expired_key_is_closed_with_3000(live_server, clock) -> None:
    minted = _mint(live_server)
    clock.set(minted.client_secret.expires_at)
    with _client(live_server, minted.client_secret.value) as browser_side, \
            browser_side.beta.realtime.connect(model=MODEL) as connection:
        error = connection.recv()
        with pytest.raises(ConnectionClosedError) as closed:
            connection.recv()
    assert (error.type, error.error.code) == ("error", "invalid_api_key")
    received = closed.value.rcvd
    assert (received.code, received.reason) == (3000, "invalid_request_error.invalid_api_key")
