"""The `realtime_mock` pytest fixture: the real mock server on a free loopback port, in a
thread, started once per test session and cleared before each test. The fixture talks
to the server through its admin API, like any client would. The server is imported
only when a test asks for the fixture, so installing the package costs other test
suites nothing.

Settings come from the `realtime_mock_settings` fixture (override it in a conftest.py),
then from a `@pytest.mark.realtime_mock(**settings)` marker on the test; each distinct
set of settings gets its own server."""

from __future__ import annotations

import dataclasses
import json
import traceback
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from mock_realtime.server import ThreadedServer
    from mock_realtime.settings import Settings

MARKER = "realtime_mock"
# Loopback only: a proxy configured for the user's real traffic must not see the mock's.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class MockServerError(AssertionError):
    """The mock server raised while handling a request during the test."""


class RealtimeMock:
    """One running mock, seen from a test."""

    def __init__(self, root_url: str, *, admin_token: str = "") -> None:
        self.url = root_url
        self.base_url = root_url + "/v1"  # fits OpenAI(base_url=...)
        self._admin_token = admin_token

    def _admin(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(
            f"{self.url}/__mock{path}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"content-type": "application/json"},
        )
        if self._admin_token:
            request.add_header("Authorization", f"Bearer {self._admin_token}")
        try:
            with _OPENER.open(request, timeout=30) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            message = json.load(error).get("error", {}).get("message", error.reason)
            raise ValueError(f"the mock refused {method} /__mock{path}: {message}") from None

    @property
    def requests(self) -> list[dict[str, Any]]:
        """The journal: every OpenAI-facing request this test made, oldest first."""
        data: list[dict[str, Any]] = self._admin("GET", "/requests")["data"]
        return data

    @property
    def sessions(self) -> list[dict[str, Any]]:
        """Sessions issued during this test, each with `expired` by the mock clock."""
        data: list[dict[str, Any]] = self._admin("GET", "/sessions")["data"]
        return data

    def secret(self, value: str) -> dict[str, Any]:
        """`{"valid", "expires_at", "session_id"}` for a client secret this mock issued."""
        result: dict[str, Any] = self._admin("GET", f"/secrets/{value}")
        return result

    def advance(self, seconds: float) -> float:
        """Move the mock clock forward; returns the new time. Nothing sleeps."""
        now: float = self._admin("POST", "/clock", {"advance_seconds": seconds})["now"]
        return now

    def set_time(self, unix_seconds: float) -> None:
        """Stop the mock clock at this instant (it moves again only through `advance`)."""
        self._admin("POST", "/clock", {"set": unix_seconds})

    def fail_next(self, status: int | None = None, *, count: int = 1, latency_ms: int | None = None,
                  disconnect: bool = False) -> None:
        """Queue a fault for the next `count` requests: a status (429 comes with OpenAI's
        rate-limit body and headers), a delay, or a dropped connection."""
        fault: dict[str, Any] = {"count": count}
        if status is not None:
            fault["status"] = status
        if latency_ms is not None:
            fault["latency_ms"] = latency_ms
        if disconnect:
            fault["disconnect"] = True
        self._admin("POST", "/faults", fault)

    def reset(self) -> None:
        self._admin("POST", "/reset")

    def assert_all_requests_valid(self) -> None:
        """Fail, listing every problem, if any request broke the contract or was refused
        for something the client did (faults and rate limits are not the client's doing)."""
        entries = enumerate(self.requests, 1)
        problems = [line for number, entry in entries for line in _problems(number, entry)]
        if problems:
            raise AssertionError("requests to the mock broke the contract:\n" + "\n".join(problems))


def _problems(number: int, entry: dict[str, Any]) -> list[str]:
    where = f"#{number} {entry['method']} {entry['path']}"
    lines = [f"{where}: {v['param']}: {v['message']} ({v['code']})" for v in entry["violations"]]
    status = entry["status"]
    refused = status is not None and 400 <= status < 500 and status != 429 and entry["fault"] is None
    if refused and not lines:
        lines.append(f"{where}: {status} {entry['response']['error']['message']}")
    return lines


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

    def __init__(self) -> None:
        self._running: dict[Settings, tuple[ThreadedServer, _ErrorRecorder]] = {}

    def get(self, settings: Settings) -> tuple[ThreadedServer, _ErrorRecorder]:
        if settings not in self._running:
            from mock_realtime.app import create_app
            from mock_realtime.server import ThreadedServer

            recorder = _ErrorRecorder(create_app(settings))
            self._running[settings] = (ThreadedServer(recorder, settings).start(), recorder)
        return self._running[settings]

    def stop(self) -> None:
        for server, _ in self._running.values():
            server.stop()
        self._running.clear()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARKER}(**settings): run this test against a mock with these Settings fields changed."
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
def _realtime_mock_servers() -> Iterator[_Servers]:
    servers = _Servers()
    yield servers
    servers.stop()


def _settings_for(node: pytest.Item, base: Settings) -> Settings:
    overrides: dict[str, Any] = {}
    for marker in reversed(list(node.iter_markers(MARKER))):  # the closest marker wins
        overrides.update(marker.kwargs)
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
    settings = _settings_for(request.node, realtime_mock_settings)
    server, recorder = _realtime_mock_servers.get(settings)
    mock = RealtimeMock(server.base_url, admin_token=settings.admin_token)
    mock.reset()
    recorder.errors.clear()
    yield mock
    if recorder.errors:
        details = "\n".join("".join(traceback.format_exception(e)) for e in recorder.errors)
        raise MockServerError(f"the mock server raised {len(recorder.errors)} time(s):\n{details}") \
            from recorder.errors[0]
