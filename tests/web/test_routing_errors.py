"""Errors outside the endpoint: routing errors name the right method, and a body over the cap
or a server error is still journaled."""

from __future__ import annotations

from starlette.testclient import TestClient

from mock_realtime.settings import Settings
from mock_realtime.web.app import create_app
from tests.helpers import AUTH, MINIMAL

URL = "/v1/realtime/sessions"


def test_405_names_the_methods_the_path_accepts(client) -> None:
    error = client.post("/openapi.json").json()["error"]
    assert error["message"] == "Only GET requests are accepted."
    assert error["code"] == "method_not_supported"


def test_404_body_over_the_cap_is_not_read_into_the_journal(make_http, clock) -> None:
    app = create_app(Settings(max_body_bytes=64), clock=clock)
    client = TestClient(app)
    response = client.post("/v1/nope", content=b"x" * 10_000, headers=AUTH)
    assert response.status_code == 404
    (entry,) = app.state.mock.journal.entries()
    assert entry["status"] == 404
    assert entry["body"] is None


def test_unexpected_server_error_is_journaled_with_a_request_id(app, monkeypatch) -> None:
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr("mock_realtime.web.endpoints.new_session", broken)
    client = TestClient(app, raise_server_exceptions=False)
    response = client.post(URL, json=MINIMAL, headers=AUTH)
    assert response.status_code == 500
    assert response.json()["error"]["type"] == "server_error"
    assert response.headers["x-request-id"].startswith("req_")
    assert app.state.mock.journal.entries()[-1]["status"] == 500
