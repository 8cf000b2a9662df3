"""The admin API under /__mock/, in-process: journal, sessions, secrets, clock."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.testclient import TestClient

from mock_realtime.admin.openapi import TAG
from mock_realtime.admin.routes import ADMIN_HANDLERS
from mock_realtime.settings import Settings
from mock_realtime.web.app import create_app
from tests.helpers import API_KEY, AUTH, MINIMAL, NOW

pytestmark = pytest.mark.every_store  # none of these depends on where state is kept

SESSIONS = "/v1/realtime/sessions"


def _mint(client, body=MINIMAL):  # type: ignore[no-untyped-def]
    response = client.post(SESSIONS, json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    return response.json()


def test_health_answers_ok(client, store_url) -> None:
    response = client.get("/__mock/health")
    store = {} if store_url == "memory://" else {"store": {"url": store_url, "reachable": True}}
    assert (response.status_code, response.json()) == (200, {"status": "ok", **store})


def test_requests_journal_lists_each_request_oldest_first(client) -> None:
    client.post(SESSIONS, json=MINIMAL, headers=AUTH)
    json_type = {**AUTH, "content-type": "application/json"}
    client.post(SESSIONS + "?trace=1", content=b"not json", headers=json_type)
    journal = client.get("/__mock/requests").json()
    assert journal["object"] == "list"
    assert journal["dropped"] == 0
    first, second = journal["data"]
    assert (first["method"], first["path"], first["status"]) == ("POST", SESSIONS, 200)
    assert first["body"] == MINIMAL
    assert first["response"]["object"] == "realtime.session"
    assert (second["query"], second["body"], second["status"]) == ("trace=1", "not json", 400)
    assert second["response"]["error"]["message"].startswith("We could not parse the JSON body")


def test_requests_journal_lists_every_violation_not_only_the_reported_one(client) -> None:
    body = {"model": "gpt-4o-realtime-preview", "voice": "nobody", "temperature": "hot", "foo": 1}
    response = client.post(SESSIONS, json=body, headers=AUTH)
    entry = client.get("/__mock/requests").json()["data"][0]
    assert [(v["param"], v["code"]) for v in entry["violations"]] == [
        ("foo", "unknown_parameter"), ("temperature", "invalid_type"), ("voice", "invalid_value"),
    ]
    assert response.json()["error"]["param"] == entry["violations"][0]["param"]


def test_requests_journal_redacts_authorization_to_scheme_first3_last4(client) -> None:
    client.post(SESSIONS, json=MINIMAL, headers=AUTH)
    headers = client.get("/__mock/requests").json()["data"][0]["headers"]
    assert headers["authorization"] == f"Bearer {API_KEY[:3]}{'*' * (len(API_KEY) - 7)}{API_KEY[-4:]}"


@pytest.fixture(scope="module")
def shared_client() -> Iterator[TestClient]:
    """One app for every Hypothesis example; each example clears the journal first."""
    with TestClient(create_app(Settings())) as client:
        yield client


KEY_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"


@given(key=st.text(KEY_CHARACTERS, min_size=5, max_size=80).map("sk-".__add__))
def test_requests_journal_never_holds_a_key_whole(shared_client: TestClient, key: str) -> None:
    client = shared_client
    client.app.state.mock.journal.clear()  # type: ignore[attr-defined]
    credentials = {"Authorization": f"Bearer {key}", "api-key": key, "Proxy-Authorization": key}
    client.post(SESSIONS, json=MINIMAL, headers=credentials)
    client.post(SESSIONS, json=MINIMAL, headers={"Authorization": f"Bearer ek_{key}"})  # 401 names the key
    dumped = client.get("/__mock/requests").text
    assert key not in dumped
    assert [e["status"] for e in json.loads(dumped)["data"]] == [200, 401]


@pytest.mark.parametrize("mock_settings", [Settings(journal_size=3)], ids=["journal_size=3"])
def test_requests_journal_is_bounded_and_counts_dropped(client) -> None:
    for temperature in (0.6, 0.7, 0.8, 0.9, 1.0):
        client.post(SESSIONS, json={**MINIMAL, "temperature": temperature}, headers=AUTH)
    journal = client.get("/__mock/requests").json()
    assert [e["body"]["temperature"] for e in journal["data"]] == [0.8, 0.9, 1.0]
    assert journal["dropped"] == 2


@pytest.mark.parametrize("mock_settings", [Settings(journal_size=1)], ids=["journal_size=1"])
def test_delete_requests_clears_journal_and_dropped(client) -> None:
    for _ in range(3):
        client.post(SESSIONS, json=MINIMAL, headers=AUTH)
    assert client.get("/__mock/requests").json()["dropped"] == 2
    cleared = client.delete("/__mock/requests").json()
    assert (cleared["data"], cleared["dropped"]) == ([], 0)
    assert client.get("/__mock/requests").json()["data"] == []


def test_admin_requests_are_not_journaled(client) -> None:
    client.get("/__mock/health")
    client.get("/__mock/nowhere")
    client.post("/__mock/clock", json={"advance_seconds": 1})
    assert client.get("/__mock/requests").json()["data"] == []


def test_sessions_lists_issued_sessions_with_expiry_by_mock_clock(client) -> None:
    first = _mint(client)
    client.post("/__mock/clock", json={"advance_seconds": 30})
    second = _mint(client)
    client.post("/__mock/clock", json={"advance_seconds": 45})  # first expired, second not
    listed = client.get("/__mock/sessions").json()["data"]
    assert [(s["id"], s["expired"]) for s in listed] == [(first["id"], True), (second["id"], False)]
    assert listed[1]["session"] == second
    assert listed[1]["expires_at"] == second["client_secret"]["expires_at"]


def test_secrets_reports_validity_then_expiry_without_sleeping(client) -> None:
    session = _mint(client)
    value, expires_at = session["client_secret"]["value"], session["client_secret"]["expires_at"]
    assert expires_at == int(NOW) + 60
    url = f"/__mock/secrets/{value}"
    assert client.get(url).json() == {"valid": True, "expires_at": expires_at, "session_id": session["id"]}
    client.post("/__mock/clock", json={"advance_seconds": 59})
    assert client.get(url).json()["valid"] is True
    client.post("/__mock/clock", json={"advance_seconds": 1})
    assert client.get(url).json()["valid"] is False


def test_secrets_unknown_value_is_404_in_openai_envelope(client) -> None:
    response = client.get("/__mock/secrets/ek_unknown")
    assert response.status_code == 404
    assert response.json()["error"]["type"] == "invalid_request_error"
    assert set(response.json()["error"]) == {"message", "type", "param", "code"}


def test_clock_advance_set_and_reset(client) -> None:
    assert client.post("/__mock/clock", json={"advance_seconds": 90}).json() == {"now": NOW + 90}
    assert client.post("/__mock/clock", json={"set": 2_000_000_000}).json() == {"now": 2_000_000_000}
    assert _mint(client)["client_secret"]["expires_at"] == 2_000_000_060
    now = client.post("/__mock/clock", json={"reset": True}).json()["now"]
    assert abs(now - time.time()) < 60  # back on real time, far from 2033


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({"advance_seconds": "soon"}, "advance_seconds", "invalid_type"),
        ({"advance_seconds": -1}, "advance_seconds", "decimal_below_min_value"),
        ({"set": 1e300}, "set", "decimal_above_max_value"),
        ({"set": 1, "reset": True}, None, "invalid_value"),
        ({}, None, "invalid_value"),
        ({"reset": False}, "reset", "invalid_value"),
        ({"rewind": 3}, "rewind", "unknown_parameter"),
    ],
    ids=["wrong-type", "backwards", "past-year-9999", "two-at-once", "empty", "reset-false", "unknown"],
)
def test_clock_bad_input_is_400_in_openai_envelope(client, body, param, code) -> None:
    response = client.post("/__mock/clock", json=body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["type"], error["param"], error["code"]) == ("invalid_request_error", param, code)


def test_admin_body_that_is_not_json_is_400(client) -> None:
    response = client.post("/__mock/clock", content=b"{advance", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("We could not parse the JSON body")


@pytest.mark.parametrize(("method", "path", "status"), [("PUT", "/__mock/requests", 405),
                                                         ("GET", "/__mock/nowhere", 404)], ids=["405", "404"])
def test_admin_routing_errors_are_json_envelopes(client, method, path, status) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"]["message"] in ("Only DELETE or GET requests are accepted.",
                                                   f"Invalid URL ({method} {path})")


def test_reset_clears_everything_and_returns_to_real_time(client) -> None:
    _mint(client)
    client.post("/__mock/faults", json={"status": 500, "count": 3})
    assert client.post("/__mock/reset").json() == {"status": "ok"}
    assert client.get("/__mock/requests").json()["data"] == []
    assert client.get("/__mock/sessions").json()["data"] == []
    assert client.post(SESSIONS, json=MINIMAL, headers=AUTH).status_code == 200  # no fault left


def test_openapi_describes_every_admin_operation_under_its_own_tag(client) -> None:
    document = client.get("/openapi.json").json()
    admin_paths = {p: ops for p, ops in document["paths"].items() if p.startswith("/__mock/")}
    assert {p: sorted(m.upper() for m in ops) for p, ops in admin_paths.items()} == {
        "/__mock/health": ["GET"], **{p: sorted(methods) for p, methods in ADMIN_HANDLERS.items()}
    }
    assert all(op["tags"] == [TAG] for ops in admin_paths.values() for op in ops.values())
    assert TAG not in document["paths"][SESSIONS]["post"]["tags"]
    assert [t["name"] for t in document["tags"]] == [TAG]


def test_each_admin_answer_matches_its_documented_schema(client) -> None:
    document = client.get("/openapi.json").json()
    secret = _mint(client)["client_secret"]["value"]
    calls = [("GET", "/__mock/health", "/__mock/health", None),
             ("GET", "/__mock/requests", "/__mock/requests", None),
             ("GET", "/__mock/sessions", "/__mock/sessions", None),
             ("GET", "/__mock/secrets/{value}", f"/__mock/secrets/{secret}", None),
             ("POST", "/__mock/clock", "/__mock/clock", {"advance_seconds": 1}),
             ("POST", "/__mock/faults", "/__mock/faults", {"status": 500, "count": 2}),
             ("DELETE", "/__mock/faults", "/__mock/faults", None),
             ("DELETE", "/__mock/requests", "/__mock/requests", None),
             ("POST", "/__mock/replies", "/__mock/replies", {"text": "Hi.", "transcript": "Hello?"}),
             ("GET", "/__mock/replies", "/__mock/replies", None),
             ("DELETE", "/__mock/replies", "/__mock/replies", None),
             ("POST", "/__mock/reset", "/__mock/reset", None)]
    served = {(m, p) for p, ms in ADMIN_HANDLERS.items() for m in ms} | {("GET", "/__mock/health")}
    assert {(m, p) for m, p, _, _ in calls} == served
    for method, path, url, body in calls:
        operation = document["paths"][path][method.lower()]
        if body is not None:
            schema = operation["requestBody"]["content"]["application/json"]["schema"]
            jsonschema.validate(body, schema)
        response = client.request(method, url, json=body)
        assert response.status_code == 200, (method, url, response.text)
        jsonschema.validate(response.json(), operation["responses"]["200"]["content"]["application/json"]["schema"])
