"""The Realtime WebSocket: the handshake (which key, which subprotocol) and the connection
that follows it.

Internal: nothing here is public API (see "Public API" in the README), so `__all__` is empty."""

__all__: list[str] = []
