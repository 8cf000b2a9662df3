"""The Realtime WebSocket: the handshake (which key, which subprotocol) and the connection
that follows it."""
