"""The conversation on a Realtime connection, free of any transport (engine.Conversation):
client events in as dicts, server events out through a transport's send. Beta and GA differ
only in the protocol data under contracts/protocols/.

Internal: nothing here is public API (see "Public API" in the README), so `__all__` is empty."""

__all__: list[str] = []
