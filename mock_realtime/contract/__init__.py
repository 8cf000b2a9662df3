"""The contract layer: load an API snapshot from contracts/, check request bodies against it,
word violations as OpenAI does, fill defaults and mint sessions. Plain Python on JSON values;
it imports no web framework (tests/test_layers.py keeps it so).

Internal: nothing here is public API (see "Public API" in the README), so `__all__` is empty."""

__all__: list[str] = []
