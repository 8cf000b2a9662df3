"""How an output item ends: the `.done` events that close it and the item as it stands
after them. Pure: the response stream sends what these return, whether the item ran to
its end (`completed`) or was cut short by a cancel (`incomplete`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mock_realtime.conversation.vocabulary import Vocabulary

Closing = list[tuple[str, dict[str, Any]]]  # (logical event name, its fields), in order


@dataclass
class OpenItem:
    """An output item announced and still streaming, and what was sent of it so far."""

    item: dict[str, Any]
    index: int
    kind: str  # "text", "audio" or "function_call"
    sent: str = ""


def closed(words: Vocabulary, opened: OpenItem, where: dict[str, Any], status: str) -> tuple[Closing, dict[str, Any]]:
    """The events ending `opened` (all but response.output_item.done), and its final item."""
    if opened.kind == "function_call":
        return _call_closed(words, opened, where, status)
    return _message_closed(words, opened, where, status)


def _message_closed(words: Vocabulary, opened: OpenItem, where: dict[str, Any], status: str
                    ) -> tuple[Closing, dict[str, Any]]:
    text, at = opened.sent, {**where, "content_index": 0}
    if opened.kind == "audio":
        events: Closing = [("audio.done", at), ("audio_transcript.done", {**at, "transcript": text})]
        part, content = {"type": "audio", "transcript": text}, {"transcript": text}
    else:
        events = [("text.done", {**at, "text": text})]
        part, content = {"type": "text", "text": text}, {"text": text}
    events.append(("response.content_part.done", {**at, "part": part}))
    final = {**opened.item, "status": status, "content": [{"type": words.assistant_content(opened.kind), **content}]}
    return events, final


def _call_closed(words: Vocabulary, opened: OpenItem, where: dict[str, Any], status: str
                 ) -> tuple[Closing, dict[str, Any]]:
    item = opened.item
    named = {key: item[key] for key in words.arguments_done_fields()}  # GA adds the name
    done = {**where, "call_id": item["call_id"], **named, "arguments": opened.sent}
    return [("response.function_call_arguments.done", done)], {**item, "status": status, "arguments": opened.sent}
