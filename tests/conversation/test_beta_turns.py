"""A conversation on the beta socket, event by event: the orders CONVERSATION-NOTES §2
captured live, the scripted reply's words and audio, and the captured errors."""

from __future__ import annotations

import base64
import json
import re
import time

from mock_realtime.testing import RealtimeMock
from tests.conversation.helpers import Wire, decoded_pcm16, rms, types_of

USER_TEXT = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "What is the time?"}]}
TEXT_ONLY = {"modalities": ["text"]}

# §2.2, the beta text-only capture (CAP-BETA-TEXT), with rate_limits.updated before response.done (§2.3).
TEXT_TURN = [
    "response.created", "response.output_item.added", "conversation.item.created", "response.content_part.added",
    "response.text.delta*", "response.text.done", "response.content_part.done", "response.output_item.done",
    "rate_limits.updated", "response.done",
]


def _say(beta: Wire, item: dict | None = None) -> dict:  # type: ignore[type-arg]
    beta.send({"type": "conversation.item.create", "item": item or USER_TEXT})
    created: dict = beta.recv()  # type: ignore[type-arg]
    assert created["type"] == "conversation.item.created"
    return created


def test_text_turn_streams_the_scripted_reply_in_the_captured_order(beta: Wire, mock: RealtimeMock) -> None:
    mock.reply_with("It is half past nine.")
    _say(beta)
    beta.send({"type": "response.create", "response": {**TEXT_ONLY, "metadata": {"request_id": "r-1"}}})
    events = beta.until("response.done")
    assert types_of(events) == TEXT_TURN
    deltas = [e["delta"] for e in events if e["type"] == "response.text.delta"]
    assert deltas == ["It", " is", " half", " past", " nine", "."]
    done = events[-1]["response"]
    assert (done["status"], done["metadata"], done["output"][0]["content"]) == (
        "completed", {"request_id": "r-1"}, [{"type": "text", "text": "It is half past nine."}])
    assert done["usage"]["total_tokens"] == done["usage"]["input_tokens"] + done["usage"]["output_tokens"]
    assert mock.replies == []


def test_user_item_keeps_its_id_and_the_reply_follows_it(beta: Wire, mock: RealtimeMock) -> None:
    created = _say(beta, {**USER_TEXT, "id": "msg_client_1"})
    assert (created["previous_item_id"], created["item"]["id"], created["item"]["object"]) == (
        None, "msg_client_1", "realtime.item")
    beta.send({"type": "response.create", "response": TEXT_ONLY})
    added = [e for e in beta.until("response.done") if e["type"] == "conversation.item.created"]
    assert added[0]["previous_item_id"] == "msg_client_1"


def test_with_nothing_queued_the_reply_repeats_the_users_words(beta: Wire) -> None:
    _say(beta)
    beta.send({"type": "response.create", "response": TEXT_ONLY})
    assert beta.until("response.done")[-1]["response"]["output"][0]["content"][0]["text"] == "What is the time?"


def test_audio_reply_is_speech_like_pcm16_with_its_transcript(beta: Wire, mock: RealtimeMock) -> None:
    mock.reply_with("Hello there, how are you?")
    _say(beta)
    beta.send({"type": "response.create"})  # the session's modalities: audio and text
    events = beta.until("response.done")
    folded = types_of(events)
    assert folded[:5] == ["response.created", "response.output_item.added", "conversation.item.created",
                          "response.content_part.added", "response.audio_transcript.delta*"]
    assert folded[-6:] == ["response.audio.done", "response.audio_transcript.done", "response.content_part.done",
                           "response.output_item.done", "rate_limits.updated", "response.done"]
    transcript = "".join(e["delta"] for e in events if e["type"] == "response.audio_transcript.delta")
    samples = decoded_pcm16(events, "response.audio.delta")
    assert transcript == "Hello there, how are you?"
    assert len(samples) / 24_000 > 0.5  # six tokens of speech at 24 kHz
    assert rms(samples) > 0.05  # loud enough for any VAD, not silence
    assert events[-1]["response"]["output"][0]["content"] == [{"type": "audio", "transcript": transcript}]


