"""Servers for the reliability suite: in-thread uvicorn servers on loopback, cached per
configuration for the module, with the short header timeout the catalogue expects."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from starlette.applications import Starlette

from mock_realtime.settings import Settings
from mock_realtime.web.app import create_app
from mock_realtime.web.server import ThreadedServer
from tests.reliability.catalogue import HEADER_TIMEOUT


@dataclass
class Running:
    app: Starlette
    server: ThreadedServer

    @property
    def port(self) -> int:
        return int(self.server.base_url.rsplit(":", 1)[1])

    @property
    def base_url(self) -> str:
        return self.server.base_url


@pytest.fixture(scope="module")
def serve() -> Iterator[Callable[..., Running]]:
    """serve(**settings) -> a running server with those settings (started once per module)."""
    running: dict[tuple[tuple[str, Any], ...], Running] = {}

    def start(**overrides: Any) -> Running:
        key = tuple(sorted(overrides.items()))
        if key not in running:
            settings = Settings(**{"port": 0, "header_timeout": HEADER_TIMEOUT, **overrides})
            app = create_app(settings)
            running[key] = Running(app, ThreadedServer(app, settings).start())
        return running[key]

    yield start
    for each in running.values():
        each.server.stop()
