"""mock-realtime: a strict, faithful mock of OpenAI's POST /v1/realtime/sessions."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mock_realtime.settings import Settings
    from mock_realtime.testing.mock import RealtimeMock
    from mock_realtime.web.app import create_app

__version__ = "0.1.0"

__all__ = ["RealtimeMock", "Settings", "__version__", "create_app"]

# Re-exports load on first use, so `mock-realtime validate` and the CLI's start-up do
# not pay for the web stack.
_LAZY = {
    "create_app": "mock_realtime.web.app",
    "Settings": "mock_realtime.settings",
    "RealtimeMock": "mock_realtime.testing.mock",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'mock_realtime' has no attribute {name!r}")
