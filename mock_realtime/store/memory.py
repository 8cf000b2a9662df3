"""The default store: the mock's own in-process objects, used as they are, so the hot
path pays nothing for the store interface."""

from __future__ import annotations

from typing import Any

from mock_realtime.admin.faults import FaultQueue
from mock_realtime.clock import Clock
from mock_realtime.conversation.replies import ReplyBook, ReplyQueue
from mock_realtime.journal import Journal
from mock_realtime.rate_limit import RateLimiter
from mock_realtime.secret_store import SecretStore
from mock_realtime.settings import Settings
from mock_realtime.store.interface import (
    FaultSchedule,
    RequestLog,
    RequestQuota,
    SecretBook,
    TimeSource,
)

# Scripted replies queued at once; a larger batch is refused whole.
REPLY_CAPACITY = 1000


class MemoryStore:
    def __init__(self, settings: Settings, *, limit: int | None, clock: TimeSource | None = None) -> None:
        self.secrets: SecretBook = SecretStore(capacity=settings.max_secrets, retention=settings.secret_retention)
        self.journal: RequestLog = Journal(capacity=settings.journal_size)
        self.faults: FaultSchedule = FaultQueue()
        self.quota: RequestQuota | None = None if limit is None else RateLimiter(limit)
        self.clock: TimeSource = clock or Clock()
        self.replies: ReplyBook = ReplyQueue(capacity=REPLY_CAPACITY)

    def reset(self) -> None:
        self.journal.clear()
        self.replies.clear()
        self.secrets.clear()
        self.faults.clear()
        self.clock.reset()
        if self.quota is not None:
            self.quota.clear()

    def health(self) -> dict[str, Any] | None:
        return None

    def close(self) -> None:
        """Nothing to let go of."""
