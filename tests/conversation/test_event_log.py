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
    log = EventLog(capacity=3, max_bytes=10_000)
    for number in range(5):
        log.record("client", {"type": "input_audio_buffer.clear", "event_id": f"e{number}"})
    assert [e["event"]["event_id"] for e in log.entries()] == ["e2", "e3", "e4"]
    assert log.dropped == 2


def test_the_log_keeps_at_most_its_bytes() -> None:
    log = EventLog(capacity=100, max_bytes=200)
    for number in range(10):  # 53 bytes of JSON each: three fit
        log.record("server", {"type": "input_audio_buffer.cleared", "event_id": f"e{number}"})
    assert [e["event"]["event_id"] for e in log.entries()] == ["e7", "e8", "e9"]
    log.record("client", {"type": "conversation.item.create", "item": {"text": "x" * 500}})
    assert log.entries()[-1] == {"direction": "client", "event": {  # 500 x and 54 bytes of JSON around them
        "type": "conversation.item.create", "summary": "<554 bytes: larger than the log's whole budget>"}}
    assert [e["event"].get("event_id") for e in log.entries()] == ["e9", None]  # the brief still costs bytes
    assert log.dropped == 9


def test_an_event_nested_too_deeply_to_walk_is_logged_by_its_type() -> None:
    log = EventLog(capacity=10, max_bytes=10_000)
    nested: object = []
    for _ in range(2000):
        nested = [nested]
    log.record("client", {"type": "session.update", "session": {"tools": nested}})
    assert log.entries() == [{"direction": "client", "event": {
        "type": "session.update", "summary": "<nested too deeply to log>"}}]
