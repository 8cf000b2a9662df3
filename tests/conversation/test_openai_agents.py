"""openai-agents 0.24.0 (the newest) holding real turns with the mock over a real socket:
its RealtimeSession gets a scripted reply's audio and transcript, and runs a real
@function_tool when the scripted reply calls it, sends the output back and receives the
follow-up reply. Every raw server event the session saw is checked strictly against the
SDK's GA models, and the session reports no error."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable
from typing import Any

from agents import function_tool
from agents.realtime import RealtimeAgent, RealtimeRunner

from mock_realtime.testing import RealtimeMock
from tests.conversation.helpers import SDK_EVENTS
from tests.helpers import API_KEY

AGENT_MODEL = "gpt-realtime-2.1"  # openai-agents' default model
WAIT = 15
calls: list[str] = []


@function_tool
def get_weather(city: str) -> str:
    """The weather in a city."""
    calls.append(city)
    return f"Sunny and 24 degrees in {city}."


def _raw(events: list[Any]) -> list[dict[str, Any]]:
    return [e.data.data for e in events if e.type == "raw_model_event" and e.data.type == "raw_server_event"]


async def _conversation(url: str, agent: RealtimeAgent, message: str, done: Callable[[list[Any]], bool]) -> list[Any]:
    """Every event the session reports, from sending `message` until `done` holds."""
    session = await RealtimeRunner(starting_agent=agent).run(model_config={"url": url, "api_key": API_KEY})
    seen: list[Any] = []
    async with session:
        await session.send_message(message)
        async for event in session:
            seen.append(event)
            if done(seen):
                break
    return seen


def _run(live_server: Any, agent: RealtimeAgent, message: str, done: Callable[[list[Any]], bool]) -> list[Any]:
    url = live_server.base_url.replace("http://", "ws://", 1) + f"/v1/realtime?model={AGENT_MODEL}"
    seen = asyncio.run(asyncio.wait_for(_conversation(url, agent, message, done), timeout=WAIT))
    for event in _raw(seen):
        SDK_EVENTS["ga"].validate_python(event, strict=True)
    assert [e for e in seen if e.type == "error"] == []
    assert "error" not in [e["type"] for e in _raw(seen)]
    return seen


def _ended(count: int) -> Callable[[list[Any]], bool]:
    return lambda seen: sum(1 for e in seen if e.type == "agent_end") >= count


def test_agents_text_turn_receives_the_scripted_audio_and_transcript(live_server, mock: RealtimeMock) -> None:
    mock.reply_with("The lighthouse is open until nine.")
    agent = RealtimeAgent(name="keeper", instructions="Be brief.")
    seen = _run(live_server, agent, "When does the lighthouse close?", _ended(1))
    audio = b"".join(e.audio.data for e in seen if e.type == "audio")
    assert len(audio) > 24_000 * 2  # over a second of pcm16 at 24 kHz
    assert "audio_end" in [e.type for e in seen]
    history = next(e for e in reversed(seen) if e.type == "history_updated").history
    assistant = [item for item in history if item.type == "message" and item.role == "assistant"]
    assert assistant[-1].content[0].transcript == "The lighthouse is open until nine."
    user = [item for item in history if item.type == "message" and item.role == "user"]
    assert user[-1].content[0].text == "When does the lighthouse close?"
    deltas = [e["delta"] for e in _raw(seen) if e["type"] == "response.output_audio.delta"]
    assert b"".join(base64.b64decode(d) for d in deltas) == audio


def test_agents_tool_call_runs_the_tool_and_the_follow_up_reply_arrives(live_server, mock: RealtimeMock) -> None:
    calls.clear()
    mock.reply_with(function_call={"name": "get_weather", "arguments": '{"city": "Tokyo"}'})
    mock.reply_with("It is sunny in Tokyo.")
    agent = RealtimeAgent(name="weather", instructions="Use the tool.", tools=[get_weather])
    seen = _run(live_server, agent, "Weather in Tokyo?", _ended(2))
    kinds = [e.type for e in seen]
    assert calls == ["Tokyo"]
    assert kinds.index("tool_start") < kinds.index("tool_end")
    tool_end = next(e for e in seen if e.type == "tool_end")
    assert tool_end.output == "Sunny and 24 degrees in Tokyo."
    sent_back = [e for e in mock.events(direction="client") if e["type"] == "conversation.item.create"
                 and e["item"]["type"] == "function_call_output"]
    assert [json_output["item"]["output"] for json_output in sent_back] == ["Sunny and 24 degrees in Tokyo."]
    transcripts = [e["transcript"] for e in _raw(seen) if e["type"] == "response.output_audio_transcript.done"]
    assert transcripts == ["It is sunny in Tokyo."]