def test_g711_output_is_one_byte_a_sample_at_8_khz(beta: Wire, mock: RealtimeMock) -> None:
    beta.send({"type": "session.update", "session": {"output_audio_format": "g711_ulaw"}})
    assert beta.recv()["type"] == "session.updated"
    mock.reply_with("Hello.")
    beta.send({"type": "response.create"})
    events = beta.until("response.done")
    data = b"".join(base64.b64decode(e["delta"]) for e in events if e["type"] == "response.audio.delta")
    # "Hello" is 300 ms of sound and 40 ms of pause, "." the shortest word (120 + 40 ms): 500 ms at 8 bytes/ms.
    assert len(data) == 500 * 8
    assert len(set(data)) > 20  # µ-law of a varying signal, not one repeated silence byte


def test_function_call_reply_then_its_output_and_the_follow_up(beta: Wire, mock: RealtimeMock) -> None:
    mock.reply_with(function_call={"name": "get_weather", "arguments": '{"city": "Tokyo"}'})
    mock.reply_with("Sunny in Tokyo.")
    _say(beta)
    beta.send({"type": "response.create", "response": TEXT_ONLY})
    events = beta.until("response.done")
    assert types_of(events) == [
        "response.created", "response.output_item.added", "conversation.item.created",
        "response.function_call_arguments.delta*", "response.function_call_arguments.done",
        "response.output_item.done", "rate_limits.updated", "response.done"]
    call = events[-1]["response"]["output"][0]
    assert (call["type"], call["status"], call["name"], json.loads(call["arguments"])) == (
        "function_call", "completed", "get_weather", {"city": "Tokyo"})
    assert re.fullmatch(r"call_[A-Za-z0-9]{16}", call["call_id"])
    _say(beta, {"type": "function_call_output", "call_id": call["call_id"], "output": '{"sky": "clear"}'})
    beta.send({"type": "response.create", "response": TEXT_ONLY})
    assert beta.until("response.done")[-1]["response"]["output"][0]["content"][0]["text"] == "Sunny in Tokyo."


def test_cancel_mid_stream_ends_the_response_cancelled(beta: Wire, mock: RealtimeMock) -> None:
    mock.reply_with("This reply is paced to real time, so it is still playing when it is cancelled.",
                    pace_audio=True)
    beta.send({"type": "response.create"})
    beta.until("response.audio.delta")
    beta.send({"type": "response.cancel", "event_id": "cancel_1"})
    events = beta.until("response.done")
    done = events[-1]["response"]
    assert (done["status"], done["status_details"]) == (
        "cancelled", {"type": "cancelled", "reason": "client_cancelled"})
    assert done["output"][0]["status"] == "incomplete"
    assert "response.audio.done" in types_of(events)
    beta.send({"type": "response.cancel", "event_id": "cancel_2"})
    assert beta.recv()["error"] == {
        "type": "invalid_request_error", "code": "response_cancel_not_active", "param": None,
        "message": "Cancellation failed: no active response found", "event_id": "cancel_2"}


def test_second_response_create_while_one_streams_is_refused(beta: Wire, mock: RealtimeMock) -> None:
    mock.reply_with("A paced reply that is still streaming.", pace_audio=True)
    beta.send({"type": "response.create"})
    response_id = beta.recv()["response"]["id"]
    beta.send({"type": "response.create", "event_id": "second"})
    error = next(e for e in iter(beta.recv, None) if e["type"] == "error")["error"]
    assert error == {
        "type": "invalid_request_error", "code": "conversation_already_has_active_response", "param": None,
        "event_id": "second",
        "message": f"Conversation already has an active response in progress: {response_id}. "
                   "Wait until the response is finished before creating a new one."}
    beta.send({"type": "response.cancel"})
    assert [e for e in beta.until("response.done") if e["type"] == "response.created"] == []


