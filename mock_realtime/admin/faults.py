"""Faults a test can ask for: an error status, a slower answer, or a dropped connection.
They are queued (`POST /__mock/faults`) for the next requests, or chosen per request
with the `X-Mock-Fault` header. One JSON Schema describes both forms, and the admin
part of /openapi.json shows the same schema."""

from __future__ import annotations

import http
import json
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mock_realtime.contract.checker import RequestChecker
from mock_realtime.errors import SERVER_ERROR_MESSAGE, APIError, InvalidRequestError, ServerError
from mock_realtime.rate_limit import nominal_rate_limit_error

FAULT_HEADER = "x-mock-fault"
SCHEMAS = Path(__file__).resolve().parent / "schemas"
# Bounds that keep the queue's memory small and its counts within JSON's safe integers
# (fault.schema.json caps each fault's count).
MAX_QUEUED = 1000
FAULT_SCHEMA: dict[str, Any] = json.loads((SCHEMAS / "fault.schema.json").read_text(encoding="utf-8"))
FAULT_CHECKER = RequestChecker(FAULT_SCHEMA)


# Bodies OpenAI sends for these statuses; any other status gets its HTTP reason phrase.
_SERVER_MESSAGES = {
    500: SERVER_ERROR_MESSAGE,
    503: "The server is overloaded or not ready yet.",
}


def _reason(status: int) -> str:
    try:
        return f"{http.HTTPStatus(status).phrase}."
    except ValueError:  # a status with no registered reason phrase, such as 499
        return f"Error {status}."


@dataclass(frozen=True)
class Fault:
    status: int | None = None
    latency_ms: int = 0
    disconnect: bool = False

    def describe(self) -> dict[str, Any]:
        return {"status": self.status, "latency_ms": self.latency_ms, "disconnect": self.disconnect}

    def error(self, *, model: str) -> APIError | None:
        """The error this fault answers with, if it answers at all."""
        if self.status is None:
            return None
        if self.status == 429:
            return nominal_rate_limit_error(model)
        phrase = _SERVER_MESSAGES.get(self.status) or _reason(self.status)
        if self.status >= 500:
            return ServerError(phrase, status=self.status)
        return APIError(phrase, status=self.status)


def fault_from(body: dict[str, Any]) -> tuple[Fault, int]:
    """A fault and its count from the admin body; bad input raises OpenAI's 400."""
    FAULT_CHECKER.check(body)
    fault = Fault(
        status=None if body.get("status") is None else int(body["status"]),
        latency_ms=int(body.get("latency_ms", 0)),
        disconnect=bool(body.get("disconnect", False)),
    )
    return fault, int(body.get("count", 1))


def _header_value(text: str) -> Any:
    text = text.strip()
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return int(text) if text.lstrip("-").isdigit() else text


def fault_from_header(value: str) -> Fault:
    """`status=429`, `latency_ms=300`, `disconnect`, or several joined by `;` or `,`."""
    body: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in value.replace(",", ";").split(";"))):
        name, has_value, text = part.partition("=")
        body[name.strip()] = _header_value(text) if has_value else True
    if "count" in body:
        raise InvalidRequestError("Invalid X-Mock-Fault header: it chooses a fault for this request only; "
                                  "queue faults with POST /__mock/faults to give a count.", param="count")
    try:
        return fault_from(body)[0]
    except InvalidRequestError as error:
        raise InvalidRequestError(f"Invalid X-Mock-Fault header: {error.message}", param=error.param,
                                  code=error.code) from None


class FaultQueue:
    """Faults for the next requests, in the order they were queued. Bounded: at most
    MAX_QUEUED entries wait at once, each for at most the count fault.schema.json allows."""

    def __init__(self) -> None:
        self._queue: deque[list[Any]] = deque()  # [fault, requests it still applies to]

    def push(self, fault: Fault, count: int) -> None:
        if len(self._queue) >= MAX_QUEUED:
            raise InvalidRequestError(
                f"The fault queue is full ({MAX_QUEUED} entries); clear it with DELETE /__mock/faults.",
                code="fault_queue_full",
            )
        self._queue.append([fault, count])

    def take(self) -> Fault | None:
        if not self._queue:
            return None
        head = self._queue[0]
        head[1] -= 1
        if head[1] == 0:
            self._queue.popleft()
        fault: Fault = head[0]
        return fault

    def pending(self) -> list[dict[str, Any]]:
        return [{**fault.describe(), "count": count} for fault, count in self._queue]

    def clear(self) -> None:
        self._queue.clear()
