"""Issued secrets in Redis, with the memory store's bounds: a secret expired for
`retention` seconds (by the mock clock) is dropped, and past `capacity` the oldest go.
A hash holds `expires_at|<length of snapshot>:<snapshot><session JSON>` per secret; a
sorted set keeps issue order.
One Lua script adds a secret and applies both bounds, atomically for all replicas.

Redis's own key expiry is not used here: expiry follows the mock clock, which tests
move and stop, and a key that Redis let lapse in real time would turn a secret the
mock clock calls merely expired into an unknown one."""

from __future__ import annotations

from typing import Any

from mock_realtime.secret_store import IssuedSecret
from mock_realtime.store.redis_link import RedisLink

_ADD = """
local secrets, order, sequence = KEYS[1], KEYS[2], KEYS[3]
local now, retention, capacity = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
while true do
  local front = redis.call('ZRANGE', order, 0, 0)
  if #front == 0 then break end
  local held = redis.call('HGET', secrets, front[1])
  if held and tonumber(string.sub(held, 1, string.find(held, '|', 1, true) - 1)) + retention > now then
    break
  end
  redis.call('ZREM', order, front[1])
  redis.call('HDEL', secrets, front[1])
end
redis.call('HSET', secrets, ARGV[1], ARGV[2] .. '|' .. ARGV[3])
redis.call('ZADD', order, redis.call('INCR', sequence), ARGV[1])
local excess = redis.call('ZCARD', order) - capacity
if excess > 0 then
  local oldest = redis.call('ZPOPMIN', order, excess)
  for i = 1, #oldest, 2 do redis.call('HDEL', secrets, oldest[i]) end
end
return 1
"""


def _held(issued: IssuedSecret) -> str:
    """What the hash holds after `expires_at|`: the snapshot, length first, then the session."""
    return f"{len(issued.snapshot)}:{issued.snapshot}{issued.session_json}"


def _issued(value: str, held: str) -> IssuedSecret:
    expires_at, _, rest = held.partition("|")
    length, _, rest = rest.partition(":")
    snapshot, session_json = rest[: int(length)], rest[int(length):]
    return IssuedSecret(value, int(expires_at), session_json, snapshot)


class RedisSecrets:
    def __init__(self, link: RedisLink, *, capacity: int, retention: int) -> None:
        self._link = link
        self._capacity, self._retention = capacity, retention
        self.keys = [link.key("secrets"), link.key("secrets:order"), link.key("secrets:sequence")]
        self._add = link.script(_ADD)

    def add(self, issued: IssuedSecret, *, now: float) -> IssuedSecret:
        args = [issued.value, issued.expires_at, _held(issued), repr(now), self._retention, self._capacity]
        self._link.run(lambda: self._add(keys=self.keys, args=args))
        return issued

    def get(self, value: str) -> IssuedSecret | None:
        held = self._link.run(lambda: self._link.client.hget(self.keys[0], value))
        return None if held is None else _issued(value, str(held))

    def all(self) -> list[IssuedSecret]:
        def read() -> list[Any]:
            with self._link.client.pipeline(transaction=True) as both:  # one consistent snapshot
                both.zrange(self.keys[1], 0, -1)
                both.hgetall(self.keys[0])
                return list(both.execute())

        order, held = self._link.run(read)
        return [_issued(value, held[value]) for value in order if value in held]

    def clear(self) -> None:
        self._link.run(lambda: self._link.client.delete(*self.keys))

    def __len__(self) -> int:
        count: int = self._link.run(lambda: self._link.client.zcard(self.keys[1]))
        return count
