"""The mock clock in Redis, so that moving it on one replica moves it for all. Real time
is Redis's own TIME, read in the same script as the shared offset or fixed instant:
replicas on hosts whose clocks disagree still agree on when a secret expires.

The key holds `o<offset>` (real time plus an offset) or `f<instant>` (stopped); no key
means real time."""

from __future__ import annotations

from mock_realtime.clock import Listeners
from mock_realtime.store.redis_link import RedisLink

_NOW = """
local time = redis.call('TIME')
return {time[1], time[2], redis.call('GET', KEYS[1]) or 'o0'}
"""
_ADVANCE = """
local held = redis.call('GET', KEYS[1]) or 'o0'
local moved = tonumber(string.sub(held, 2)) + tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.sub(held, 1, 1) .. string.format('%.17g', moved))
"""


class RedisClock:
    # Another replica may move the shared clock and nothing tells this one, so a wait on it
    # (a session's lifetime) looks at it again this often; moves made here wake it at once.
    recheck_seconds: float | None = 1.0

    def __init__(self, link: RedisLink) -> None:
        self._link = link
        self.key = link.key("clock")
        self._now, self._advance = link.script(_NOW), link.script(_ADVANCE)
        self._listeners = Listeners()
        self.subscribe = self._listeners.subscribe

    def now(self) -> float:
        seconds, micros, held = self._link.run(lambda: self._now(keys=[self.key]))
        if held.startswith("f"):
            return float(held[1:])
        return int(seconds) + int(micros) / 1_000_000 + float(held[1:])

    def advance(self, seconds: float) -> None:
        self._link.run(lambda: self._advance(keys=[self.key], args=[repr(float(seconds))]))
        self._listeners.notify()

    def set(self, unix_seconds: float) -> None:
        self._link.run(lambda: self._link.client.set(self.key, f"f{float(unix_seconds)!r}"))
        self._listeners.notify()

    def reset(self) -> None:
        self._link.run(lambda: self._link.client.delete(self.key))
        self._listeners.notify()
