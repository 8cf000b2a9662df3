"""The sessions route answers exactly as Starlette's own routing would, whether or not the app
takes its shortcut past Starlette's machinery, and the shortcut steps aside whenever it could not be sure."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from mock_realtime.ids import IdSource
from mock_realtime.settings import Settings
from mock_realtime.web import endpoints
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


def _app(clock: Any, *, hot: bool) -> Any:
    app = create_app(Settings(max_body_bytes=1024, access_log=False), clock=clock, ids=IdSource(seed=7))
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
