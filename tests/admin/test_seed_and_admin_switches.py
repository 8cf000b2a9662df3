"""Deterministic mode (--seed) and the admin API's switches (--no-admin, --admin-token)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from mock_realtime.cli.commands import serve
from mock_realtime.clock import Clock
from mock_realtime.settings import Settings
from mock_realtime.web.app import create_app
from tests.helpers import AUTH, MINIMAL, NOW

SESSIONS = "/v1/realtime/sessions"
TOKEN = "admin-0123456789abcdef"


def _minted(settings: Settings, n: int = 3) -> list[tuple[str, str, str]]:
    clock = Clock()
    clock.set(NOW)
    with TestClient(create_app(settings, clock=clock)) as client:
        answers = [client.post(SESSIONS, json=MINIMAL, headers=AUTH) for _ in range(n)]
    return [(a.json()["id"], a.json()["client_secret"]["value"], a.headers["x-request-id"]) for a in answers]


def test_same_seed_and_clock_mint_identical_ids_and_secrets() -> None:
    assert _minted(Settings(seed=7)) == _minted(Settings(seed=7))


def test_different_seeds_or_no_seed_mint_different_ids() -> None:
    seven, eight = _minted(Settings(seed=7)), _minted(Settings(seed=8))
    assert not {x for m in seven for x in m} & {x for m in eight for x in m}
    assert _minted(Settings()) != _minted(Settings())


def test_reset_restarts_a_seeded_sequence() -> None:
    with TestClient(create_app(Settings(seed=3))) as client:
        first = client.post(SESSIONS, json=MINIMAL, headers=AUTH).json()["id"]
        client.post("/__mock/reset")
        assert client.post(SESSIONS, json=MINIMAL, headers=AUTH).json()["id"] == first


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [([], {}, {"seed": None, "admin": True, "admin_token": "", "rate_limit": ""}),
     (["--seed", "42", "--no-admin"], {}, {"seed": 42, "admin": False}),
     ([], {"MOCK_REALTIME_SEED": "9", "MOCK_REALTIME_ADMIN_TOKEN": "t", "MOCK_REALTIME_RATE_LIMIT": "5/min"},
      {"seed": 9, "admin_token": "t", "rate_limit": "5/min"})],
    ids=["defaults", "flags", "env"],
)
def test_cli_maps_flags_and_env_onto_settings(monkeypatch, args, env, expected) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    params = serve.make_context("serve", args).params
    assert {k: params[k] for k in expected} == expected


def test_no_admin_removes_every_mock_route_but_health() -> None:
    with TestClient(create_app(Settings(admin=False))) as client:
        assert client.get("/__mock/health").json() == {"status": "ok"}  # container healthchecks
        for method, path in [("GET", "/__mock/requests"),
                             ("POST", "/__mock/reset"), ("POST", "/__mock/faults"),
                             ("GET", "/__mock/secrets/ek_x"), ("GET", "/__mock/demo"),
                             ("POST", "/__mock/demo/token")]:
            response = client.request(method, path, json={"status": 500})
            assert response.status_code == 404, path
            assert response.json()["error"]["message"] == f"Invalid URL ({method} {path})"
        documented = [p for p in client.get("/openapi.json").json()["paths"] if p.startswith("/__mock")]
        assert documented == ["/__mock/health"]
        assert client.post(SESSIONS, json=MINIMAL, headers=AUTH).status_code == 200  # no fault was queued


@pytest.fixture
def guarded() -> TestClient:
    return TestClient(create_app(Settings(admin_token=TOKEN)))


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong", f"Bearer {TOKEN}x", f"Basic {TOKEN}", TOKEN, "Bearer"],
    ids=["none", "wrong", "longer", "basic", "no-scheme", "empty"],
)
def test_admin_token_required_on_admin_routes(guarded, authorization) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    for method, path in [("GET", "/__mock/requests"), ("DELETE", "/__mock/requests"),
                         ("GET", "/__mock/sessions"), ("POST", "/__mock/clock"), ("POST", "/__mock/faults"),
                         ("DELETE", "/__mock/faults"), ("GET", "/__mock/secrets/ek_x"),
                         ("POST", "/__mock/reset")]:
        response = guarded.request(method, path, headers=headers, json={"status": 500})
        assert response.status_code == 401, path
        assert response.json()["error"]["code"] == "invalid_admin_token"
        assert TOKEN not in response.text


def test_admin_token_lets_the_holder_in_and_health_needs_none(guarded) -> None:
    assert guarded.get("/__mock/health").json() == {"status": "ok"}
    token = {"Authorization": f"Bearer {TOKEN}"}
    response = guarded.post("/__mock/faults", json={"status": 500}, headers=token)
    assert response.status_code == 200
    assert guarded.post(SESSIONS, json=MINIMAL, headers=AUTH).status_code == 500


def test_admin_token_shows_in_openapi_as_security(guarded) -> None:
    document = guarded.get("/openapi.json").json()
    assert document["components"]["securitySchemes"]["AdminToken"] == {"type": "http", "scheme": "bearer"}
    assert document["paths"]["/__mock/requests"]["get"]["security"] == [{"AdminToken": []}]
    assert "security" not in document["paths"]["/__mock/health"]["get"]
    assert TOKEN not in str(document)
