"""The whole browser flow in real headless Chromium (Debian's, driven by Playwright; no
browser download): the demo page gets an ek_ key from its token route, opens the Realtime
WebSocket with the browser subprotocols and receives session.created; once the mock's
clock passes the key's expiry, the same key is refused with close code 3000."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser import chromium_page
from tests.websocket.sdk_events import sdk_event

WAIT_MS = 10_000


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Page]:
    with chromium_page(tmp_path / "profile") as page:
        yield page


def _attempt(page: Page, index: int, ready: str) -> dict:  # type: ignore[type-arg]
    page.wait_for_function(
        f"(() => {{ const a = window.mockDemo.attempts[{index}]; return a !== undefined && ({ready}); }})()",
        timeout=WAIT_MS,
    )
    attempt: dict = page.evaluate(f"window.mockDemo.attempts[{index}]")  # type: ignore[type-arg]
    return attempt


def test_browser_demo_beta_key_opens_realtime_until_the_mock_clock_expires_it(
    page, live_server, clock, app
) -> None:
    page.goto(f"{live_server.base_url}/__mock/demo")
    page.select_option("#api", "beta")
    page.select_option("#voice", "verse")
    page.fill("#instructions", "Talk like a lighthouse keeper.")
    page.click("#connect")

    first = _attempt(page, 0, "a.events.length >= 1")
    created = first["events"][0]
    key = page.evaluate("window.mockDemo.key")
    assert first["protocol"] == "realtime"
    assert created["type"] == "session.created"
    assert created["session"]["voice"] == "verse"
    assert created["session"]["instructions"] == "Talk like a lighthouse keeper."
    assert created["session"]["client_secret"] is None
    assert created["session"]["id"] == app.state.mock.secrets.get(key).session["id"]
    assert "session.created" in page.text_content("#log")

    clock.set(app.state.mock.secrets.get(key).expires_at + 1)
    page.click("#reconnect")

    second = _attempt(page, 1, "a.close !== null")
    assert second["close"] == {"code": 3000, "reason": "invalid_request_error.invalid_api_key"}
    assert [e["type"] for e in second["events"]] == ["error"]
    assert second["events"][0]["error"]["code"] == "invalid_api_key"
    assert page.text_content("#status") == "closed 3000 invalid_request_error.invalid_api_key"


def _socket_handshakes(app) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    return [e for e in app.state.mock.journal.entries() if e["path"] == "/v1/realtime"]


def test_browser_demo_ga_secret_opens_a_ga_socket_without_the_beta_subprotocol(
    page, live_server, clock, app
) -> None:
    page.goto(f"{live_server.base_url}/__mock/demo")
    page.select_option("#api", "ga")
    page.select_option("#voice", "cedar")
    page.fill("#instructions", "Talk like a lighthouse keeper.")
    page.click("#connect")

    first = _attempt(page, 0, "a.events.length >= 1")
    created = first["events"][0]
    key = page.evaluate("window.mockDemo.key")
    minted = app.state.mock.secrets.get(key)
    assert first["protocol"] == "realtime"
    assert created["type"] == "session.created"
    assert (created["session"]["type"], created["session"]["object"]) == ("realtime", "realtime.session")
    assert created["session"]["audio"]["output"]["voice"] == "cedar"
    assert created["session"]["instructions"] == "Talk like a lighthouse keeper."
    assert created["session"]["id"] == minted.session["id"]
    assert sdk_event(created, "ga").type == "session.created"  # type: ignore[attr-defined]
    offered = _socket_handshakes(app)[-1]["headers"]["sec-websocket-protocol"]
    assert offered.startswith("realtime, openai-insecure-api-key.ek_")
    assert "openai-beta" not in offered

    clock.set(minted.expires_at + 1)
    page.click("#reconnect")
    second = _attempt(page, 1, "a.close !== null")
    assert second["close"] == {"code": 3000, "reason": "invalid_request_error.invalid_api_key"}
