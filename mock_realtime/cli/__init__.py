"""The `mock-realtime` command: serve, validate and create-session."""

from __future__ import annotations

from mock_realtime.cli.commands import main

__all__ = ["main"]
