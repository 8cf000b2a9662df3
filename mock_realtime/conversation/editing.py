"""The client's edits to the conversation: conversation.item.create, .retrieve, .delete and
.truncate, each checked as the live API checks it before anything changes."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from mock_realtime.conversation import refusals
from mock_realtime.conversation.items import Item

if TYPE_CHECKING:
    from mock_realtime.conversation.engine import Conversation

Event = dict[str, Any]


class Editing:
    def __init__(self, conversation: Conversation) -> None:
        self._conversation = conversation

    def handlers(self) -> dict[str, Callable[[Event], Awaitable[None]]]:
        return {
            "conversation.item.create": self._create_item,
            "conversation.item.retrieve": self._retrieve_item,
            "conversation.item.delete": self._delete_item,
            "conversation.item.truncate": self._truncate_item,
        }

    async def _create_item(self, event: Event) -> None:
        given = event["item"]
        if given.get("type") not in refusals.SUPPORTED_ITEM_TYPES:
            raise refusals.bad_item_type(given.get("type"))
        previous = event.get("previous_item_id") or None  # "" counts as absent
        if previous not in (None, "root") and self._conversation.items.get(previous) is None:
            raise refusals.no_previous_item(previous)
        if "id" in given and self._conversation.items.get(given["id"]) is not None:
            raise refusals.duplicate_item(given["id"])
        if given["type"] == "function_call_output" and not self._has_call(given.get("call_id")):
            raise refusals.no_such_call(str(given.get("call_id")))
        rest = {key: value for key, value in given.items() if key not in ("id", "type", "status", "object")}
        item_id = given.get("id") or self._conversation.ids.item_id()  # the client's id is kept
        item = {"id": item_id, "type": given["type"], "status": "completed", **rest}
        await self._conversation.add_item(copy.deepcopy(item), previous)

    def _has_call(self, call_id: Any) -> bool:
        items = self._conversation.items.all()
        return any(i.get("type") == "function_call" and i.get("call_id") == call_id for i in items)

    def _known(self, action: str, event: Event) -> Item:
        item = self._conversation.items.get(event["item_id"])
        if item is None:
            raise refusals.no_such_item(action, event["item_id"])
        return item

    async def _retrieve_item(self, event: Event) -> None:
        item = self._conversation.shown(self._known("retrieve", event), with_audio=True)
        await self._conversation.send("conversation.item.retrieved", item=item)

    async def _delete_item(self, event: Event) -> None:
        self._conversation.items.delete(self._known("delete", event)["id"])
        await self._conversation.send("conversation.item.deleted", item_id=event["item_id"])

    async def _truncate_item(self, event: Event) -> None:
        item = self._known("truncate", event)
        if item.get("type") != "message" or item.get("role") != "assistant":
            raise refusals.not_truncatable(item["id"])
        length = item.get("audio_ms")
        if isinstance(length, int | float) and event["audio_end_ms"] > length:
            raise refusals.truncate_past_end(event["audio_end_ms"], int(length))
        for part in item.get("content", []):
            if "transcript" in part:
                part["transcript"] = ""  # truncating deletes the server-side transcript
        await self._conversation.send("conversation.item.truncated", item_id=item["id"],
                        content_index=event.get("content_index", 0), audio_end_ms=event["audio_end_ms"])
