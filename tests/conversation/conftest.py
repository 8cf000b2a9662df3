"""Fixtures for the conversation tests: the mock's test handle on the live server, and an
open beta socket past its session.created."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from mock_realtime.testing import RealtimeMock
from mock_realtime.web.server import ThreadedServer
from tests.conversation.helpers import Wire
from tests.helpers import API_KEY


@pytest.fixture
def mock(live_server: ThreadedServer) -> RealtimeMock:
    return RealtimeMock(live_server.base_url)


@pytest.fixture
def beta(open_realtime: Callable[..., Any]) -> Iterator[Wire]:
    """A beta socket opened with a standard key; session.created already read."""
    with open_realtime(API_KEY) as ws:
        wire = Wire(ws)
        assert wire.recv()["type"] == "session.created"
        yield wire
