"""Values and helpers the tests share: the fixed clock reading, the key the mock accepts by
default, the smallest valid body, and a free loopback port for servers started apart."""

from __future__ import annotations

import socket

NOW = 1_750_000_000.0
API_KEY = "sk-test-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {API_KEY}"}
MINIMAL = {"model": "gpt-4o-realtime-preview"}
SESSIONS = "/v1/realtime/sessions"


def free_port() -> int:
    """A loopback port nothing listens on now, for a server run as its own process."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
