"""A WebRTC call from real headless Chromium (Debian's, driven by Playwright) with fake
media devices: the demo page mints a GA secret through its token route, posts its offer to
POST /v1/realtime/calls, and talks to the mock's peer over the oai-events data channel
while its microphone plays: server VAD hears the microphone, and the scripted reply is
heard back, measured by the page's AnalyserNode. Every event is strictly valid GA."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page

pytest.importorskip("aiortc", reason="needs the webrtc extra: pip install -e '.[webrtc]'")

from mock_realtime.web.server import ThreadedServer
from tests.browser import chromium_page
from tests.websocket.sdk_events import sdk_event

# The fake devices stand in for a microphone and grant the permission prompt.
MEDIA_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
WAIT_MS = 15_000


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Page]:
    with chromium_page(tmp_path / "profile", MEDIA_ARGS) as page:
        yield page


def _events(page: Page, count: int) -> list[dict[str, Any]]:
    page.wait_for_function(
        f"window.mockDemo.calls[0] && window.mockDemo.calls[0].events.length >= {count}", timeout=WAIT_MS
    )
    events: list[dict[str, Any]] = page.evaluate("window.mockDemo.calls[0].events")
    return events


def _first(page: Page, condition: str) -> dict[str, Any]:
    """The first event on oai-events for which the JavaScript `condition` on `e` holds."""
    found = f"window.mockDemo.calls[0] && window.mockDemo.calls[0].events.find((e) => {condition})"
    page.wait_for_function(f"!!({found})", timeout=WAIT_MS)
    event: dict[str, Any] = page.evaluate(found)
    return event


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
    updated = _first(page, "e.type === 'session.updated'")  # the microphone's VAD events may come first
    sdk_event(updated, "ga")
    assert (updated["type"], updated["session"]["instructions"]) == ("session.updated", "Over.")
    assert page.evaluate("window.mockDemo.calls[0].state") == "connected"


def test_browser_call_hears_the_fake_microphone_and_speaks_the_scripted_reply(
    page: Page, live_server: ThreadedServer
) -> None:
    reply = "Roger, loud and clear."
    scripted = httpx.post(f"{live_server.base_url}/__mock/replies", json={"text": reply})
    assert scripted.status_code < 300, scripted.text
    page.goto(f"{live_server.base_url}/__mock/demo")
    page.click("#call")

    # Chromium's fake microphone beeps; the mock decodes it (48 kHz Opus to 24 kHz pcm16)
    # and server VAD, on by default, hears each beep as speech and answers when it ends.
    started = _first(page, "e.type === 'input_audio_buffer.speech_started'")
    done = _first(page, "e.type === 'response.done'")
    response_id = done["response"]["id"]
    _first(page, f"e.type === 'output_audio_buffer.started' && e.response_id === '{response_id}'")
    # Loud while the scripted response is still the only one: the voice heard is its reply.
    page.wait_for_function(
        """() => {
            const call = window.mockDemo.calls[0];
            window.responsesWhenLoud = call.events.filter((e) => e.type === "response.created").length;
            return call.peak > 0.05;
        }""",
        timeout=WAIT_MS, polling=20,
    )
    assert page.evaluate("window.responsesWhenLoud") == 1

    events: list[dict[str, Any]] = page.evaluate("window.mockDemo.calls[0].events")
    for event in events:
        sdk_event(event, "ga")
    assert started["audio_start_ms"] >= 0
    assert done["response"]["output"][0]["content"][0]["transcript"] == reply  # the first answer is scripted
    types = {event["type"] for event in events}
    assert types.isdisjoint({"response.output_audio.delta", "response.audio.delta"})  # audio went over RTP only
    assert "response.output_audio_transcript.delta" in types
