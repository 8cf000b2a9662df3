"""Journal entries are built when the journal is read, from what the request carried;
the answer's headers come out exactly as Starlette would have built them."""

from __future__ import annotations

import orjson
import pytest
from starlette.responses import Response
from starlette.testclient import TestClient

from mock_realtime.settings import Settings
from mock_realtime.web.app import create_app
from mock_realtime.web.exchange import OPENAI_VERSION, PreparedResponse
from tests.helpers import API_KEY, AUTH, MINIMAL, NOW

PATH = "/v1/realtime/sessions"


def test_journal_entry_shows_the_request_and_its_answer(app, client) -> None:
    response = client.post(f"{PATH}?trace=1", json=MINIMAL, headers={**AUTH, "X-Custom": "yes"})
    [entry] = app.state.mock.journal.entries()
    assert entry["request_id"] == response.headers["x-request-id"]
    assert entry["timestamp"] == NOW
    assert (entry["method"], entry["path"], entry["query"]) == ("POST", PATH, "trace=1")
    assert (
        entry["headers"]["authorization"] == f"Bearer {API_KEY[:3]}{'*' * (len(API_KEY) - 7)}{API_KEY[-4:]}"
    )
    assert entry["headers"]["x-custom"] == "yes"
    assert entry["body"] == MINIMAL
    assert (entry["status"], entry["response"], entry["violations"]) == (200, response.json(), [])


def test_journal_keeps_an_unparseable_body_as_text(app, client) -> None:
    client.post(PATH, content=b'{"model": \xff', headers={**AUTH, "Content-Type": "application/json"})
    [entry] = app.state.mock.journal.entries()
    assert entry["status"] == 400
    assert entry["body"] == '{"model": \ufffd'


def test_journal_entries_read_twice_are_equal_and_independent(app, client) -> None:
    client.post(PATH, json={**MINIMAL, "voice": "nope"}, headers=AUTH)
    first, second = app.state.mock.journal.entries(), app.state.mock.journal.entries()
    assert first == second
    assert first[0]["violations"][0]["param"] == "voice"
    first[0]["headers"].clear()
    assert app.state.mock.journal.entries()[0]["headers"] != {}


@pytest.mark.parametrize("status", [200, 400, 401])
def test_prepared_response_headers_match_starlette(status) -> None:
    body = orjson.dumps({"status": status})
    mine = [
        (b"x-request-id", b"req_1"),
        (b"openai-processing-ms", b"0"),
        (b"openai-version", OPENAI_VERSION.encode()),
    ]
    starlette = Response(
        body,
        status_code=status,
        media_type="application/json",
        headers={
            "x-request-id": "req_1",
            "openai-processing-ms": "0",
            "openai-version": OPENAI_VERSION,
        },
    )
    prepared = PreparedResponse(body, status, mine)
    assert (prepared.status_code, prepared.body, prepared.raw_headers) == (
        starlette.status_code,
        starlette.body,
        starlette.raw_headers,
    )


def test_journal_and_secret_store_stay_within_their_bounds(clock) -> None:
    app = create_app(Settings(journal_size=5, max_secrets=7, secret_ttl=1, secret_retention=100), clock=clock)
    with TestClient(app) as client:
        for _ in range(12):
            client.post(PATH, json=MINIMAL, headers=AUTH)
            clock.advance(0.5)
        state = app.state.mock
        assert (len(state.journal), state.journal.dropped, len(state.secrets)) == (5, 7, 7)
        clock.advance(200)  # every secret now expired past its retention
        client.post(PATH, json=MINIMAL, headers=AUTH)
        assert len(state.secrets) == 1