def test_out_of_band_response_adds_nothing_to_the_conversation(beta: Wire, mock: RealtimeMock) -> None:
    mock.reply_with("Off the record.")
    beta.send({"type": "response.create", "response": {**TEXT_ONLY, "conversation": "none", "input": [],
                                                        "metadata": {"topic": "summary"}}})
    events = beta.until("response.done")
    assert "conversation.item.created" not in types_of(events)
    done = events[-1]["response"]
    assert (done["conversation_id"], done["metadata"]) == (None, {"topic": "summary"})


def test_items_can_be_truncated_and_deleted(beta: Wire, mock: RealtimeMock) -> None:
    mock.reply_with("Long enough to cut.")
    beta.send({"type": "response.create"})
    item_id = beta.until("response.done")[-1]["response"]["output"][0]["id"]
    beta.send({"type": "conversation.item.truncate", "item_id": item_id, "content_index": 0, "audio_end_ms": 5000})
    assert beta.recv()["error"]["message"] == (  # 280 + 400 + 160 + 220 + 160 ms were spoken
        "Error truncating item: audio_end_ms 5000 is past the end of the audio (1220ms).")
    beta.send({"type": "conversation.item.truncate", "item_id": item_id, "content_index": 0, "audio_end_ms": 200})
    assert beta.recv() | {"event_id": None} == {"event_id": None, "type": "conversation.item.truncated",
                                                "item_id": item_id, "content_index": 0, "audio_end_ms": 200}
    beta.send({"type": "conversation.item.delete", "item_id": item_id})
    assert beta.recv()["type"] == "conversation.item.deleted"
    beta.send({"type": "conversation.item.delete", "item_id": item_id})
    assert beta.recv()["error"]["code"] == "item_delete_invalid_item_id"


def test_captured_item_errors_word_for_word(beta: Wire) -> None:
    beta.send({"type": "conversation.item.delete", "item_id": "yo"})
    assert beta.recv()["error"] == {
        "type": "invalid_request_error", "code": "item_delete_invalid_item_id", "param": None, "event_id": None,
        "message": "Error deleting item: the item with id 'yo' does not exist."}
    beta.send({"type": "conversation.item.create", "item": {"type": "text"}})
    assert beta.recv()["error"] == {
        "type": "invalid_request_error", "code": "invalid_value", "param": "item.type", "event_id": None,
        "message": "Invalid value: 'text'. Supported values are: 'message', 'function_call', "
                   "'function_call_output', and 'item_reference'."}
    beta.send({"type": "conversation.item.truncate", "item_id": "gone", "content_index": 0, "audio_end_ms": 0})
    assert beta.recv()["error"]["code"] == "item_truncate_invalid_item_id"


def test_commit_under_100_ms_gets_the_captured_error(beta: Wire) -> None:
    beta.send({"type": "input_audio_buffer.commit"})
    assert beta.recv()["error"]["message"] == (
        "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, "
        "but buffer only has 0.00ms of audio.")
    beta.send({"type": "input_audio_buffer.append", "audio": base64.b64encode(bytes(2 * 1200)).decode()})
    beta.send({"type": "input_audio_buffer.commit"})
    error = beta.recv()["error"]
    assert error["code"] == "input_audio_buffer_commit_empty"
    assert error["message"].endswith("but buffer only has 50.00ms of audio.")


def test_commit_makes_a_user_audio_item_and_its_transcription(beta: Wire, mock: RealtimeMock) -> None:
    beta.send({"type": "session.update", "session": {"turn_detection": None,
                                                     "input_audio_transcription": {"model": "whisper-1"}}})
    assert beta.recv()["type"] == "session.updated"
    mock.reply_with("You asked about the weather.", transcript="What is the weather?")
    beta.send({"type": "input_audio_buffer.append", "audio": base64.b64encode(bytes(4800 * 12)).decode()})
    beta.send({"type": "input_audio_buffer.commit"})
    committed, created, transcribed = beta.recv(), beta.recv(), beta.recv()
    assert committed["type"] == "input_audio_buffer.committed"
    assert created["item"]["content"] == [{"type": "input_audio", "transcript": None}]
    assert (transcribed["type"], transcribed["transcript"], transcribed["usage"]) == (
        "conversation.item.input_audio_transcription.completed", "What is the weather?",
        {"type": "duration", "seconds": 2})
    assert mock.replies[0]["text"] == "You asked about the weather."  # heard, not yet answered


