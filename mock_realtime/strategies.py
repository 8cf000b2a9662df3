"""Hypothesis strategies drawn from a contract: the public name for
`mock_realtime.testing.strategies`, kept stable for users' imports."""

from __future__ import annotations

from mock_realtime.testing.strategies import InvalidConfig, invalid_session_configs, session_configs

__all__ = ["InvalidConfig", "invalid_session_configs", "session_configs"]
