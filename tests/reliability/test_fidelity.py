"""Answers hostile or odd input gets where the real API's is known: whole-number decimals
echoed as integers (past 64 bits, as the decimal they were read as, rather than a 500),
a trailing slash that is simply not the endpoint, a clock that stays within year 9999,
and cookies masked in the journal like keys."""

from __future__ import annotations

import orjson
import pytest

from tests.reliability.catalogue import JSON_AUTH, with_model
from tests.reliability.rawhttp import request_bytes, send


def test_a_whole_number_decimal_is_echoed_as_an_integer(serve) -> None:
    response = send(serve().port, request_bytes(with_model(b'"max_response_output_tokens":1e3'), headers=JSON_AUTH))
    assert response.status == 200
    assert b'"max_response_output_tokens":1000,' in response.body
    assert orjson.loads(response.body)["max_response_output_tokens"] == 1000


@pytest.mark.parametrize("number", [b"18446744073709551616", b"1e300"])
def test_a_whole_number_past_64_bits_is_echoed_as_the_decimal_it_was_read_as(serve, number: bytes) -> None:
    response = send(serve().port, request_bytes(
        with_model(b'"turn_detection":{"type":"server_vad","prefix_padding_ms":' + number + b"}"), headers=JSON_AUTH))
    assert response.status == 200, response.body
    assert orjson.loads(response.body)["turn_detection"]["prefix_padding_ms"] == float(number)


def test_a_trailing_slash_is_404_not_a_redirect_to_the_clients_host(serve) -> None:
    response = send(serve().port, request_bytes(
        b'{"model":"gpt-4o-realtime-preview"}', path="/v1/realtime/sessions/",
        headers=JSON_AUTH))
    assert response.status == 404
    assert "location" not in response.headers
    assert response.json()["error"]["message"].startswith("Invalid URL (POST /v1/realtime/sessions/)")


def clock(port: int, change: bytes):
    return send(port, request_bytes(change, path="/__mock/clock", headers={"Content-Type": "application/json"}))


def test_the_clock_cannot_be_advanced_past_year_9999(serve) -> None:
    server = serve()
    assert clock(server.port, b'{"set": 253402300000}').status == 200
    try:
        refused = clock(server.port, b'{"advance_seconds": 800}')
        assert refused.status == 409
        assert (refused.json()["error"]["param"], refused.json()["error"]["code"]) == (
            "advance_seconds", "clock_out_of_range")
        at_the_edge = clock(server.port, b'{"advance_seconds": 799}')
        assert (at_the_edge.status, at_the_edge.json()["now"]) == (200, 253_402_300_799)
    finally:
        clock(server.port, b'{"reset": true}')


def test_cookies_are_journaled_masked(serve) -> None:
    server = serve()
    response = send(server.port, request_bytes(b'{"model":"gpt-4o-realtime-preview"}', headers={
        **JSON_AUTH, "Cookie": "session=s3cr3t-session-token-1234; theme=dark"}))
    entry = next(e for e in server.app.state.mock.journal.entries()
                 if e["request_id"] == response.headers["x-request-id"])
    assert entry["headers"]["cookie"] == "session=s3c******************1234; theme=****"
    assert "s3cr3t-session-token" not in repr(entry)
