"""The test-control surface (admin API, demo token route, X-Mock-Fault) follows --no-admin and
--admin-token, and refuses other origins."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from mock_realtime.settings import Settings
from mock_realtime.web.app import create_app
from tests.helpers import AUTH, MINIMAL

URL = "/v1/realtime/sessions"

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
