"""One response, streamed in the order live captures show (CONVERSATION-NOTES §2.2-2.4):
response.created; per output item `output_item.added`, the conversation's item event,
its content part and deltas, the `.done` events and `output_item.done`; then
`rate_limits.updated` and `response.done` with usage.

A cancel (the client's, or a server-VAD barge-in) is read once the response has used
up its slice of the loop's time, and takes effect at the next event: the open part and
item are closed (`status: incomplete`) and the response ends `cancelled`."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from mock_realtime.conversation import audio
from mock_realtime.conversation.closing import OpenItem, closed
from mock_realtime.conversation.pacing import Pacer
from mock_realtime.conversation.replies import Reply
from mock_realtime.conversation.tokens import argument_chunks, count_output_audio, rate_limits, text_tokens
from mock_realtime.conversation.vocabulary import Vocabulary
from mock_realtime.ids import IdSource

Event = dict[str, Any]
Emit = Callable[[Event], Awaitable[None]]
AUDIO_CHUNK_MS = 100  # each audio delta: live ones are some hundreds of ms, several kB of base64
# How long a response streams before it lets the loop run: a cancel is read, and other
# connections served, within a millisecond. A yield per event cost a loop iteration per
# event, an eighth of the CPU of streaming audio.
SLICE_S = 0.001


class _Stop(Exception):
    """The response was cancelled; raised at the next event boundary."""


@dataclass
class Plan:
    """What the engine settled before streaming: the effective config and the reply."""

    config: dict[str, Any]
    reply: Reply
    metadata: Any
    conversation_id: str | None
    usage: Callable[[dict[str, int]], dict[str, Any]]


@dataclass
class ResponseStream:
    words: Vocabulary
    ids: IdSource
    emit: Emit
    plan: Plan
    add_item: Callable[[dict[str, Any]], Awaitable[None]] | None  # None: out of band
    finish_item: Callable[[dict[str, Any], float | None], Awaitable[None]] | None  # with its audio ms
    on_finished: Callable[[ResponseStream], None]
    pace_audio: bool = False
    id: str = ""
    _cancel_reason: str | None = None
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _open: OpenItem | None = None
    _output: list[dict[str, Any]] = field(default_factory=list)
    _counts: dict[str, int] = field(default_factory=lambda: {"text": 0, "audio": 0})
    _audio_ms: dict[str, float] = field(default_factory=dict)  # per output item
    _slice_ends: float = 0.0  # loop time: the first event yields at once

    def __post_init__(self) -> None:
        self.id = self.id or self.ids.response_id()

    def response(self, status: str, details: Any = None, usage: Any = None) -> dict[str, Any]:
        return {
            "object": "realtime.response", "id": self.id, "status": status, "status_details": details,
            "output": [self.words.item(item) for item in self._output],
            "conversation_id": self.plan.conversation_id,
            **self.words.response_fields(self.plan.config), "usage": usage, "metadata": self.plan.metadata,
        }

    def created(self) -> Event:
        return self._event("response.created", response=self.response("in_progress"))

    def cancel(self, reason: str) -> None:
        self._cancel_reason = self._cancel_reason or reason
        self._wake.set()

    async def run(self) -> None:
        """Everything after response.created, until response.done."""
        try:
            index = 0
            if "text" in self.plan.reply:
                await self._message(index, str(self.plan.reply["text"]))
                index += 1
            if "function_call" in self.plan.reply:
                await self._function_call(index, self.plan.reply["function_call"])
        except _Stop:
            await self._close_open("incomplete")
            await self._finish("cancelled", {"type": "cancelled", "reason": self._cancel_reason})
            return
        await self._finish("completed", None)

    def _event(self, logical: str, **fields: Any) -> Event:
        wire = self.words.event(logical) or logical
        extra = self.words.delta_extra(wire)
        if extra is not None:
            fields[extra] = self.ids.obfuscation()
        return {"event_id": self.ids.event_id(), "type": wire, **fields}

    async def _send(self, logical: str, **fields: Any) -> None:
        """One event, unless the response was cancelled; then, once a slice is used up, a
        chance for the client's next event and for other connections."""
        if self._cancel_reason is not None:
            raise _Stop
        await self._emit_now(logical, **fields)
        loop = asyncio.get_running_loop()
        if loop.time() >= self._slice_ends:
            await asyncio.sleep(0)  # a response.cancel waiting on the socket is read here
            self._slice_ends = loop.time() + SLICE_S

    async def _emit_now(self, logical: str, **fields: Any) -> None:
        if self.words.event(logical) is not None:
            await self.emit(self._event(logical, **fields))

    def _where(self) -> dict[str, Any]:
        assert self._open is not None
        return {"response_id": self.id, "item_id": self._open.item["id"], "output_index": self._open.index}

    async def _start_item(self, item: dict[str, Any], index: int, kind: str) -> None:
        await self._send("response.output_item.added", response_id=self.id, output_index=index,
                         item=self.words.item(item))
        self._open = OpenItem(item, index, kind)  # only an announced item is closed on a cancel
        if self.add_item is not None:
            await self.add_item(item)

    async def _message(self, index: int, text: str) -> None:
        speaks = "audio" in self.words.setting(self.plan.config, "output_modalities", ["text"])
        item = {"id": self.ids.item_id(), "type": "message", "status": "in_progress", "role": "assistant",
                "content": []}
        await self._start_item(item, index, "audio" if speaks else "text")
        part = {"type": "audio", "transcript": ""} if speaks else {"type": "text", "text": ""}
        await self._send("response.content_part.added", **self._where(), content_index=0, part=part)
        await (self._speak(text) if speaks else self._write(text))
        await self._close_open("completed")

    async def _write(self, text: str) -> None:
        assert self._open is not None
        for token in text_tokens(text):
            await self._send("text.delta", **self._where(), content_index=0, delta=token)
            self._open.sent += token
            self._counts["text"] += 1

    async def _speak(self, text: str) -> None:
        assert self._open is not None
        codec = self.words.codec(self.words.setting(self.plan.config, "output_format", "pcm16"))
        chunk = int(audio.bytes_per_ms(codec) * AUDIO_CHUNK_MS)
        pending, pacer = b"", Pacer(self._wake) if self.pace_audio else None
        for token in text_tokens(text):
            # The transcript leads the audio it describes, as in the live GA capture.
            await self._send("audio_transcript.delta", **self._where(), content_index=0, delta=token)
            self._open.sent += token
            self._counts["text"] += 1
            pending += audio.spoken(token, codec)
            while len(pending) >= chunk:
                pending = await self._send_audio(pending, chunk, codec, pacer)
        while pending:
            pending = await self._send_audio(pending, chunk, codec, pacer)

    async def _send_audio(self, pending: bytes, chunk: int, codec: str, pacer: Pacer | None) -> bytes:
        piece = pending[:chunk]
        await self._send("audio.delta", **self._where(), content_index=0, delta=base64.b64encode(piece).decode())
        milliseconds = audio.duration_ms(len(piece), codec)
        item_id = self._where()["item_id"]
        self._audio_ms[item_id] = self._audio_ms.get(item_id, 0.0) + milliseconds
        self._counts["audio"] += count_output_audio(milliseconds)
        if pacer is not None:
            await pacer.played(milliseconds)
        return pending[chunk:]

    async def _function_call(self, index: int, call: dict[str, Any]) -> None:
        item = {"id": self.ids.item_id(), "type": "function_call", "status": "in_progress",
                "name": call["name"], "call_id": self.ids.call_id(), "arguments": ""}
        await self._start_item(item, index, "function_call")
        assert self._open is not None
        for piece in argument_chunks(str(call.get("arguments", ""))):
            await self._send("response.function_call_arguments.delta", **self._where(),
                             call_id=item["call_id"], delta=piece)
            self._open.sent += piece
            self._counts["text"] += 1
        await self._close_open("completed")

    async def _close_open(self, status: str) -> None:
        """The .done events of the open item, with what was sent of it."""
        if self._open is None:
            return
        opened, where = self._open, self._where()
        self._open = None
        events, final = closed(self.words, opened, where, status)
        for logical, fields in events:
            await self._emit_now(logical, **fields)
        await self._emit_now("response.output_item.done", response_id=self.id, output_index=opened.index,
                             item=self.words.item(final))
        self._output.append(final)
        if self.finish_item is not None:
            await self.finish_item(final, self._audio_ms.get(final["id"]))

    async def _finish(self, status: str, details: Any) -> None:
        usage = self.plan.usage(self._counts)
        self.on_finished(self)  # before response.done: the client may answer it at once
        await self._emit_now("rate_limits.updated", rate_limits=rate_limits(usage["total_tokens"]))
        await self._emit_now("response.done", response=self.response(status, details, usage))
