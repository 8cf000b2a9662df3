"""The rate limit's sliding window in Redis: a sorted set of admitted requests scored by
the mock clock. One Lua script forgets what left the window and admits or refuses, so
the limit counts every replica's requests."""

from __future__ import annotations

from mock_realtime.rate_limit import (
    NOMINAL_RETRY_SECONDS,
    WINDOW_SECONDS,
    RateLimitError,
    quota_headers,
    rate_limit_error,
)
from mock_realtime.store.redis_link import RedisLink

# KEYS: window, sequence. ARGV: now, now - window, limit (0: only forget).
_FORGET = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf')
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
"""
_ADMIT = _FORGET + """
local admitted = redis.call('ZCARD', KEYS[1])
if admitted >= tonumber(ARGV[3]) then return -1 end
redis.call('ZADD', KEYS[1], ARGV[1], redis.call('INCR', KEYS[2]))
return admitted + 1
"""
_WINDOW = _FORGET + """
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
return {redis.call('ZCARD', KEYS[1]), first[2] or false, last[2] or false}
"""


class RedisQuota:
    def __init__(self, link: RedisLink, limit: int) -> None:
        self._link = link
        self.limit = limit
        self.keys = self.key_names(link)
        self._admit, self._window = link.script(_ADMIT), link.script(_WINDOW)

    @staticmethod
    def key_names(link: RedisLink) -> list[str]:
        return [link.key("quota"), link.key("quota:sequence")]

    def _args(self, now: float) -> list[str | int]:
        return [repr(now), repr(now - WINDOW_SECONDS), self.limit]

    def admit(self, now: float) -> dict[str, str] | None:
        admitted = self._link.run(lambda: self._admit(keys=self.keys, args=self._args(now)))
        if admitted < 0:
            return None
        return quota_headers(limit=self.limit, remaining=self.limit - admitted, reset=WINDOW_SECONDS)

    def refusal(self, now: float, *, model: str) -> RateLimitError:
        used, first, last = self._link.run(lambda: self._window(keys=self.keys, args=self._args(now)))
        return rate_limit_error(
            model=model, limit=self.limit, used=used,
            retry_after=float(first) + WINDOW_SECONDS - now if first else NOMINAL_RETRY_SECONDS,
            reset=float(last) + WINDOW_SECONDS - now if last else NOMINAL_RETRY_SECONDS,
        )

    def clear(self) -> None:
        self._link.run(lambda: self._link.client.delete(*self.keys))
