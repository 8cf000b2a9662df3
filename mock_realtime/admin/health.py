"""GET /__mock/health: the liveness probe for container health checks and CI waits.
It answers as soon as the server accepts connections, and needs no API key. With a
shared store it also says whether the store answers: 503 while it does not, since
every request that needs it gets 503 too."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

HEALTH_PATH = "/__mock/health"


async def health(request: Request) -> Response:
    store = request.app.state.mock.store.health()
    if store is None:  # memory: nothing outside this process to report on
        return JSONResponse({"status": "ok"})
    if not store["reachable"]:
        return JSONResponse({"status": "unavailable", "store": store}, status_code=503)
    return JSONResponse({"status": "ok", "store": store})
