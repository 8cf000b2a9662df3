"""One access-log line per HTTP request, and per WebSocket handshake: request id,
method, path, status, latency.

A pure ASGI middleware, so it sees exactly what goes on the wire: the status and the
`x-request-id` are read from the `http.response.start` message, or for a WebSocket from
its accept (101) or refusal, once it is answered. Headers are never logged, so the
Authorization value cannot leak; nor is the query string. uvicorn's own lines per
WebSocket (accepted, open, closed) are left out (see _uvicorn.py): this line says it."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from mock_realtime.redaction import redact_path
from mock_realtime.web.log_lines import write_access_line

ACCESS_LOGGER = "mock_realtime.access"

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]

_logger = logging.getLogger(ACCESS_LOGGER)
_MESSAGE = "%s %s %s %s %.2fms"


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def access_record(scope: MutableMapping[str, Any], status: int, request_id: str | None,
                  started: float) -> dict[str, Any]:
    return {
        "request_id": request_id,
        "method": scope.get("method", "GET"),  # a WebSocket's scope has none: its handshake is a GET
        "path": redact_path(scope["path"]),
        "status": status,
        "latency_ms": round((time.perf_counter() - started) * 1000, 2),
    }


def log_access(record: dict[str, Any]) -> None:
    """What `_logger.info` would do, but for the walk up the stack to find the caller, which
    is always this function: that walk costs more than the rest of a request's line. As
    `serve` configures logging, the line is written without a LogRecord at all."""
    if not _logger.isEnabledFor(logging.INFO):
        return
    args = (record["request_id"] or "-", record["method"], record["path"], record["status"], record["latency_ms"])
    if write_access_line(_logger, time.time(), _MESSAGE % args, record):
        return
    _logger.handle(_logger.makeRecord(
        ACCESS_LOGGER, logging.INFO, __file__, _LINE, _MESSAGE, args, None, "log_access",
        {"access": record},
    ))


_LINE = log_access.__code__.co_firstlineno


class AccessLog:
    """Wraps an ASGI app; logs each HTTP request once its response has been sent (or has failed)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self._handshake(scope, receive, send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        seen: dict[str, Any] = {"status": 500, "request_id": None}

        async def observe(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
                seen["request_id"] = _header(list(message.get("headers", [])), b"x-request-id")
            await send(message)

        try:
            await self.app(scope, receive, observe)
        finally:
            log_access(access_record(scope, seen["status"], seen["request_id"], started))

    async def _handshake(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        """Logged once answered: accepted (101), refused before accepting (403, as uvicorn
        answers a close then) or with an HTTP response; or failed (500) unanswered. A
        client gone before its answer gets no line, as it got no answer."""
        started = time.perf_counter()
        logged = False

        async def observe(message: Message) -> None:
            nonlocal logged
            status = _HANDSHAKE_STATUS.get(message["type"]) or message.get("status")
            if not logged and status is not None:
                logged = True
                request_id = _header(list(message.get("headers", [])), b"x-request-id")
                log_access(access_record(scope, status, request_id, started))
            await send(message)

        try:
            await self.app(scope, receive, observe)
        except Exception:
            if not logged:
                log_access(access_record(scope, 500, None, started))
            raise


_HANDSHAKE_STATUS = {"websocket.accept": 101, "websocket.close": 403}
