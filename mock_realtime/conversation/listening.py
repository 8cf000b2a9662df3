"""The user's audio: input_audio_buffer.append / commit / clear, server-side voice
activity detection (server_vad or semantic_vad) on what is appended, and the
transcription events for committed audio when the session asks for them."""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from mock_realtime.conversation import audio, refusals
from mock_realtime.conversation.input_audio import MIN_COMMIT_MS, InputAudio
from mock_realtime.conversation.tokens import count_input_audio, text_tokens
from mock_realtime.conversation.voice_activity import Started, VoiceActivity

if TYPE_CHECKING:
    from mock_realtime.conversation.engine import Conversation

Event = dict[str, Any]


class Listening:
    def __init__(self, conversation: Conversation, *, capacity: int) -> None:
        self._conversation = conversation
        self._buffer = InputAudio(capacity=capacity)
        self._detector: VoiceActivity | None = None
        self._detector_config: Any = None
        self._speech_item_id: str | None = None

    def handlers(self) -> dict[str, Callable[[Event], Awaitable[None]]]:
        return {
            "input_audio_buffer.append": self._append,
            "session.input_audio_buffer.append": self._append,  # GA lists this alias as supported
            "input_audio_buffer.commit": self._commit,
            "input_audio_buffer.clear": self._clear,
        }

    def _setting(self, key: str) -> Any:
        return self._conversation.words.setting(self._conversation.session(), key)

    def _codec(self) -> str:
        return self._conversation.words.codec(self._setting("input_format") or "pcm16")

    def _voice_activity(self) -> VoiceActivity | None:
        """The detector for the session's turn_detection, rebuilt when a session.update changes it."""
        config = self._setting("turn_detection")
        if config != self._detector_config:
            self._detector_config = config
            self._detector = None if not isinstance(config, dict) else VoiceActivity.from_config(
                config, audio.sample_rate(self._codec()), int(self._buffer.written_ms))
        return self._detector

    async def _append(self, event: Event) -> None:
        try:
            data = base64.b64decode(event["audio"], validate=True)
        except (binascii.Error, ValueError):
            raise refusals.bad_audio() from None
        codec = self._codec()
        detector = self._voice_activity()
        self._buffer.append(data, codec)
        if detector is None:
            return
        for change in detector.listen(audio.decode(data, codec)):
            if isinstance(change, Started):
                await self._speech_started(change.audio_start_ms)
            else:
                await self._speech_stopped(change.audio_end_ms)

    async def _speech_started(self, audio_start_ms: int) -> None:
        self._speech_item_id = self._conversation.ids.item_id()  # assigned at speech start, as live
        await self._conversation.send("input_audio_buffer.speech_started", audio_start_ms=audio_start_ms,
                                      item_id=self._speech_item_id)
        if (self._detector_config or {}).get("interrupt_response", True):
            self._conversation.interrupt()

    async def _speech_stopped(self, audio_end_ms: int) -> None:
        item_id = self._speech_item_id or self._conversation.ids.item_id()
        self._speech_item_id = None
        await self._conversation.send("input_audio_buffer.speech_stopped", audio_end_ms=audio_end_ms,
                                      item_id=item_id)
        await self._committed(self._buffer.take(audio_end_ms), item_id)
        if (self._detector_config or {}).get("create_response", True):
            await self._conversation.respond({})

    async def _commit(self, event: Event) -> None:
        if self._buffer.buffered_ms < MIN_COMMIT_MS:
            raise refusals.commit_too_small(self._buffer.buffered_ms)
        item_id = self._speech_item_id or self._conversation.ids.item_id()
        self._speech_item_id = None
        await self._committed(self._buffer.take(), item_id)
        if self._detector is not None:
            self._detector.floor_ms = int(self._buffer.start_ms)

    async def _clear(self, event: Event) -> None:
        self._buffer.clear()
        if self._detector is not None:
            self._detector.floor_ms = int(self._buffer.start_ms)
        await self._conversation.send("input_audio_buffer.cleared")

    async def _committed(self, data: bytes, item_id: str) -> None:
        """input_audio_buffer.committed, the user's audio item, then its transcription."""
        conversation = self._conversation
        await conversation.send("input_audio_buffer.committed", previous_item_id=conversation.items.last_id(),
                                item_id=item_id)
        milliseconds = audio.duration_ms(len(data), self._buffer.codec)
        item = {"id": item_id, "type": "message", "status": "completed", "role": "user",
                "content": [{"type": "input_audio", "audio": base64.b64encode(data).decode(), "transcript": None}],
                "audio_ms": milliseconds}
        await conversation.add_item(item)
        transcription = self._setting("transcription")
        if isinstance(transcription, dict):
            await self._transcribe(item, transcription, milliseconds)

    async def _transcribe(self, item: dict[str, Any], transcription: dict[str, Any], milliseconds: float) -> None:
        """What the mock "heard": the `transcript` of the reply that will answer this audio."""
        upcoming = self._conversation.replies.peek() or {}
        transcript = str(upcoming.get("transcript", ""))
        model = str(transcription.get("model", "whisper-1"))
        if model != "whisper-1":  # whisper-1 sends only the completed transcript
            for token in text_tokens(transcript):
                await self._conversation.send("conversation.item.input_audio_transcription.delta",
                                              item_id=item["id"], content_index=0, delta=token)
        item["content"][0]["transcript"] = transcript
        await self._conversation.send(
            "conversation.item.input_audio_transcription.completed", item_id=item["id"], content_index=0,
            transcript=transcript, usage=_transcription_usage(model, transcript, milliseconds))


def _transcription_usage(model: str, transcript: str, milliseconds: float) -> dict[str, Any]:
    """whisper-1 bills by duration; the gpt-4o transcribers by tokens (both shapes captured live)."""
    if model == "whisper-1":
        return {"type": "duration", "seconds": math.ceil(milliseconds / 1000)}
    audio_tokens, text = count_input_audio(milliseconds), len(text_tokens(transcript))
    return {"type": "tokens", "total_tokens": audio_tokens + text, "input_tokens": audio_tokens,
            "input_token_details": {"text_tokens": 0, "audio_tokens": audio_tokens}, "output_tokens": text}
