"""The default conversation's items, in order. Plain dicts in the shape the client
sent or the server built; ids are kept as given."""

from __future__ import annotations

from typing import Any

Item = dict[str, Any]
ROOT = "root"


class Items:
    def __init__(self) -> None:
        self._order: list[Item] = []

    def get(self, item_id: str) -> Item | None:
        return next((item for item in self._order if item["id"] == item_id), None)

    def last_id(self) -> str | None:
        return self._order[-1]["id"] if self._order else None

    def insert(self, item: Item, previous_item_id: str | None) -> str | None:
        """Add after `previous_item_id` ("root": first; None: last). The id now before it."""
        if previous_item_id is None:
            before = self.last_id()
            self._order.append(item)
            return before
        if previous_item_id == ROOT:
            self._order.insert(0, item)
            return None
        index = next(i for i, known in enumerate(self._order) if known["id"] == previous_item_id)
        self._order.insert(index + 1, item)
        return previous_item_id

    def delete(self, item_id: str) -> None:
        self._order = [item for item in self._order if item["id"] != item_id]

    def all(self) -> list[Item]:
        return list(self._order)


def user_words(items: list[Item]) -> str | None:
    """The user's last words in `items`: typed text, or what their audio was heard to say."""
    for item in reversed(items):
        if item.get("type") != "message" or item.get("role") != "user":
            continue
        for part in reversed(item.get("content") or []):
            words = part.get("text") if part.get("type") == "input_text" else part.get("transcript")
            if isinstance(words, str) and words.strip():
                return words
    return None
