"""The demo page holds a conversation in real headless Chromium (Debian's, via Playwright):
a typed message goes out, the scripted reply streams back into the page, and its pcm16
audio deltas are scheduled on a Web Audio context."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from mock_realtime.testing import RealtimeMock
from tests.admin.test_demo_in_browser import WAIT_MS
from tests.browser import chromium_page


@pytest.fixture
def browser_page(tmp_path: Path) -> Iterator[Page]:
    with chromium_page(tmp_path / "profile") as page:
        yield page


@pytest.mark.parametrize("api", ["ga", "beta"])
def test_demo_sends_a_message_and_plays_the_streamed_reply(browser_page: Page, live_server, api) -> None:
    page = browser_page
    RealtimeMock(live_server.base_url).reply_with("Ahoy from the lighthouse.")
    page.goto(f"{live_server.base_url}/__mock/demo")
    page.select_option("#api", api)
    page.click("#connect")
    page.wait_for_function("window.mockDemo.attempts.length === 1 && window.mockDemo.attempts[0].events.length > 0",
                           timeout=WAIT_MS)
    page.fill("#message", "Anyone there?")
    page.click("#send")
    page.wait_for_function("window.mockTalk.replies.length === 1", timeout=WAIT_MS)
    talk = page.evaluate("window.mockTalk")
    kinds = [e["type"] for e in page.evaluate("window.mockDemo.attempts[0].events")]
    assert talk["sent"] == ["Anyone there?"]
    assert talk["replies"] == ["Ahoy from the lighthouse."]
    assert page.text_content("#reply") == "Ahoy from the lighthouse."
    audio_deltas = [kind for kind in kinds if kind == {"ga": "response.output_audio.delta",
                                                       "beta": "response.audio.delta"}[api]]
    assert talk["audio"]["deltas"] == len(audio_deltas) > 5
    assert talk["audio"]["samples"] > 24_000  # over a second of speech scheduled at 24 kHz
    assert talk["audio"]["state"] == "running"
