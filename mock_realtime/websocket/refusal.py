"""A refused handshake: the one `error` event the API sends, and the close that follows."""

from __future__ import annotations

from mock_realtime.errors import APIError


class Refused(Exception):
    """A handshake the API answers with one error event, then this close code and reason
    (by default `<type>.<code>`, as the live API words its close reasons)."""

    def __init__(self, error: APIError, *, code: int, reason: str | None = None) -> None:
        super().__init__(error.message)
        self.error = error
        self.code = code
        self.reason = reason or f"{error.type}.{error.code}"
