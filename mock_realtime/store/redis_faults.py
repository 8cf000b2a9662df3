"""The fault queue in Redis: a list of `count|fault JSON`, in the order queued. Taking
a fault is one Lua script (decrement the head's count, pop it at zero), so each queued
fault is taken exactly as many times as it was queued, by whichever replica serves."""

from __future__ import annotations

from typing import Any

import orjson

from mock_realtime.admin.faults import MAX_QUEUED, Fault
from mock_realtime.errors import InvalidRequestError
from mock_realtime.store.redis_link import RedisLink

_PUSH = """
if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('RPUSH', KEYS[1], ARGV[1])
return 1
"""
_TAKE = """
local head = redis.call('LINDEX', KEYS[1], 0)
if not head then return false end
local bar = string.find(head, '|', 1, true)
local left = tonumber(string.sub(head, 1, bar - 1)) - 1
local fault = string.sub(head, bar + 1)
if left <= 0 then redis.call('LPOP', KEYS[1]) else redis.call('LSET', KEYS[1], 0, left .. '|' .. fault) end
return fault
"""


def _fault(text: str) -> Fault:
    described = orjson.loads(text)
    return Fault(status=described["status"], latency_ms=described["latency_ms"], disconnect=described["disconnect"])


class RedisFaults:
    def __init__(self, link: RedisLink) -> None:
        self._link = link
        self.key = link.key("faults")
        self._push, self._take = link.script(_PUSH), link.script(_TAKE)

    def push(self, fault: Fault, count: int) -> None:
        entry = f"{count}|{orjson.dumps(fault.describe()).decode()}"
        if not self._link.run(lambda: self._push(keys=[self.key], args=[entry, MAX_QUEUED])):
            raise InvalidRequestError(
                f"The fault queue is full ({MAX_QUEUED} entries); clear it with DELETE /__mock/faults.",
                code="fault_queue_full",
            )

    def take(self) -> Fault | None:
        text = self._link.run(lambda: self._take(keys=[self.key]))
        return None if text is None else _fault(text)

    def pending(self) -> list[dict[str, Any]]:
        entries = self._link.run(lambda: self._link.client.lrange(self.key, 0, -1))
        pending = []
        for entry in entries:
            count, _, text = str(entry).partition("|")
            pending.append({**orjson.loads(text), "count": int(count)})
        return pending

    def clear(self) -> None:
        self._link.run(lambda: self._link.client.delete(self.key))
