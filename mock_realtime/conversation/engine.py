"""The conversation behind one Realtime connection, free of any transport: client events
in as dicts, server events out through `Transport.send`. It holds the items, the
responses in flight and the input audio; the WebSocket drives it, and so can a WebRTC
data channel. Events are named through the protocol's Vocabulary, never by protocol."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from mock_realtime.conversation import refusals
from mock_realtime.conversation.editing import Editing
from mock_realtime.conversation.items import Item, Items, user_words
from mock_realtime.conversation.listening import Listening
from mock_realtime.conversation.replies import ReplyBook, default_reply
from mock_realtime.conversation.response import Plan, ResponseStream
from mock_realtime.conversation.tokens import count_input_audio, count_text, usage
from mock_realtime.conversation.vocabulary import Vocabulary
from mock_realtime.ids import IdSource

Event = dict[str, Any]
_PER_RESPONSE_ONLY = ("conversation", "metadata", "input")
# Out-of-band responses may run in parallel; how many the API allows is not documented,
# so a connection gets this many at once (each one streams, and costs, like any reply).
MAX_LIVE_RESPONSES = 8


class Transport(Protocol):
    async def send(self, event: Event) -> None: ...

    async def close(self, code: int, reason: str) -> None: ...

    def stop_playback(self) -> None:
        """Speech cut in on the model, and the session interrupts: stop whatever audio the
        transport is still playing (a WebRTC track; a socket plays nothing)."""


def merged(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`base` with `override` laid over it, objects merged key by key."""
    result = dict(base)
    for key, value in override.items():
        both = isinstance(value, dict) and isinstance(result.get(key), dict)
        result[key] = merged(result[key], value) if both else value
    return result


