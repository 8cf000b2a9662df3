"""--cors-origin: off unless configured, then preflight and POST from that origin only, over a
real socket where HTTP matters."""

from __future__ import annotations

import httpx
import pytest

from mock_realtime.cli.commands import serve, settings_from
from mock_realtime.settings import Settings
from tests.helpers import AUTH, MINIMAL

FRONT_END = "http://127.0.0.1:5173"
PREFLIGHT = {
    "Origin": FRONT_END,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization,content-type",
}

def test_cors_is_off_unless_configured(live_server) -> None:
    url = f"{live_server.base_url}/v1/realtime/sessions"
    preflight = httpx.options(url, headers=PREFLIGHT)
    posted = httpx.post(url, json=MINIMAL, headers={**AUTH, "Origin": FRONT_END})
    assert preflight.status_code == 405
    assert "access-control-allow-origin" not in preflight.headers
    assert posted.status_code == 200
    assert "access-control-allow-origin" not in posted.headers


@pytest.mark.parametrize("mock_settings", [Settings(cors_origin=(FRONT_END,))], ids=["cors"])
def test_cors_origin_allows_preflight_and_post_from_that_origin(live_server) -> None:
    url = f"{live_server.base_url}/v1/realtime/sessions"
    preflight = httpx.options(url, headers=PREFLIGHT)
    posted = httpx.post(url, json=MINIMAL, headers={**AUTH, "Origin": FRONT_END})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == FRONT_END
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    assert posted.headers["access-control-allow-origin"] == FRONT_END
    assert "x-request-id" in posted.headers["access-control-expose-headers"]


@pytest.mark.parametrize("mock_settings", [Settings(cors_origin=(FRONT_END,))], ids=["cors"])
def test_cors_origin_refuses_other_origins(live_server) -> None:
    url = f"{live_server.base_url}/v1/realtime/sessions"
    preflight = httpx.options(url, headers={**PREFLIGHT, "Origin": "http://127.0.0.1:9999"})
    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_origin_flag_is_repeatable() -> None:
    context = serve.make_context("serve", ["--cors-origin", FRONT_END, "--cors-origin", "http://localhost:3000"])
    assert settings_from(context.params).cors_origin == (FRONT_END, "http://localhost:3000")
