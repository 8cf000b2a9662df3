"""A WebRTC call from real headless Chromium (Debian's, driven by Playwright) with fake
media devices: the demo page mints a GA secret through its token route, posts its offer to
POST /v1/realtime/calls, and talks to the mock's peer over the oai-events data channel
while its microphone plays."""

from __future__ import annotations

import asyncio
import base64
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, sync_playwright

pytest.importorskip("aiortc", reason="needs the webrtc extra: pip install -e '.[webrtc]'")

from mock_realtime.web.server import ThreadedServer
from tests.admin.test_demo_in_browser import CHROMIUM, CHROMIUM_ARGS
from tests.webrtc.media import tone
from tests.websocket.sdk_events import sdk_event

# The fake devices stand in for a microphone and grant the permission prompt.
MEDIA_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
WAIT_MS = 15_000


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Page]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path / "profile", executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *MEDIA_ARGS]
        )
        try:
            yield context.new_page()
        finally:
            context.close()


def _events(page: Page, count: int) -> list[dict[str, Any]]:
    page.wait_for_function(
        f"window.mockDemo.calls[0] && window.mockDemo.calls[0].events.length >= {count}", timeout=WAIT_MS
    )
    events: list[dict[str, Any]] = page.evaluate("window.mockDemo.calls[0].events")
    return events


def test_browser_call_with_a_ga_secret_gets_the_session_on_oai_events_and_updates_it(
    page: Page, live_server: ThreadedServer, app: Any
) -> None:
    page.goto(f"{live_server.base_url}/__mock/demo")
    page.select_option("#api", "ga")
    page.select_option("#voice", "marin")
    page.fill("#instructions", "Answer like a ship's radio.")
    page.click("#call")

    [created] = _events(page, 1)
    call = page.evaluate("window.mockDemo.calls[0]")
    key = page.evaluate("window.mockDemo.key")
    assert call["status"] == 201
    assert re.fullmatch(r"/v1/realtime/calls/rtc_u0_[A-Za-z0-9]{32}", call["location"])
    created_model = sdk_event(created, "ga")
    assert created_model.type == "session.created"
    assert created["session"]["id"] == app.state.mock.secrets.get(key).session["id"]
    assert created["session"]["audio"]["output"]["voice"] == "marin"
    assert created["session"]["instructions"] == "Answer like a ship's radio."

    page.fill("#event", '{"type": "session.update", "event_id": "evt_b1", '
                        '"session": {"type": "realtime", "instructions": "Over."}}')
    page.click("#send-event")
    updated = _events(page, 2)[1]
    sdk_event(updated, "ga")
    assert (updated["type"], updated["session"]["instructions"]) == ("session.updated", "Over.")
    assert page.evaluate("window.mockDemo.calls[0].state") == "connected"


def _speak_into(app: Any, call_id: str, seconds: float) -> None:
    """Queue a tone as a response's audio on the call's own track, on the server's loop:
    what the conversation does when it speaks, without a scripted reply to speak."""
    calls = app.state.mock.calls
    call = calls.get(call_id)
    delta = base64.b64encode(tone(seconds=seconds)).decode()

    async def speak() -> None:
        call.peer.send({"event_id": "event_t1", "type": "response.output_audio.delta", "response_id": "resp_t1",
                        "item_id": "item_t1", "output_index": 0, "content_index": 0, "delta": delta})
        call.peer.send({"event_id": "event_t2", "type": "response.output_audio.done", "response_id": "resp_t1",
                        "item_id": "item_t1", "output_index": 0, "content_index": 0})

    asyncio.run_coroutine_threadsafe(speak(), calls.loop).result(timeout=WAIT_MS / 1000)


def test_browser_call_carries_the_fake_microphone_in_and_the_mocks_voice_out(
    page: Page, live_server: ThreadedServer, app: Any
) -> None:
    page.goto(f"{live_server.base_url}/__mock/demo")
    page.click("#call")
    _events(page, 1)
    call_id = page.evaluate("window.mockDemo.calls[0].location").rsplit("/", 1)[1]

    # Chromium's fake microphone beeps; the mock decodes it (48 kHz Opus to 24 kHz pcm16).
    page.wait_for_function(
        """() => {
            fetch("/__mock/sessions").then((r) => r.json()).then((j) => { window.heardMs = j.calls[0].microphone_ms; });
            return (window.heardMs || 0) > 500;
        }""",
        timeout=WAIT_MS, polling=100,
    )
    assert page.evaluate("window.mockDemo.calls[0].peak") < 0.01  # the mock has been silent so far

    _speak_into(app, call_id, 1.0)
    page.wait_for_function("window.mockDemo.calls[0].peak > 0.05", timeout=WAIT_MS)
    events = page.evaluate("window.mockDemo.calls[0].events.map(e => [e.type, e.response_id || null])")
    assert ["output_audio_buffer.started", "resp_t1"] in events
    assert ["response.output_audio.delta", "resp_t1"] not in events  # audio went over RTP only
