"""The sessions route answers exactly as Starlette's own routing would, whether or not the app
takes its shortcut past Starlette's machinery, and the shortcut steps aside whenever it could not be sure."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from mock_realtime.ids import IdSource
from mock_realtime.settings import Settings
from mock_realtime.web import endpoints
from mock_realtime.web.access_log import ACCESS_LOGGER
from mock_realtime.web.app import create_app
from tests.helpers import AUTH, MINIMAL

PATH = "/v1/realtime/sessions"

REQUESTS = {
    "valid": {"json": MINIMAL, "headers": AUTH},
    "invalid": {"json": {**MINIMAL, "temperature": 3}, "headers": AUTH},
    "no-key": {"json": MINIMAL},
    "not-json": {"content": b"{", "headers": {**AUTH, "Content-Type": "application/json"}},
    "too-large": {"content": b" " * 2048, "headers": {**AUTH, "Content-Type": "application/json"}},
}


def _app(clock: Any, *, hot: bool, access_log: bool = False) -> Any:
    settings = Settings(max_body_bytes=1024, access_log=access_log)
    app = create_app(settings, clock=clock, ids=IdSource(seed=7))
    if not hot:
        app.takes = lambda scope: False
    return app


def _answer(app: Any, **request: Any) -> tuple[int, list[tuple[str, str]], bytes]:
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post(PATH, **request)
    headers = [(k, v) for k, v in response.headers.multi_items() if k != "openai-processing-ms"]
    return response.status_code, headers, response.content


@pytest.mark.parametrize("request_kwargs", REQUESTS.values(), ids=REQUESTS.keys())
def test_sessions_route_answers_as_starlette_routing_would(clock, request_kwargs) -> None:
    assert _answer(_app(clock, hot=True), **request_kwargs) == _answer(
        _app(clock, hot=False), **request_kwargs
    )


def _logged(app: Any, caplog: pytest.LogCaptureFixture, **request: Any) -> list[tuple[Any, ...]]:
    """The access-log lines one request leaves, without their latency."""
    caplog.clear()
    _answer(app, **request)
    fields = [r.access for r in caplog.records if r.name == ACCESS_LOGGER]  # type: ignore[attr-defined]
    return [(f["request_id"], f["method"], f["path"], f["status"]) for f in fields]


STATUS = {"valid": 200, "invalid": 400, "no-key": 401, "not-json": 400, "too-large": 413}


@pytest.mark.parametrize("name", REQUESTS)
def test_with_the_access_log_on_the_shortcut_answers_and_logs_as_starlette_would(clock, caplog, name) -> None:
    request_kwargs = REQUESTS[name]
    caplog.set_level(logging.INFO, logger=ACCESS_LOGGER)
    hot, starlette = _app(clock, hot=True, access_log=True), _app(clock, hot=False, access_log=True)
    assert _answer(hot, **request_kwargs) == _answer(starlette, **request_kwargs)
    hot_lines = _logged(_app(clock, hot=True, access_log=True), caplog, **request_kwargs)
    assert hot_lines == _logged(_app(clock, hot=False, access_log=True), caplog, **request_kwargs)
    [(request_id, method, path, status)] = hot_lines
    assert (method, path) == ("POST", PATH)
    assert request_id.startswith("req_")
    assert status == STATUS[name]


def test_shortcut_is_taken_with_the_access_log_on(clock) -> None:
    scope = {"type": "http", "path": PATH, "method": "POST", "root_path": ""}
    assert _app(clock, hot=True, access_log=True).takes(scope)


def test_a_server_error_is_logged_as_starlette_logs_it(clock, caplog, monkeypatch) -> None:
    """A 500 is logged from inside the server-error handler: status 500, no request id yet."""
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(endpoints, "new_session", broken)
    caplog.set_level(logging.INFO, logger=ACCESS_LOGGER)
    lines = [_logged(_app(clock, hot=hot, access_log=True), caplog, json=MINIMAL, headers=AUTH)
             for hot in (True, False)]
    assert lines[0] == lines[1] == [(None, "POST", PATH, 500)]


def test_shortcut_is_taken_for_the_sessions_route_only(clock) -> None:
    app = _app(clock, hot=True)
    scope = {"type": "http", "path": PATH, "method": "POST", "root_path": ""}
    assert app.takes(scope)
    assert not app.takes({**scope, "method": "GET"})
    assert not app.takes({**scope, "path": PATH + "/"})
    assert not app.takes({**scope, "root_path": "/proxy"})
    assert not app.takes({**scope, "type": "websocket"})


@pytest.mark.parametrize("hot", [True, False], ids=["hot", "starlette"])
def test_server_error_gets_the_envelope_and_is_raised(clock, monkeypatch, hot) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(endpoints, "new_session", broken)
    app = _app(clock, hot=hot)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post(PATH, json=MINIMAL, headers=AUTH)
    assert response.status_code == 500
    assert response.json()["error"]["type"] == "server_error"
    with TestClient(app) as client, pytest.raises(RuntimeError, match="boom"):
        client.post(PATH, json=MINIMAL, headers=AUTH)


def test_shortcut_steps_aside_for_middleware(clock) -> None:
    class Tagging(BaseHTTPMiddleware):
        async def dispatch(self, request: Any, call_next: Any) -> Any:
            response = await call_next(request)
            response.headers["x-tag"] = "seen"
            return response

    app = _app(clock, hot=True)
    app.add_middleware(Tagging)
    with TestClient(app) as client:
        assert client.post(PATH, json=MINIMAL, headers=AUTH).headers["x-tag"] == "seen"


def test_shortcut_steps_aside_for_a_route_listed_before_it(clock) -> None:
    async def override(request: Any) -> PlainTextResponse:
        return PlainTextResponse("override")

    app = _app(clock, hot=True)
    app.router.routes.insert(0, Route(PATH, override, methods=["POST"]))
    with TestClient(app) as client:
        assert client.post(PATH, json=MINIMAL, headers=AUTH).text == "override"
