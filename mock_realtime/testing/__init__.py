"""What the mock ships for its users' tests: `RealtimeMock`, the `realtime_mock` pytest
plugin and the Hypothesis strategies."""

from __future__ import annotations

from mock_realtime.testing.mock import RealtimeMock

__all__ = ["RealtimeMock"]
