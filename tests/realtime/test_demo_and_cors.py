"""The demo page and its token route, --cors-origin, and the small pieces they rest on
(subprotocol redaction, the repeatable CLI flag), over a real socket where HTTP matters."""

from __future__ import annotations

import httpx
import pytest

from mock_realtime.cli.commands import serve, settings_from
from mock_realtime.redaction import redact_headers
from mock_realtime.settings import Settings
from tests.conftest import AUTH, MINIMAL
from tests.realtime.conftest import MODEL, recv_event

FRONT_END = "http://127.0.0.1:5173"
PREFLIGHT = {
    "Origin": FRONT_END,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization,content-type",
}


def test_demo_page_is_served_with_the_browser_subprotocols(live_server) -> None:
    page = httpx.get(f"{live_server.base_url}/__mock/demo")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '"openai-insecure-api-key." + key' in page.text
    assert "/__mock/demo/token" in page.text


def test_demo_token_mints_through_the_sessions_endpoint(live_server, open_realtime, app) -> None:
    minted = httpx.post(f"{live_server.base_url}/__mock/demo/token", json={"model": MODEL, "voice": "ballad"})
    assert minted.status_code == 200
    assert minted.headers["x-request-id"].startswith("req_")
    entry = app.state.mock.journal.entries()[-1]
    assert (entry["method"], entry["path"], entry["status"]) == ("POST", "/v1/realtime/sessions", 200)
    assert entry["headers"]["authorization"] == "Bearer sk-*************kend"
    with open_realtime(minted.json()["client_secret"]["value"], via="subprotocol") as ws:
        assert recv_event(ws)["session"]["voice"] == "ballad"


def test_demo_token_answers_contract_errors_like_the_endpoint(live_server) -> None:
    body = {"model": MODEL, "temperature": 9}
    via_demo = httpx.post(f"{live_server.base_url}/__mock/demo/token", json=body)
    direct = httpx.post(f"{live_server.base_url}/v1/realtime/sessions", json=body, headers=AUTH)
    assert (via_demo.status_code, via_demo.json()) == (direct.status_code, direct.json())


@pytest.mark.parametrize("mock_settings", [Settings(api_key=("sk-backend-key",))], ids=["api-key"])
def test_demo_token_uses_the_first_configured_key(live_server, app) -> None:
    assert httpx.post(f"{live_server.base_url}/__mock/demo/token", json=MINIMAL).status_code == 200
    assert app.state.mock.journal.entries()[-1]["headers"]["authorization"] == "Bearer sk-*******-key"


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


def test_redaction_masks_only_the_key_subprotocol() -> None:
    key = "ek_0123456789abcdef0123456789abcdef"
    headers = redact_headers([("Sec-WebSocket-Protocol", f"realtime, openai-insecure-api-key.{key}, "
                                                         "openai-beta.realtime-v1")])
    assert headers == {"sec-websocket-protocol": f"realtime, openai-insecure-api-key.ek_{'*' * 28}cdef, "
                                                 "openai-beta.realtime-v1"}
