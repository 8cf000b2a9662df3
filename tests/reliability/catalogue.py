"""The hostile-input catalogue: one row per input, what is sent and what the mock answers.

test_hostile_input.py sends every row over a real socket; the README's `## Hostile input`
table is rendered from these rows (`python -m tests.reliability.catalogue`) and a test
keeps the two identical."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.reliability.rawhttp import chunked, request_bytes

KEY = "sk-test-0123456789abcdef"
JSON_AUTH = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
VALID = b'{"model":"gpt-4o-realtime-preview"}'
HEADER_TIMEOUT = 1.0  # what the catalogue's server is configured with
SMALL_CAP = 1_000  # max_body_bytes for the configured-cap row
DEFAULT_CAP = 1_048_576


def post(body: bytes | None, **headers: str) -> Callable[[], bytes]:
    return lambda: request_bytes(body, headers={**JSON_AUTH, **headers})


def with_model(fields: bytes) -> bytes:
    return b'{"model":"gpt-4o-realtime-preview",' + fields + b"}"


def tool_with_parameters(levels: int) -> bytes:
    """A valid body nested `levels` deep, the deepest part inside tools[0].parameters."""
    inner = b'{"a":' * (levels - 4) + b"1" + b"}" * (levels - 4)
    return with_model(b'"tools":[{"type":"function","name":"f","parameters":{"p":' + inner + b"}}]")


def instructions_of_total(size: int) -> bytes:
    """A valid body of exactly `size` bytes, almost all of it `instructions`."""
    frame = with_model(b'"instructions":""')
    return with_model(b'"instructions":"' + b"x" * (size - len(frame)) + b'"')


def head_of(size: int) -> bytes:
    """A valid request whose head (request line to blank line, inclusive) is `size` bytes."""
    bare = request_bytes(VALID, headers=JSON_AUTH, extra_headers=[("X-Pad", "")])
    pad = size - (len(bare) - len(VALID))
    return request_bytes(VALID, headers=JSON_AUTH, extra_headers=[("X-Pad", "v" * pad)])


def with_fields(total: int) -> bytes:
    """A valid request with `total` header fields in all."""
    own = len(JSON_AUTH) + 2  # Host and Content-Length besides
    return request_bytes(VALID, headers=JSON_AUTH, extra_headers=[(f"X-{i}", "v") for i in range(total - own)])


@dataclass(frozen=True)
class Case:
    id: str
    sent: str  # the README's description
    request: Callable[[], bytes]
    status: int
    code: str | None = None
    closes: bool = False  # HTTP calls for the connection to close after this answer
    settings: dict[str, Any] = field(default_factory=dict)
    check: Callable[[dict[str, Any]], bool] | None = None  # extra check on a 200 body


HEAD = b"POST /v1/realtime/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n"

CASES = [
    Case("truncated-json", "`{\"model\": \"gpt-4o-realtime-preview\"` (no closing brace)",
         post(VALID[:-1]), 400),
    Case("malformed-json", "`{model: gpt}`", post(b"{model: gpt}"), 400),
    Case("empty-body", "an empty body (`Content-Length: 0`)", post(b""), 400),
    Case("json-array", "`[]`", post(b"[]"), 400, "invalid_type"),
    Case("json-string", '`"session"`', post(b'"session"'), 400, "invalid_type"),
    Case("json-number", "`42`", post(b"42"), 400, "invalid_type"),
    Case("json-null", "`null`", post(b"null"), 400, "invalid_type"),
    Case("invalid-utf8", "byte `0xFF` inside a string", post(with_model(b'"instructions":"\xff"')), 400),
    Case("bom", "a UTF-8 byte-order mark before `{`", post(b"\xef\xbb\xbf" + VALID), 400),
    Case("lone-surrogate-escaped", "`\"\\ud800\"` (escaped lone surrogate)",
         post(with_model(b'"instructions":"\\ud800"')), 400),
    Case("lone-surrogate-raw", "bytes `ED A0 80` (UTF-8-encoded surrogate)",
         post(with_model(b'"instructions":"\xed\xa0\x80"')), 400),
    Case("nul-raw", "a raw NUL byte inside a string", post(with_model(b'"instructions":"a\x00b"')), 400),
    Case("nul-escaped-value", "`\"a\\u0000b\"` as `instructions` (valid JSON: echoed back)",
         post(with_model(b'"instructions":"a\\u0000b"')), 200,
         check=lambda s: s["instructions"] == "a\x00b"),
    Case("nul-escaped-key", "`\"mo\\u0000del\"` as a key", post(with_model(b'"mo\\u0000del":"x"')), 400,
         "unknown_parameter"),
    Case("nan", "`NaN` as `temperature`", post(with_model(b'"temperature":NaN')), 400),
    Case("infinity", "`Infinity` as `temperature`", post(with_model(b'"temperature":Infinity')), 400),
    Case("1e400", "`1e400` as `temperature`", post(with_model(b'"temperature":1e400')), 400),
    Case("huge-integer", "a 5,000-digit integer as `max_response_output_tokens`",
         post(with_model(b'"max_response_output_tokens":' + b"9" * 5000)), 400),
    Case("duplicate-key-last-valid", "`\"voice\"` twice, the last one valid (last wins)",
         post(with_model(b'"voice":"nope","voice":"ash"')), 200, check=lambda s: s["voice"] == "ash"),
    Case("duplicate-key-last-invalid", "`\"voice\"` twice, the last one invalid (last wins)",
         post(with_model(b'"voice":"ash","voice":"nope"')), 400, "invalid_value"),
    Case("deep-100000", "`[` nested 100,000 levels", post(b"[" * 100_000 + b"]" * 100_000), 400,
         "nesting_too_deep"),
    Case("deep-parameters-128", "a valid body 128 levels deep, inside `tools[0].parameters`",
         post(tool_with_parameters(128)), 200, check=lambda s: s["tools"][0]["parameters"]["p"] is not None),
    Case("deep-parameters-129", "a valid body 129 levels deep, inside `tools[0].parameters`",
         post(tool_with_parameters(129)), 400, "nesting_too_deep"),
    Case("body-10mb", "a 10 MB body (`Content-Length: 10000000`)", post(b" " * 10_000_000), 413,
         "request_too_large"),
    Case("body-over-configured-cap", f"a {SMALL_CAP + 1}-byte body with `--max-body-bytes {SMALL_CAP}`",
         post(instructions_of_total(SMALL_CAP + 1)), 413, "request_too_large",
         settings={"max_body_bytes": SMALL_CAP}),
    Case("instructions-under-cap", "`instructions` filling the body to 1 byte under the 1 MiB cap",
         post(instructions_of_total(DEFAULT_CAP - 1)), 200,
         check=lambda s: len(s["instructions"]) > DEFAULT_CAP - 100),
    Case("instructions-over-cap", "`instructions` taking the body 1 byte over the 1 MiB cap",
         post(instructions_of_total(DEFAULT_CAP + 1)), 413, "request_too_large"),
    Case("content-type-text", "`Content-Type: text/plain` with a valid body",
         post(VALID, **{"Content-Type": "text/plain"}), 400),
    Case("content-type-missing", "no `Content-Type`, valid body",
         lambda: request_bytes(VALID, headers={"Authorization": JSON_AUTH["Authorization"]}), 400),
    Case("chunked-valid", "a valid body, `Transfer-Encoding: chunked`",
         post(chunked(VALID, 8), **{"Transfer-Encoding": "chunked"}), 200),
    Case("chunked-oversized", "a 2 MB chunked body", post(chunked(b" " * 2_000_000),
         **{"Transfer-Encoding": "chunked"}), 413, "request_too_large"),
    Case("chunked-bad-size", "chunk size `zz`",
         post(b"zz\r\n{}\r\n0\r\n\r\n", **{"Transfer-Encoding": "chunked"}), 400, closes=True),
    Case("chunked-and-length", "both `Transfer-Encoding: chunked` and `Content-Length`",
         post(chunked(VALID), **{"Transfer-Encoding": "chunked", "Content-Length": "5"}), 400, closes=True),
    Case("content-length-negative", "`Content-Length: -1`", post(VALID, **{"Content-Length": "-1"}), 400,
         closes=True),
    Case("headers-300", "300 extra headers, valid body",
         lambda: request_bytes(VALID, headers=JSON_AUTH, extra_headers=[(f"X-H{i}", "v" * 60)
                                                                         for i in range(300)]), 200),
    Case("head-over-64k", "one 70 KB header", post(VALID, **{"X-Big": "v" * 70_000}), 431,
         "request_headers_too_large", closes=True),
    Case("head-64k", "a head of exactly 65,536 bytes", lambda: head_of(65_536), 200),
    Case("head-64k-plus-1", "a head of 65,537 bytes", lambda: head_of(65_537), 431,
         "request_headers_too_large", closes=True),
    Case("tiny-headers-12000", "12,000 headers `aN: b` in one write",
         post(VALID, **{f"a{i}": "b" for i in range(12_000)}), 431, "request_headers_too_large",
         closes=True),
    Case("padded-values-72k", "900 headers whose values carry 80 spaces around them (72 KB of head)",
         post(VALID, **{f"X-{i}": " " * 40 + "v" + " " * 40 for i in range(900)}), 431,
         "request_headers_too_large", closes=True),
    Case("header-fields-1000", "1,000 header fields in all", lambda: with_fields(1000), 200),
    Case("header-fields-1001", "1,001 header fields in all", lambda: with_fields(1001), 431,
         "request_headers_too_large", closes=True),
    Case("endless-header", "a header value that never ends (300 KB, no line end)",
         lambda: HEAD + b"X-Big: " + b"v" * 300_000, 431, "request_headers_too_large", closes=True),
    Case("trickled-head", f"a request head that stops arriving (server waits {HEADER_TIMEOUT:g} s here)",
         lambda: HEAD + b"Content-Type: appl", 408, "request_timeout", closes=True),
    Case("silent-client", "a connection that sends nothing", lambda: b"", 408, "request_timeout",
         closes=True),
    Case("garbage-request-line", "`GARBAGE` as the request line", lambda: b"GARBAGE\r\n\r\n", 400,
         closes=True),
    Case("path-dotdot", "`/v1/realtime/../realtime/sessions`",
         lambda: request_bytes(VALID, headers=JSON_AUTH, path="/v1/realtime/../realtime/sessions"), 404),
    Case("path-nul", "`/v1/realtime/sessions%00`",
         lambda: request_bytes(VALID, headers=JSON_AUTH, path="/v1/realtime/sessions%00"), 404),
    Case("path-non-ascii-encoded", "`/v1/r%C3%A9altime/sessions`",
         lambda: request_bytes(VALID, headers=JSON_AUTH, path="/v1/r%C3%A9altime/sessions"), 404),
    Case("path-non-ascii-raw", "`/v1/réaltime/sessions` as raw UTF-8 bytes",
         lambda: request_bytes(VALID, headers=JSON_AUTH, path="/v1/r\xc3\xa9altime/sessions"), 400,
         closes=True),
    Case("http-1.0", "a valid request as HTTP/1.0", lambda: request_bytes(VALID, headers=JSON_AUTH,
         version="HTTP/1.0"), 200, closes=True),
    Case("wrong-method", "`GET` on the endpoint",
         lambda: request_bytes(None, method="GET", headers=JSON_AUTH), 405, "method_not_supported"),
]


def upgrade(*extra: tuple[str, str], body: bytes = b"") -> Callable[[], bytes]:
    lines = ["GET /v1/realtime?model=gpt-4o-realtime-preview HTTP/1.1", "Host: 127.0.0.1", "Upgrade: websocket",
             "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
             f"Authorization: Bearer {KEY}", *[f"{name}: {value}" for name, value in extra]]
    return lambda: ("\r\n".join(lines) + "\r\n\r\n").encode() + body


MANY_BAD_TOOLS = b'{"model":"gpt-4o-realtime-preview","tools":[' + b",".join([b'{"x":1}'] * 80_000) + b"]}"
# Rows for hostile clients beyond malformed input: amplification, admin takeover, WebSocket
# handshakes, slow bodies and fidelity. Appended to CASES, and so to the README's table.
CLIENT_CASES = [
    Case("violations-80000", "a 640 KB `tools` array failing in 80,000 places (100 are collected)",
         post(MANY_BAD_TOOLS), 400, "unknown_parameter"),
    Case("violations-80000-no-key", "the same body with no key (refused before it is read)",
         lambda: request_bytes(MANY_BAD_TOOLS, headers={"Content-Type": "application/json"}), 401),
    Case("admin-rebound-host", "`GET /__mock/sessions` with `Host: attacker.example` (DNS rebinding)",
         lambda: b"GET /__mock/sessions HTTP/1.1\r\nHost: attacker.example\r\n\r\n", 403, "host_not_allowed"),
    Case("admin-origin-unparseable", "`Origin: http://[` on `GET /__mock/sessions`",
         lambda: request_bytes(None, method="GET", path="/__mock/sessions", headers={"Origin": "http://["}),
         403, "cross_origin_refused"),
    Case("fault-header-without-token", "`X-Mock-Fault: status=503` under `--admin-token`, without the token",
         post(VALID, **{"X-Mock-Fault": "status=503"}), 401, "invalid_admin_token",
         settings={"admin_token": "admin-secret-token"}),
    Case("body-stalls", "a body that stops after 5 bytes (server waits `--body-timeout` 1 s here)",
         lambda: request_bytes(VALID, headers=JSON_AUTH)[:-len(VALID) + 5], 408, "request_timeout",
         closes=True, settings={"body_timeout": 1.0}),
    Case("upgrade-line-over-8k", "a WebSocket handshake with one 9 KB header line",
         upgrade(("X-Big", "v" * 9000)), 431, "request_headers_too_large", closes=True),
    Case("upgrade-headers-129", "a WebSocket handshake with 129 headers",
         upgrade(*[(f"X-{i}", "v") for i in range(123)]), 431, "request_headers_too_large", closes=True),
    Case("upgrade-with-body", "a WebSocket handshake carrying a body (`Content-Length: 5`)",
         upgrade(("Content-Length", "5"), body=b"hello"), 400, closes=True),
    Case("trailing-slash", "`POST /v1/realtime/sessions/` (404, as OpenAI; no redirect)",
         lambda: request_bytes(VALID, headers=JSON_AUTH, path="/v1/realtime/sessions/"), 404),
    Case("decimal-integer", "`max_response_output_tokens: 1e3` (echoed as `1000`)",
         post(with_model(b'"max_response_output_tokens":1e3')), 200,
         check=lambda s: type(s["max_response_output_tokens"]) is int),
]
CASES += CLIENT_CASES


def render_table() -> str:
    rows = ["| input | what is sent | status | code |", "| --- | --- | --- | --- |"]
    for case in CASES:
        status = f"{case.status}, then close" if case.closes else str(case.status)
        code = "—" if case.status == 200 else f"`{case.code or 'null'}`"
        rows.append(f"| `{case.id}` | {case.sent} | {status} | {code} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(render_table())
