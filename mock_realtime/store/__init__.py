"""Where a mock keeps its state: in this process (`memory://`, the default) or in Redis
(`redis://host:port/db`), shared by every replica and worker that names it. Importing
this package is cheap (Settings checks its URL); each store is imported when opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mock_realtime.store.outage import StoreUnavailable
from mock_realtime.store.url import store_kind

if TYPE_CHECKING:
    from mock_realtime.settings import Settings
    from mock_realtime.store.interface import Store, TimeSource

__all__ = ["StoreUnavailable", "open_store"]


def open_store(settings: Settings, *, limit: int | None, clock: TimeSource | None = None) -> Store:
    """The store `settings.store` names; `limit` is the rate limit (None: no limit)."""
    if store_kind(settings.store) == "memory":
        from mock_realtime.store.memory import MemoryStore

        return MemoryStore(settings, limit=limit, clock=clock)
    from mock_realtime.store.redis_store import RedisStore

    return RedisStore(settings, limit=limit, clock=clock)
