"""The HTTP layer: the Starlette app, the OpenAI-facing endpoints, the exchange and its journal
record, access logs and the uvicorn server. Every uvicorn-specific trick lives in `_uvicorn`.

Internal: nothing here is public API (see "Public API" in the README), so `__all__` is empty."""

__all__: list[str] = []
