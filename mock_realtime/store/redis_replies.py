"""Scripted replies in Redis, first in, first out, with the in-process queue's calls (put,
take, peek, list, clear) and its capacity: a list, where LPOP hands each reply to exactly
one response, whichever replica's socket asks. `put` is one Lua script, so a batch that
does not fit is refused whole even while other replicas queue theirs."""

from __future__ import annotations

from typing import Any

import orjson

from mock_realtime.store.redis_link import RedisLink

Reply = dict[str, Any]

_PUT = """
if redis.call('LLEN', KEYS[1]) + #ARGV - 1 > tonumber(ARGV[1]) then return 0 end
for i = 2, #ARGV do redis.call('RPUSH', KEYS[1], ARGV[i]) end
return 1
"""


class RedisReplies:
    def __init__(self, link: RedisLink, *, capacity: int) -> None:
        self._link = link
        self.capacity = capacity
        self.key = link.key("replies")
        self._put = link.script(_PUT)

    def put(self, replies: list[Reply]) -> bool:
        """Queue these after the others; False (and nothing queued) if they do not fit."""
        texts = [orjson.dumps(reply).decode() for reply in replies]
        return bool(self._link.run(lambda: self._put(keys=[self.key], args=[self.capacity, *texts])))

    def take(self) -> Reply | None:
        text = self._link.run(lambda: self._link.client.lpop(self.key))
        return None if text is None else _reply(text)

    def peek(self) -> Reply | None:
        text = self._link.run(lambda: self._link.client.lindex(self.key, 0))
        return None if text is None else _reply(text)

    def list(self) -> list[Reply]:
        texts = self._link.run(lambda: self._link.client.lrange(self.key, 0, -1))
        return [_reply(text) for text in texts]

    def clear(self) -> None:
        self._link.run(lambda: self._link.client.delete(self.key))


def _reply(text: Any) -> Reply:
    reply: Reply = orjson.loads(text)
    return reply
