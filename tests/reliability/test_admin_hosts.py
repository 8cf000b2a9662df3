"""The admin API answers only requests addressed to this server: DNS rebinding, where a
page's Origin and Host agree but name another site, and Origins that do not parse."""

from __future__ import annotations

import pytest

from tests.reliability.catalogue import JSON_AUTH, VALID
from tests.reliability.rawhttp import RawResponse, request_bytes, send

REBOUND = "attacker.example:8000"
TOKEN = "admin-secret-token"


def raw_admin(port: int, path: str, host: str, method: str = "GET", **headers: str) -> RawResponse:
    """An admin request with the test's own Host line."""
    body = b"{}" if method == "POST" else b""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", *[f"{k}: {v}" for k, v in headers.items()],
             f"Content-Length: {len(body)}"]
    return send(port, "\r\n".join(lines).encode("latin-1") + b"\r\n\r\n" + body)


@pytest.mark.parametrize(("path", "method"), [("/__mock/sessions", "GET"), ("/__mock/reset", "POST"),
                                         ("/__mock/faults", "POST"), ("/__mock/demo/token", "POST")])
def test_a_rebound_name_is_refused_even_from_its_own_origin(serve, path, method) -> None:
    server = serve()
    response = raw_admin(server.port, path, REBOUND, method, Origin=f"http://{REBOUND}")
    assert response.status == 403
    assert response.json()["error"]["code"] == "host_not_allowed"


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]", "app.localhost", "127.0.0.1:9",
                                  "LOCALHOST."])
def test_loopback_names_and_the_bound_address_are_answered(serve, host) -> None:
    server = serve()
    assert raw_admin(server.port, "/__mock/sessions", host).status == 200


def test_a_name_given_with_allowed_host_is_answered(serve) -> None:
    server = serve(allowed_host=("mock.internal",))
    assert raw_admin(server.port, "/__mock/sessions", "mock.internal:8000").status == 200
    assert raw_admin(server.port, "/__mock/sessions", REBOUND).status == 403


def test_health_answers_any_host(serve) -> None:
    assert raw_admin(serve().port, "/__mock/health", REBOUND).status == 200


@pytest.mark.parametrize("token", ["", TOKEN])
def test_an_unparseable_origin_is_a_403_not_a_500(serve, token) -> None:
    server = serve(admin_token=token)
    response = raw_admin(server.port, "/__mock/sessions", "127.0.0.1", Origin="http://[")
    assert response.status == 403
    assert response.json()["error"]["code"] == "cross_origin_refused"


def fault_request(**headers: str) -> bytes:
    return request_bytes(VALID, headers={**JSON_AUTH, "X-Mock-Fault": "status=503", **headers})


@pytest.mark.parametrize(("headers", "status"), [({}, 401), ({"X-Mock-Admin-Token": "wrong"}, 401),
                                                 ({"X-Mock-Admin-Token": TOKEN}, 503)],
                         ids=["no-token", "wrong-token", "token"])
def test_the_fault_header_needs_the_admin_token_when_one_is_set(serve, headers, status) -> None:
    response = send(serve(admin_token=TOKEN).port, fault_request(**headers))
    assert response.status == status
    if status == 401:
        assert response.json()["error"]["code"] == "invalid_admin_token"


def test_the_fault_header_needs_no_token_when_none_is_set(serve) -> None:
    assert send(serve().port, fault_request()).status == 503
