"""One OpenAI-facing request and its answer. `reply` is the only place such an answer
is built; `_record` (behind `reply`, and `hang_up` for a dropped connection) is the
only place it is recorded in the journal.

Journal entries are recorded as the cheap pieces they are made of and built into
dicts only when the journal is read: most entries are never read, and the hot path
should not pay for redacting headers and parsing URLs nobody looks at.

What an entry keeps is bounded: the parts of the scope it shows (a head of at most
64 KiB and 1,000 fields), the body as the bytes that came (at most --max-body-bytes;
a parsed body is parsed again when read, since its tree of objects can be twenty
times the size of its text), at most 100 violations, and the answer as JSON text."""

from __future__ import annotations

import time
from functools import partial
from typing import Any

import orjson
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import Scope

from mock_realtime.errors import APIError
from mock_realtime.redaction import redact_headers
from mock_realtime.state import MockState

OPENAI_VERSION = "2020-10-01"
_OPENAI_VERSION_HEADER = (b"openai-version", OPENAI_VERSION.encode())
_JSON_CONTENT_TYPE = (b"content-type", b"application/json")


class PreparedResponse(Response):
    """A JSON response whose headers are bytes already, in the order Starlette's
    Response would put them (ours, then content-length, then content-type)."""

    media_type = "application/json"

    def __init__(self, body: bytes, status: int, raw_headers: list[tuple[bytes, bytes]]) -> None:
        self.status_code = status
        self.body = body
        self.background = None
        self.raw_headers = [*raw_headers, (b"content-length", str(len(body)).encode()), _JSON_CONTENT_TYPE]


# The scope keys a journal entry reads; the rest (app, router, state) it need not keep alive.
_KEPT_SCOPE = ("type", "method", "scheme", "server", "root_path", "path", "query_string", "headers")


def kept_scope(scope: Scope) -> dict[str, Any]:
    """What a journal entry keeps of a scope: the parts it shows, not the app around them."""
    return {key: scope[key] for key in _KEPT_SCOPE if key in scope}


class ParsedBody:
    """A body that parsed as JSON, kept as its text and shown parsed."""

    __slots__ = ("raw",)

    def __init__(self, raw: bytes) -> None:
        self.raw = raw


def journal_body(body: Any) -> Any:
    if isinstance(body, ParsedBody):
        return orjson.loads(body.raw)
    return body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body


def journal_entry(
    scope: Scope,
    *,
    request_id: str,
    timestamp: float,
    body: Any,
    status: int | None,
    response: str | dict[str, Any] | None,
    violations: list[dict[str, str]],
    fault: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The one shape of a journal entry, for HTTP requests and WebSocket handshakes alike."""
    connection = HTTPConnection(scope)
    return {
        "request_id": request_id,
        "timestamp": timestamp,
        "method": scope.get("method", "GET"),  # a WebSocket handshake is a GET
        "path": connection.url.path,
        "query": connection.url.query,
        "headers": redact_headers(connection.headers.items()),
        "body": journal_body(body),
        "status": status,
        "response": orjson.loads(response) if isinstance(response, str) else response,
        "violations": violations,
        "fault": fault,
    }


class Exchange:
    __slots__ = ("body", "fault", "raw_body", "request", "request_id", "started", "state", "violations")

    def __init__(
        self, request: Request, state: MockState, request_id: str, fault: dict[str, Any] | None = None
    ) -> None:
        self.request = request
        self.state = state
        self.request_id = request_id
        self.fault = fault  # the test's fault chosen for this request, as the journal shows it
        self.started = time.perf_counter()
        self.body: Any = None
        self.raw_body: bytes | None = None
        self.violations: list[dict[str, str]] = []

    @classmethod
    def start(cls, request: Request, state: MockState, *, fault: dict[str, Any] | None = None) -> Exchange:
        return cls(request=request, state=state, request_id=state.ids.request_id(), fault=fault)

    def keep_raw_body(self, raw: bytes) -> None:
        """What the journal shows (decoded as UTF-8) until, and unless, the body parses."""
        self.body = self.raw_body = raw

    def reply(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
        elapsed_ms = int((time.perf_counter() - self.started) * 1000)
        content = orjson.dumps(payload)
        response: Response
        if headers:
            response = Response(
                content,
                status_code=status,
                media_type="application/json",
                headers={
                    "x-request-id": self.request_id,
                    "openai-processing-ms": str(elapsed_ms),
                    "openai-version": OPENAI_VERSION,
                    **headers,
                },
            )
        else:
            response = PreparedResponse(
                content,
                status,
                [
                    (b"x-request-id", self.request_id.encode()),
                    (b"openai-processing-ms", str(elapsed_ms).encode()),
                    _OPENAI_VERSION_HEADER,
                ],
            )
        self._record(status, content.decode())
        return response

    def reply_text(
        self, status: int, text: str, *, media_type: str, headers: dict[str, str], journaled: dict[str, Any]
    ) -> Response:
        """A non-JSON answer (an SDP answer, an empty body); the journal shows `journaled`."""
        elapsed_ms = int((time.perf_counter() - self.started) * 1000)
        response = Response(
            text,
            status_code=status,
            media_type=media_type,
            headers={
                "x-request-id": self.request_id,
                "openai-processing-ms": str(elapsed_ms),
                "openai-version": OPENAI_VERSION,
                **headers,
            },
        )
        self._record(status, journaled)
        return response

    def fail(self, error: APIError) -> Response:
        """The OpenAI error envelope for `error`, with its status and headers."""
        return self.reply(error.status, error.envelope(), error.headers)

    def hang_up(self) -> None:
        """Journal a request whose answer is a dropped connection: no status, no response."""
        self._record(None, None)

    def _record(self, status: int | None, content: str | dict[str, Any] | None) -> None:
        """The answer is kept as the JSON text sent: one object, not a tree of them for the
        garbage collector to scan while the entry waits in the journal (and text, since
        orjson's bytes carry the spare room of its write buffer)."""
        scope = self.request.scope
        raw = self.raw_body
        self.state.journal.record(
            partial(
                journal_entry,
                kept_scope(scope),
                request_id=self.request_id,
                timestamp=self.state.clock.now(),
                body=ParsedBody(raw) if raw is not None and self.body is not raw else self.body,
                status=status,
                response=content,
                violations=self.violations,
                fault=self.fault,
            )
        )
