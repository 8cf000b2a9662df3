"""Secrets this mock has issued, so that later requests (the Realtime WebSocket, the
admin API) can check them. Bounded: a secret is dropped once it has been expired for
`retention` seconds (until then it can still be reported as expired rather than
unknown), and past `capacity` the oldest go first.

Each session is kept as its JSON text, one object instead of some thirty: ten thousand
sessions as live dicts made every full garbage collection scan hundreds of thousands of
objects, stalling all requests in flight. `session` decodes a fresh copy on each read.

Kept behind this small interface so that a shared store can replace it when several
replicas must verify each other's secrets."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import orjson


@dataclass(frozen=True, slots=True)
class IssuedSecret:
    value: str
    expires_at: int
    session_json: str
    snapshot: str = ""  # the snapshot that minted it: the protocol its key speaks

    @classmethod
    def of(cls, value: str, expires_at: int, session: dict[str, Any], *, snapshot: str = "") -> IssuedSecret:
        # orjson's bytes keep the spare room of its write buffer (about 4 KiB each); the
        # decoded text is exactly as long as the JSON.
        return cls(value, expires_at, orjson.dumps(session).decode(), snapshot)

    @property
    def session(self) -> dict[str, Any]:
        session: dict[str, Any] = orjson.loads(self.session_json)
        return session

    def is_valid(self, now: float) -> bool:
        return now < self.expires_at


class SecretStore:
    def __init__(self, *, capacity: int, retention: int) -> None:
        self._capacity = capacity
        self._retention = retention
        self._secrets: OrderedDict[str, IssuedSecret] = OrderedDict()

    def add(self, issued: IssuedSecret, *, now: float) -> IssuedSecret:
        self._drop_expired(now)
        self._secrets[issued.value] = issued
        while len(self._secrets) > self._capacity:
            self._secrets.popitem(last=False)
        return issued

    def get(self, value: str) -> IssuedSecret | None:
        return self._secrets.get(value)

    def all(self) -> list[IssuedSecret]:
        return list(self._secrets.values())

    def clear(self) -> None:
        self._secrets.clear()

    def __len__(self) -> int:
        return len(self._secrets)

    def _drop_expired(self, now: float) -> None:
        # Issue order is expiry order while TTLs are equal, so only the front can be stale; a
        # longer-lived secret in front holds shorter ones back until it goes (capacity still bounds all).
        while self._secrets:
            oldest = next(iter(self._secrets.values()))
            if oldest.expires_at + self._retention > now:
                return
            self._secrets.popitem(last=False)
