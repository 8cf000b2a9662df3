"""The scripted replies: what the "model" says next, first in, first out.

A reply is a dict as the admin API takes it (its schema, reply.schema.json, sits beside
this module): `{"text"}`, or `{"function_call": {"name", "arguments"}}`, with an
optional `"transcript"`: what the mock "heard" in the user's committed audio. Each
response (a client's response.create, or a server-VAD turn) takes one; with none
queued, the mock answers with `default_reply`. The queue is small on purpose (put,
take one, list, clear), so another store can hold it."""

from __future__ import annotations

import threading
from collections import deque
from typing import Any, Protocol

Reply = dict[str, Any]

# With nothing queued the mock repeats the user's last words back, so a test that never
# scripts a reply still sees its own input round-trip; with no words to repeat, this.
DEFAULT_TEXT = "Hello from mock-realtime."
# At most this much is repeated: a client's 1 MiB message would otherwise become hours of
# synthesised audio (scripted replies are capped at 10,000 characters by their schema).
ECHO_LIMIT = 1000


class ReplyBook(Protocol):
    """The scripted replies, first in, first out: each is taken by exactly one response."""

    capacity: int

    def put(self, replies: list[dict[str, Any]]) -> bool: ...
    def take(self) -> dict[str, Any] | None: ...
    def peek(self) -> dict[str, Any] | None: ...
    def list(self) -> list[dict[str, Any]]: ...
    def clear(self) -> None: ...


class ReplyQueue:
    def __init__(self, *, capacity: int) -> None:
        self._replies: deque[Reply] = deque()
        self.capacity = capacity
        self._lock = threading.Lock()  # the admin API and the socket may run on other threads

    def put(self, replies: list[Reply]) -> bool:
        """Queue these after the others; False (and nothing queued) if they do not fit."""
        with self._lock:
            if len(self._replies) + len(replies) > self.capacity:
                return False
            self._replies.extend(replies)
            return True

    def take(self) -> Reply | None:
        with self._lock:
            return self._replies.popleft() if self._replies else None

    def peek(self) -> Reply | None:
        with self._lock:
            return self._replies[0] if self._replies else None

    def list(self) -> list[Reply]:
        with self._lock:
            return list(self._replies)

    def clear(self) -> None:
        with self._lock:
            self._replies.clear()


def default_reply(last_user_words: str | None) -> Reply:
    return {"text": (last_user_words or DEFAULT_TEXT)[:ECHO_LIMIT]}
