"""Server VAD on the beta socket: speech then silence, generated here, make a whole turn
(§2.5 of CONVERSATION-NOTES): speech_started, speech_stopped, committed, the user's item,
and the reply; speech over a reply interrupts it."""

from __future__ import annotations

import numpy as np

from mock_realtime.testing import RealtimeMock
from tests.conversation.helpers import Wire, pcm16_chunks, silence, tone, types_of


def _speak(beta: Wire, *parts: np.ndarray) -> None:
    for chunk in pcm16_chunks(np.concatenate(parts)):
        beta.send({"type": "input_audio_buffer.append", "audio": chunk})


def test_speech_then_silence_is_a_turn_with_a_reply(beta: Wire, mock: RealtimeMock) -> None:
    mock.reply_with("I heard you.")
    _speak(beta, silence(500), tone(1000), silence(1000))
    events = beta.until("response.done")
    started, stopped, committed, created = events[:4]
    assert (started["type"], started["audio_start_ms"]) == ("input_audio_buffer.speech_started", 200)
    assert (stopped["type"], stopped["audio_end_ms"]) == ("input_audio_buffer.speech_stopped", 2000)
    assert started["item_id"] == stopped["item_id"] == committed["item_id"] == created["item"]["id"]
    assert (committed["type"], committed["previous_item_id"]) == ("input_audio_buffer.committed", None)
    assert created["item"] == {"id": started["item_id"], "object": "realtime.item", "type": "message",
                               "status": "completed", "role": "user",
                               "content": [{"type": "input_audio", "transcript": None}]}
    assert types_of(events)[4] == "response.created"
    assert events[-1]["response"]["output"][0]["content"][0]["transcript"] == "I heard you."


def test_without_create_response_the_turn_is_only_committed(beta: Wire) -> None:
    beta.send({"type": "session.update", "session": {"turn_detection": {"type": "server_vad",
                                                                        "create_response": False}}})
    assert beta.recv()["type"] == "session.updated"
    _speak(beta, tone(400), silence(600))
    assert [beta.recv()["type"] for _ in range(4)] == [
        "input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped",
        "input_audio_buffer.committed", "conversation.item.created"]
    beta.send({"type": "input_audio_buffer.clear"})
    assert beta.recv()["type"] == "input_audio_buffer.cleared"  # nothing else came in between


def test_speech_over_a_reply_cancels_it_as_turn_detected(beta: Wire, mock: RealtimeMock) -> None:
    mock.reply_with("A long paced answer that the user talks over before it is finished playing.",
                    pace_audio=True)
    beta.send({"type": "response.create"})
    beta.until("response.audio.delta")
    _speak(beta, tone(300))
    events = beta.until("response.done")
    assert "input_audio_buffer.speech_started" in types_of(events)
    assert events[-1]["response"]["status_details"] == {"type": "cancelled", "reason": "turn_detected"}
