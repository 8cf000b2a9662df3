"""One OpenAI-facing request and its answer. `reply` is the only place such an answer
is built; `_record` (behind `reply`, and `hang_up` for a dropped connection) is the
only place it is recorded in the journal."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import orjson
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response

from mock_realtime.redaction import redact_headers
from mock_realtime.state import MockState

OPENAI_VERSION = "2020-10-01"


@dataclass
class Exchange:
    request: Request
    state: MockState
    request_id: str
    started: float = field(default_factory=time.perf_counter)
    body: Any = None
    violations: list[dict[str, str]] = field(default_factory=list)

    @classmethod
    def start(cls, request: Request, state: MockState) -> Exchange:
        return cls(request=request, state=state, request_id=state.ids.request_id())

    def keep_raw_body(self, raw: bytes) -> None:
        """What the journal shows until (and unless) the body parses."""
        self.body = raw.decode("utf-8", errors="replace")

    def reply(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
        elapsed_ms = int((time.perf_counter() - self.started) * 1000)
        response = Response(
            orjson.dumps(payload),
            status_code=status,
            media_type="application/json",
            headers={
                "x-request-id": self.request_id,
                "openai-processing-ms": str(elapsed_ms),
                "openai-version": OPENAI_VERSION,
                **(headers or {}),
            },
        )
        self._record(status, payload)
        return response

    def hang_up(self) -> None:
        """Journal a request whose answer is a dropped connection: no status, no response."""
        self._record(None, None)

    def _record(self, status: int | None, payload: dict[str, Any] | None) -> None:
        self.state.journal.record(journal_entry(
            self.request, self.state, request_id=self.request_id, method=self.request.method,
            body=self.body, status=status, response=payload, violations=self.violations,
            fault=getattr(self.request.state, "mock_fault", None),
        ))


def journal_entry(
    connection: HTTPConnection,
    state: MockState,
    *,
    request_id: str,
    method: str,
    body: Any,
    status: int | None,
    response: dict[str, Any] | None,
    violations: list[dict[str, str]],
    fault: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The one shape of a journal entry, for HTTP requests and WebSocket handshakes alike."""
    return {
        "request_id": request_id,
        "timestamp": state.clock.now(),
        "method": method,
        "path": connection.url.path,
        "query": connection.url.query,
        "headers": redact_headers(connection.headers.items()),
        "body": body,
        "status": status,
        "response": response,
        "violations": violations,
        "fault": fault,
    }
