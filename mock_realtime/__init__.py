"""mock-realtime: a strict, faithful mock of OpenAI's POST /v1/realtime/sessions."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
