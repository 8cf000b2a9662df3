"""What a request that needs the store gets while the store cannot be reached: a 503 in
OpenAI's envelope, at once. After a failure the store is not tried again for
RETRY_INTERVAL_SECONDS, so an outage costs each worker at most one bounded wait per
interval instead of one per request; the first request after it tries again, and
service resumes by itself once the store answers."""

from __future__ import annotations

import threading
import time

from mock_realtime.errors import ServerError

RETRY_INTERVAL_SECONDS = 0.5


class StoreUnavailable(ServerError):
    status = 503

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(
            f"The mock's shared store ({where}) cannot be reached: {reason.rstrip('.')}. "
            "The request was not served; retry once the store is back.",
            code="store_unavailable",
        )


class Breaker:
    """Whether the store failed recently, and why. Shared by a worker's threads."""

    def __init__(self, where: str) -> None:
        self.where = where
        self._lock = threading.Lock()
        self._retry_at = 0.0
        self.reason = ""

    def check(self) -> None:
        """Raise StoreUnavailable while the last failure is recent."""
        if self._retry_at and time.monotonic() < self._retry_at:
            raise StoreUnavailable(self.where, self.reason)

    def failed(self, reason: str) -> StoreUnavailable:
        with self._lock:
            self.reason = reason
            self._retry_at = time.monotonic() + RETRY_INTERVAL_SECONDS
        return StoreUnavailable(self.where, reason)

    def succeeded(self) -> None:
        if self._retry_at:
            with self._lock:
                self._retry_at, self.reason = 0.0, ""
