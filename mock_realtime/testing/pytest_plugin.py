"""The `realtime_mock` pytest fixture: the real mock server on a free loopback port, in a
thread, started once per test session and cleared before each test. The fixture talks
to the server through its admin API, like any client would. The server is imported
only when a test asks for the fixture, so installing the package costs other test
suites nothing.

Settings come from the `realtime_mock_settings` fixture (override it in a conftest.py),
then from a `@pytest.mark.realtime_mock(**settings)` marker on the test; each distinct
set of settings gets its own server. `@pytest.mark.realtime_mock(tls=True)` serves HTTPS
and wss:// with a self-signed CA written into a temporary folder for the session
(`realtime_mock.ca_file`)."""

from __future__ import annotations

import dataclasses
import traceback
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from mock_realtime.testing.mock import RealtimeMock

if TYPE_CHECKING:
    from mock_realtime.settings import Settings
    from mock_realtime.web.server import ThreadedServer

MARKER = "realtime_mock"


class MockServerError(AssertionError):
    """The mock server raised while handling a request during the test."""


class _ErrorRecorder:
    """ASGI wrapper keeping what the app raised. Starlette has already answered 500 and
    re-raises for the server's log; here it is kept for the test instead."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.errors: list[BaseException] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await self.app(scope, receive, send)
        except Exception as exc:
            self.errors.append(exc)


class _Servers:
    """One server per distinct Settings, for the whole test session."""

    def __init__(self, certificates: pytest.TempPathFactory) -> None:
        self._running: dict[Settings, tuple[ThreadedServer, _ErrorRecorder]] = {}
        self._temp = certificates
        self._certificates = ""

    def certificates(self) -> str:
        """One folder for the session's self-signed CA and server certificate."""
        if not self._certificates:
            self._certificates = str(self._temp.mktemp("realtime-mock-tls"))
        return self._certificates

    def get(self, settings: Settings) -> tuple[ThreadedServer, _ErrorRecorder]:
        if settings not in self._running:
            from mock_realtime.web.app import create_app
            from mock_realtime.web.server import ThreadedServer

            recorder = _ErrorRecorder(create_app(settings))
            self._running[settings] = (ThreadedServer(recorder, settings).start(), recorder)
        return self._running[settings]

    def stop(self) -> None:
        for server, _ in self._running.values():
            server.stop()
        self._running.clear()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARKER}(**settings): run this test against a mock with these Settings fields changed; "
        "tls=True serves it over HTTPS and wss:// with a self-signed CA (realtime_mock.ca_file)."
    )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("realtime_mock_seed", "Seed for reproducible ids and secrets in realtime_mock.", default="")


@pytest.fixture(scope="session")
def realtime_mock_settings(pytestconfig: pytest.Config) -> Settings:
    """The mock's settings for the session; override this fixture to change them."""
    from mock_realtime.settings import Settings

    seed = str(pytestconfig.getini("realtime_mock_seed")).strip()
    return Settings(seed=int(seed) if seed else None)


@pytest.fixture(scope="session")
def _realtime_mock_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Servers]:
    servers = _Servers(tmp_path_factory)
    yield servers
    servers.stop()


def _settings_for(node: pytest.Item, base: Settings, servers: _Servers) -> Settings:
    overrides: dict[str, Any] = {}
    for marker in reversed(list(node.iter_markers(MARKER))):  # the closest marker wins
        overrides.update(marker.kwargs)
    if overrides.pop("tls", False):
        overrides["self_signed"] = servers.certificates()
    try:
        settings = dataclasses.replace(base, **overrides, host="127.0.0.1", port=0)
    except (TypeError, ValueError) as error:
        pytest.fail(f"realtime_mock settings: {error}", pytrace=False)
    if not settings.admin:
        pytest.fail("realtime_mock needs the admin API; remove admin=False", pytrace=False)
    return settings


@pytest.fixture
def realtime_mock(
    request: pytest.FixtureRequest, realtime_mock_settings: Settings, _realtime_mock_servers: _Servers
) -> Iterator[RealtimeMock]:
    """The mock server, cleared for this test: empty journal, no sessions or faults, real time."""
    settings = _settings_for(request.node, realtime_mock_settings, _realtime_mock_servers)
    server, recorder = _realtime_mock_servers.get(settings)
    mock = RealtimeMock(server.base_url, admin_token=settings.admin_token,
                        ca_file=server.tls.ca_file if server.tls else None)
    mock.reset()
    recorder.errors.clear()
    yield mock
    if recorder.errors:
        details = "\n".join("".join(traceback.format_exception(e)) for e in recorder.errors)
        raise MockServerError(f"the mock server raised {len(recorder.errors)} time(s):\n{details}") \
            from recorder.errors[0]