class Conversation:
    def __init__(
        self, *, words: Vocabulary, ids: IdSource, replies: ReplyBook, session: Callable[[], dict[str, Any]],
        transport: Transport, pace_audio: bool = False, max_audio_bytes: int = 16 * 1024 * 1024,
    ) -> None:
        self.words, self.ids, self.replies, self.session = words, ids, replies, session
        self.transport, self.pace_audio = transport, pace_audio
        self.items = Items()
        self.listening = Listening(self, capacity=max_audio_bytes)
        self._conversation_id = ids.conversation_id()
        self._live: dict[str, ResponseStream] = {}
        self._default: ResponseStream | None = None
        self._last_response_id: str | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._handlers: dict[str, Callable[[Event], Awaitable[None]]] = {
            **Editing(self).handlers(),
            "response.create": self._create_response,
            "response.cancel": self._cancel_response,
            "output_audio_buffer.clear": self._clear_output_audio,
            "session.close": self._close_session,
            **self.listening.handlers(),
        }

    def handles(self, event_type: str) -> bool:
        return event_type in self._handlers

    async def handle(self, event: Event) -> None:
        """Act on one client event; an APIError is the client's to be told about."""
        await self._handlers[event["type"]](event)

    async def hear(self, pcm16: bytes) -> None:
        """Microphone audio from a call's track, 24 kHz pcm16: into the input audio buffer,
        as input_audio_buffer.append would put it. Raises APIError when the buffer is full."""
        await self.listening.hear(pcm16)

    @property
    def streaming(self) -> int:
        """How many responses are still being sent."""
        return len(self._tasks)

    async def idle(self) -> None:
        """Wait until every response in flight has finished streaming."""
        while self._tasks:
            await asyncio.gather(*self._tasks)

    async def stop(self) -> None:
        """The transport is gone: end every response without a word."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def send(self, logical: str, **fields: Any) -> None:
        wire = self.words.event(logical)
        if wire is not None:
            await self.transport.send({"event_id": self.ids.event_id(), "type": wire, **fields})

    async def add_item(self, item: Item, previous_item_id: str | None = None, *, done: bool = True) -> None:
        """Into the conversation, announced (beta: created; GA: added, then done)."""
        previous = self.items.insert(item, previous_item_id)
        await self.send("item.added", previous_item_id=previous, item=self.shown(item))
        if done:
            await self.send("item.done", previous_item_id=previous, item=self.shown(item))

    def shown(self, item: Item, *, with_audio: bool = False) -> Item:
        """An item as events show it: no audio bytes, except in conversation.item.retrieved."""
        shown = {key: value for key, value in item.items() if key != "audio_ms"}
        if "content" in item and not with_audio:
            shown["content"] = [{k: v for k, v in part.items() if k != "audio"} for part in item["content"]]
        return self.words.item(shown)

    async def _create_response(self, event: Event) -> None:
        params = event.get("response") or {}
        if params.get("conversation") != "none" and self._default is not None:
            raise refusals.already_responding(self._default.id)
        if len(self._live) >= MAX_LIVE_RESPONSES:
            raise refusals.too_many_responses(MAX_LIVE_RESPONSES)
        await self.respond(params)

    async def respond(self, params: dict[str, Any]) -> None:
        """Start a response: response.created now, the rest streamed by a task."""
        in_band = params.get("conversation") != "none"
        config = merged(self.session(), {k: v for k, v in params.items() if k not in _PER_RESPONSE_ONLY})
        context = self._context(params)
        reply = self.replies.take() or default_reply(user_words(context))
        plan = Plan(config=config, reply=reply, metadata=params.get("metadata"),
                    conversation_id=self._conversation_id if in_band else None,
                    usage=lambda counts: self._usage(config, context, counts))
        stream = ResponseStream(
            words=self.words, ids=self.ids, emit=self.transport.send, plan=plan,
            add_item=self._add_output if in_band else None, finish_item=self._finish_output if in_band else None,
            on_finished=self._finished, pace_audio=self.pace_audio or bool(reply.get("pace_audio")),
        )
        self._live[stream.id] = stream
        if in_band:
            self._default = stream
        await self.transport.send(stream.created())
        task = asyncio.create_task(stream.run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _context(self, params: dict[str, Any]) -> list[Item]:
        """The items a response sees: the conversation, or its own `input`."""
        if "input" not in params:
            return self.items.all()
        resolved = [self.items.get(i["id"]) if i.get("type") == "item_reference" else i for i in params["input"]]
        return [item for item in resolved if item is not None]

    def _usage(self, config: dict[str, Any], context: list[Item], counts: dict[str, int]) -> dict[str, Any]:
        text = str(self.words.setting(config, "instructions", "") or "")
        words = [p.get("text") or p.get("transcript") or "" for i in context for p in i.get("content") or []]
        inputs = {"text": count_text(text + "".join(words)),
                  "audio": count_input_audio(sum(i.get("audio_ms", 0) for i in context if i.get("role") == "user"))}
        return usage(modalities=self.words.usage_modalities(), input_counts=inputs, output_counts=counts)

    async def _add_output(self, item: Item) -> None:
        await self.add_item(dict(item), done=False)

    async def _finish_output(self, item: Item, audio_ms: float | None) -> None:
        stored = self.items.get(item["id"])
        if stored is not None:  # unless the client deleted it meanwhile
            stored.update(copy.deepcopy(item))
            if audio_ms is not None:
                stored["audio_ms"] = audio_ms  # how far conversation.item.truncate may cut
            await self.send("item.done", previous_item_id=self._previous_of(item["id"]), item=self.shown(item))

    def _previous_of(self, item_id: str) -> str | None:
        ids = [item["id"] for item in self.items.all()]
        index = ids.index(item_id)
        return ids[index - 1] if index > 0 else None

    def _finished(self, stream: ResponseStream) -> None:
        self._live.pop(stream.id, None)
        self._last_response_id = stream.id
        if self._default is stream:
            self._default = None

    def interrupt(self) -> None:
        """Speech started, and the session interrupts responses: the one being generated ends
        `cancelled`, reason `turn_detected`, and the one still being played stops."""
        if self._default is not None:
            self._default.cancel("turn_detected")
        self.transport.stop_playback()

    async def _cancel_response(self, event: Event) -> None:
        wanted = event.get("response_id")
        stream = self._live.get(wanted) if wanted else self._default
        if stream is None:
            raise refusals.nothing_to_cancel()
        stream.cancel("client_cancelled")

    async def _clear_output_audio(self, event: Event) -> None:
        # WebRTC/SIP only in OpenAI's docs; on a plain socket there is no playback to stop,
        # so the mock acknowledges it for the latest response.
        response_id = self._default.id if self._default else self._last_response_id
        if response_id is None:
            raise refusals.nothing_to_clear()
        await self.send("output_audio_buffer.cleared", response_id=response_id)

    async def _close_session(self, event: Event) -> None:
        await self.stop()
        await self.transport.close(1000, "")
