"""The demo page and its token route, over a real socket: the page offers the browser
subprotocols, and the token route mints through the sessions endpoint."""

from __future__ import annotations

import httpx
import pytest

from mock_realtime.settings import Settings
from tests.helpers import AUTH, MINIMAL
from tests.websocket.helpers import MODEL, recv_event


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
