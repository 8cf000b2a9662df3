"""The journal in Redis: a capped list, oldest first, and a count of the entries dropped
to keep it within `capacity`. One Lua script appends, trims and counts, so replicas
recording at once never lose an entry they did not mean to drop."""

from __future__ import annotations

from collections.abc import Callable

import orjson

from mock_realtime.journal import Entry
from mock_realtime.store.redis_link import RedisLink

_RECORD = """
local length = redis.call('RPUSH', KEYS[1], ARGV[1])
local excess = length - tonumber(ARGV[2])
if excess > 0 then
  redis.call('LTRIM', KEYS[1], excess, -1)
  redis.call('INCRBY', KEYS[2], excess)
end
return length
"""


class RedisJournal:
    def __init__(self, link: RedisLink, *, capacity: int) -> None:
        self._link = link
        self._capacity = capacity
        self.keys = [link.key("journal"), link.key("journal:dropped")]
        self._record = link.script(_RECORD)

    @property
    def dropped(self) -> int:
        count = self._link.run(lambda: self._link.client.get(self.keys[1]))
        return int(count or 0)

    def record(self, entry: Entry | Callable[[], Entry]) -> None:
        # Another replica reads it, so it is built now, not when the journal is read.
        text = orjson.dumps(entry if isinstance(entry, dict) else entry()).decode()
        self._link.run(lambda: self._record(keys=self.keys, args=[text, self._capacity]))

    def entries(self) -> list[Entry]:
        texts = self._link.run(lambda: self._link.client.lrange(self.keys[0], 0, -1))
        return [orjson.loads(text) for text in texts]

    def clear(self) -> None:
        self._link.run(lambda: self._link.client.delete(*self.keys))

    def __len__(self) -> int:
        length: int = self._link.run(lambda: self._link.client.llen(self.keys[0]))
        return length
