"""Regressions: routing errors name the right method, errors outside the endpoint are
journaled, and the test-control surface (admin API, demo token route, X-Mock-Fault)
follows --no-admin, --admin-token and refuses other origins."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from mock_realtime.settings import Settings
from mock_realtime.web.app import create_app
from tests.conftest import AUTH, MINIMAL

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


def test_fault_header_is_ignored_when_the_admin_api_is_off(clock) -> None:
    client = TestClient(create_app(Settings(admin=False), clock=clock))
    response = client.post(URL, json=MINIMAL, headers={**AUTH, "X-Mock-Fault": "status=500"})
    assert response.status_code == 200


def test_fault_header_works_when_the_admin_api_is_on(client) -> None:
    response = client.post(URL, json=MINIMAL, headers={**AUTH, "X-Mock-Fault": "status=500"})
    assert response.status_code == 500


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/__mock/clock"), ("DELETE", "/__mock/requests"), ("POST", "/__mock/demo/token")],
)
def test_admin_api_refuses_other_origins(client, method, path) -> None:
    response = client.request(method, path, json={"advance_seconds": 1},
                              headers={"Origin": "https://evil.example", "Host": "testserver"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "cross_origin_refused"


def test_admin_api_accepts_its_own_origin(client) -> None:
    response = client.post("/__mock/clock", json={"advance_seconds": 1},
                           headers={"Origin": "http://testserver"})
    assert response.status_code == 200


def test_demo_token_route_needs_the_admin_token_when_one_is_set(clock) -> None:
    client = TestClient(create_app(Settings(admin_token="adm-secret-123", api_key=("sk-only-1234567",)),
                                   clock=clock))
    assert client.post("/__mock/demo/token", json=MINIMAL).status_code == 401
    allowed = client.post("/__mock/demo/token", json=MINIMAL,
                          headers={"Authorization": "Bearer adm-secret-123"})
    assert allowed.status_code == 200
