"""How many connections the server holds open, in all and per client address.

uvicorn's own `limit_concurrency` answers past its limit in plain text and counts
connections and tasks together; this counts connections alone (a WebSocket keeps the
slot its handshake took) and refuses in OpenAI's envelope. A refused connection takes
no slot: it is answered when its head arrives, and the header timeout bounds the wait."""

from __future__ import annotations

from collections import Counter

from mock_realtime.errors import APIError


def too_many_connections_error() -> APIError:
    return APIError("The server is overloaded or not ready yet.", status=503, code="too_many_connections")


def too_many_from_client_error(limit: int) -> APIError:
    return APIError(
        f"Too many connections from your address: the limit is {limit}.", status=503, code="too_many_connections"
    )


class ConnectionBudget:
    def __init__(self, *, total: int, per_client: int) -> None:
        self.total, self.per_client = total, per_client
        self._open: Counter[str] = Counter()
        self.open = 0

    def acquire(self, client: str) -> APIError | None:
        """Take a slot for a connection from `client`, or the refusal if none is left."""
        if self.open >= self.total:
            return too_many_connections_error()
        if self._open[client] >= self.per_client:
            return too_many_from_client_error(self.per_client)
        self._open[client] += 1
        self.open += 1
        return None

    def release(self, client: str) -> None:
        self.open -= 1
        self._open[client] -= 1
        if not self._open[client]:
            del self._open[client]
