"""The Redis store: every piece of a mock's state, shared by all replicas that name the
same Redis database. `reset` deletes every key in one command, so no replica sees
half a reset."""

from __future__ import annotations

from typing import Any

from mock_realtime.conversation.replies import ReplyBook
from mock_realtime.settings import Settings
from mock_realtime.store.interface import (
    FaultSchedule,
    RequestLog,
    RequestQuota,
    SecretBook,
    TimeSource,
)
from mock_realtime.store.memory import REPLY_CAPACITY
from mock_realtime.store.redis_clock import RedisClock
from mock_realtime.store.redis_faults import RedisFaults
from mock_realtime.store.redis_journal import RedisJournal
from mock_realtime.store.redis_link import RedisLink
from mock_realtime.store.redis_quota import RedisQuota
from mock_realtime.store.redis_replies import RedisReplies
from mock_realtime.store.redis_secrets import RedisSecrets


class RedisStore:
    def __init__(self, settings: Settings, *, limit: int | None, clock: TimeSource | None = None) -> None:
        self.link = link = RedisLink(settings.store)
        secrets = RedisSecrets(link, capacity=settings.max_secrets, retention=settings.secret_retention)
        journal, faults = RedisJournal(link, capacity=settings.journal_size), RedisFaults(link)
        self.secrets: SecretBook = secrets
        self.journal: RequestLog = journal
        self.faults: FaultSchedule = faults
        self.quota: RequestQuota | None = None if limit is None else RedisQuota(link, limit)
        # A clock handed in (tests do) belongs to this process alone; otherwise it is shared.
        self._own_clock = clock
        self.clock: TimeSource = clock or RedisClock(link)
        replies = RedisReplies(link, capacity=REPLY_CAPACITY)
        self.replies: ReplyBook = replies
        # Every key the store writes, for a reset in one command (quota keys even unlimited),
        # the scripted replies' included.
        self._keys = [*secrets.keys, *journal.keys, faults.key, link.key("clock"), *RedisQuota.key_names(link),
                      replies.key]

    def reset(self) -> None:
        self.link.run(lambda: self.link.client.delete(*self._keys))
        if self._own_clock is not None:
            self._own_clock.reset()

    def health(self) -> dict[str, Any] | None:
        return self.link.health()

    def close(self) -> None:
        self.link.client.close()
