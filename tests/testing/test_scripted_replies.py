"""`realtime_mock.reply_with(...)` and `realtime_mock.events()` as a user's suite uses them:
pytester writes the user's tests, which script a reply, hold a conversation with the
official SDK, and read back what the connection sent."""

from __future__ import annotations

import openai  # noqa: F401  (in-process runs drop modules they import; keep the SDK imported once)
import pytest

USER_TESTS = '''
import openai

def connect(mock):
    client = openai.OpenAI(api_key="sk-test-0123456789abcdef", base_url=mock.base_url,
                           websocket_base_url=mock.base_url.replace("http", "ws", 1), max_retries=0)
    return client.beta.realtime.connect(model="gpt-4o-realtime-preview")

def test_scripted_reply_arrives(realtime_mock):
    realtime_mock.reply_with("Scripted words.")
    with connect(realtime_mock) as connection:
        connection.response.create(response={"modalities": ["text"]})
        text = ""
        for event in connection:
            if event.type == "response.text.delta":
                text += event.delta
            if event.type == "response.done":
                break
    assert text == "Scripted words."
    assert realtime_mock.replies == []
    assert realtime_mock.events(direction="client") == [
        {"type": "response.create", "response": {"modalities": ["text"]}}]
    sent = [e["type"] for e in realtime_mock.events(direction="server")]
    assert sent[0] == "session.created" and sent[-1] == "response.done"
    realtime_mock.reply_with("Left over.")

def test_queue_starts_empty(realtime_mock):
    assert realtime_mock.replies == [] and realtime_mock.connections == []
'''


def test_reply_with_scripts_the_sdks_conversation_and_events_show_it(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
