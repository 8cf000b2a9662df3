"""A connection's event log: audio summarised by size wherever it sits, everything else
kept as sent, and bounded with the dropped events counted."""

from __future__ import annotations

import base64

from mock_realtime.conversation.event_log import EventLog, summarised

AUDIO = base64.b64encode(bytes(4800)).decode()


def test_audio_payloads_are_summarised_by_their_decoded_size() -> None:
    assert summarised({"type": "input_audio_buffer.append", "audio": AUDIO}) == {
        "type": "input_audio_buffer.append", "audio": "<4800 bytes of audio>"}
    assert summarised({"type": "response.output_audio.delta", "delta": base64.b64encode(b"ab").decode()}) == {
        "type": "response.output_audio.delta", "delta": "<2 bytes of audio>"}
    retrieved = {"type": "conversation.item.retrieved", "item": {"content": [
        {"type": "input_audio", "audio": AUDIO, "transcript": "hi"}]}}
    assert summarised(retrieved)["item"]["content"][0] == {
        "type": "input_audio", "audio": "<4800 bytes of audio>", "transcript": "hi"}


def test_text_deltas_are_kept_as_sent() -> None:
    event = {"type": "response.output_text.delta", "delta": "Hello", "obfuscation": "abc"}
    assert summarised(event) == event


def test_the_log_keeps_the_newest_events_and_counts_the_rest() -> None:
    log = EventLog(capacity=3)
    for number in range(5):
        log.record("client", {"type": "input_audio_buffer.clear", "event_id": f"e{number}"})
    assert [e["event"]["event_id"] for e in log.entries()] == ["e2", "e3", "e4"]
    assert log.dropped == 2
