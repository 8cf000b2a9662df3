"""The test-control surface under /__mock/: the admin routes, who may use them, faults, the
health probe and the demo page.

Internal: nothing here is public API (see "Public API" in the README), so `__all__` is empty."""

__all__: list[str] = []
