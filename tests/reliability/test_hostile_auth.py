"""Keys and the things around them: a quota that only accepted keys use up, and a
request carrying two Authorization headers."""

from __future__ import annotations

from tests.reliability.catalogue import JSON_AUTH, VALID
from tests.reliability.rawhttp import RawResponse, request_bytes, send

NO_KEY = {"Content-Type": "application/json"}


def post(port: int, headers: dict[str, str], extra: list[tuple[str, str]] | None = None) -> RawResponse:
    return send(port, request_bytes(VALID, headers=headers, extra_headers=extra))


def test_requests_without_a_key_do_not_use_up_the_quota(serve) -> None:
    server = serve(rate_limit="2/min")
    server.app.state.mock.reset()
    keyless = [post(server.port, NO_KEY).status for _ in range(5)]
    assert keyless == [401] * 5
    first, second, third = (post(server.port, JSON_AUTH) for _ in range(3))
    assert (first.status, second.status, third.status) == (200, 200, 429)
    assert first.headers["x-ratelimit-remaining-requests"] == "1"


def test_two_authorization_headers_journal_the_one_that_was_checked(serve) -> None:
    server = serve(api_key=("sk-accepted-000000000001",))
    response = post(server.port, {"Authorization": "Bearer sk-accepted-000000000001", **NO_KEY},
                    extra=[("Authorization", "Bearer sk-other-99999999999999")])
    assert response.status == 200
    entry = next(e for e in server.app.state.mock.journal.entries()
                 if e["request_id"] == response.headers["x-request-id"])
    assert entry["headers"]["authorization"] == "Bearer sk-*****************0001"
