"""GET /__mock/health: the liveness probe for container health checks and CI waits.
It answers as soon as the server accepts connections, and needs no API key."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

HEALTH_PATH = "/__mock/health"


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})
