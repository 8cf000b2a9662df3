"""A demo page shipped with the mock, doing what a real front end does: it asks its
backend for a session (the token route below), then opens the Realtime WebSocket with
the browser subprotocols and the `ek_` key it got back."""

from __future__ import annotations

import json
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from mock_realtime.errors import NotFoundError
from mock_realtime.state import MockState, ServedEndpoint
from mock_realtime.web.endpoints import operation

DEMO_PAGE = Path(__file__).with_name("demo.html")
# The key the demo's "backend" holds when the mock accepts any key (no --api-key).
DEMO_BACKEND_KEY = "sk-mock-demo-backend"


async def demo_page(request: Request) -> Response:
    """The page, told where each API served takes WebRTC offers ({"ga": {path, form}, ...})."""
    state: MockState = request.app.state.mock
    routes = {c.manifest.get("protocol", "beta"): {"path": c.webrtc["path"], "form": c.webrtc["form"]}
              for c in reversed(state.contracts) if c.webrtc is not None}  # the first served wins
    config = json.dumps(routes)
    page = DEMO_PAGE.read_text(encoding="utf-8").replace("{{WEBRTC}}", config.replace("<", "\\u003c"))
    return HTMLResponse(page)


def _target(state: MockState, request: Request) -> ServedEndpoint:
    """The served endpoint `?endpoint=` names (sessions, client_secrets, ...); the first by default."""
    name = request.query_params.get("endpoint")
    chosen = next((s for s in state.served if s.endpoint.name == name), None)
    if name is not None and chosen is None:
        known = ", ".join(s.endpoint.name for s in state.served)
        raise NotFoundError(f"This mock serves no endpoint {name!r} (it serves: {known}).", param="endpoint")
    return chosen or state.served[0]


async def demo_token(request: Request) -> Response:
    """A backend's token route: the page's JSON goes to the endpoint `?endpoint=` names
    (POST /v1/realtime/sessions unless told otherwise) with the backend's own key, through
    the very endpoint every client uses (faults, quota, journal and all), and the answer
    comes back untouched. With --api-key, the backend holds the first of those keys."""
    state: MockState = request.app.state.mock
    served = _target(state, request)
    key = (state.settings.api_key or (DEMO_BACKEND_KEY,))[0]
    headers = [(name, value) for name, value in request.scope["headers"] if name != b"authorization"]
    scope = {
        **request.scope,
        "path": served.endpoint.path,
        "raw_path": served.endpoint.path.encode(),
        "query_string": b"",
        "headers": [*headers, (b"authorization", f"Bearer {key}".encode())],
    }
    return await operation(served)(Request(scope, request.receive))