def test_clear_empties_the_buffer(beta: Wire) -> None:
    beta.send({"type": "input_audio_buffer.append", "audio": base64.b64encode(bytes(4800 * 2)).decode()})
    beta.send({"type": "input_audio_buffer.clear"})
    assert beta.recv()["type"] == "input_audio_buffer.cleared"
    beta.send({"type": "input_audio_buffer.commit"})
    assert beta.recv()["error"]["code"] == "input_audio_buffer_commit_empty"


def test_events_are_journaled_with_audio_summarised(beta: Wire, mock: RealtimeMock) -> None:
    beta.send({"type": "input_audio_buffer.append", "audio": base64.b64encode(bytes(4800)).decode()})
    beta.send({"type": "input_audio_buffer.clear"})
    beta.recv()
    assert mock.events(direction="client") == [
        {"type": "input_audio_buffer.append", "audio": "<4800 bytes of audio>"},
        {"type": "input_audio_buffer.clear"}]
    assert [e["type"] for e in mock.events(direction="server")] == ["session.created", "input_audio_buffer.cleared"]


def test_bad_base64_audio_is_refused(beta: Wire) -> None:
    beta.send({"type": "input_audio_buffer.append", "audio": "not base64!"})
    error = beta.recv()["error"]
    assert (error["code"], error["param"]) == ("invalid_value", "audio")


def test_paced_audio_takes_as_long_as_it_plays(beta: Wire, mock: RealtimeMock) -> None:
    mock.reply_with("Hello there.", pace_audio=True)  # 340 + 340 + 160 ms of audio
    beta.send({"type": "response.create"})
    started = time.monotonic()
    events = beta.until("response.done")
    elapsed = time.monotonic() - started
    played = sum(len(base64.b64decode(e["delta"])) for e in events if e["type"] == "response.audio.delta") / 48_000
    assert played == 0.84
    assert elapsed >= played - 0.05  # the last delta waits for the one before it to play


def test_a_full_input_buffer_refuses_more_audio(beta: Wire) -> None:
    beta.send({"type": "session.update", "session": {"turn_detection": None}})
    beta.recv()
    chunk = base64.b64encode(bytes(512 * 1024)).decode()  # under the socket's 1 MiB message cap
    for _ in range(32):  # 16 MiB: the buffer's capacity
        beta.send({"type": "input_audio_buffer.append", "audio": chunk})
    beta.send({"type": "input_audio_buffer.append", "audio": chunk, "event_id": "one_too_many"})
    error = beta.recv()["error"]
    assert (error["code"], error["event_id"]) == ("input_audio_buffer_full", "one_too_many")


def test_out_of_band_responses_run_side_by_side_up_to_a_bound(beta: Wire, mock: RealtimeMock) -> None:
    out_of_band = {"type": "response.create", "response": {"conversation": "none", "input": []}}
    mock.clear_replies()
    for _ in range(8):
        mock.reply_with("Hi.", pace_audio=True)  # 320 ms of audio: all eight still stream at the ninth
    for _ in range(8):
        beta.send(out_of_band)
    beta.send({**out_of_band, "event_id": "ninth"})
    events = [beta.recv()]
    while sum(1 for e in events if e["type"] == "response.done") < 8:
        events.append(beta.recv())
    (error,) = [e["error"] for e in events if e["type"] == "error"]
    assert (error["code"], error["event_id"]) == ("too_many_active_responses", "ninth")
    assert len({e["response"]["id"] for e in events if e["type"] == "response.created"}) == 8


def test_the_default_reply_repeats_at_most_1000_characters(beta: Wire) -> None:
    _say(beta, {**USER_TEXT, "content": [{"type": "input_text", "text": "word " * 1000}]})
    beta.send({"type": "response.create", "response": TEXT_ONLY})
    assert beta.until("response.done")[-1]["response"]["output"][0]["content"][0]["text"] == "word " * 200
