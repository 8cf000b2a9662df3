"""The admin API's part of /openapi.json: its own tag, kept apart from the OpenAI-facing
operation. Input schemas are the ones the admin routes validate with."""

from __future__ import annotations

import copy
from typing import Any

from mock_realtime.admin.faults import FAULT_SCHEMA
from mock_realtime.admin.health import HEALTH_PATH
from mock_realtime.admin.replies import REPLIES_SCHEMA
from mock_realtime.admin.routes import ADMIN_HANDLERS, CLOCK_SCHEMA, PREFIX

TAG = "Mock administration"
_OBJECT = {"type": "object"}
_LIST = {"type": "object", "required": ["object", "data"],
         "properties": {"object": {"enum": ["list"]}, "data": {"type": "array", "items": _OBJECT}}}
_SECRET = {"type": "object", "required": ["valid", "expires_at", "session_id"],
           "properties": {"valid": {"type": "boolean"}, "expires_at": {"type": "integer"},
                          "session_id": {"type": "string"}}}
_STATUS = {"type": "object", "required": ["status"], "properties": {"status": {"enum": ["ok"]}}}
_NOW = {"type": "object", "required": ["now"], "properties": {"now": {"type": "number"}}}

# (path, method) -> summary, answer schema, request body schema (or None)
_OPERATIONS: dict[tuple[str, str], tuple[str, dict[str, Any], dict[str, Any] | None]] = {
    ("/health", "GET"): ("Liveness for container healthchecks; never needs the admin token.", _STATUS, None),
    ("/requests", "GET"): ("The request journal, oldest first, with `dropped` counting evicted entries.",
                           _LIST, None),
    ("/requests", "DELETE"): ("Empty the request journal.", _LIST, None),
    ("/sessions", "GET"): ("Sessions issued, and whether their client secrets have expired; "
                           "WebRTC calls with their sessions.", _LIST, None),
    ("/secrets/{value}", "GET"): ("Whether a client secret issued here is still valid.", _SECRET, None),
    ("/clock", "POST"): ("Move, set or reset the clock every expiry check reads.", _NOW, CLOCK_SCHEMA),
    ("/faults", "POST"): ("Queue a fault for the next `count` requests.", _LIST, FAULT_SCHEMA),
    ("/faults", "DELETE"): ("Clear the fault queue.", _LIST, None),
    ("/replies", "GET"): ("The scripted replies still queued, next first.", _LIST, None),
    ("/replies", "POST"): ("Queue what the model says next: text, a function call, a heard transcript.",
                           _LIST, REPLIES_SCHEMA),
    ("/replies", "DELETE"): ("Clear the scripted replies; responses fall back to the default reply.", _LIST, None),
    ("/reset", "POST"): ("Clear journal, sessions, faults, replies and quota; return the clock to real time.",
                         _STATUS, None),
}


def _content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": copy.deepcopy(schema)}}


def _operation(path: str, method: str, error_ref: str, *, token: bool) -> dict[str, Any]:
    summary, answer, body = _OPERATIONS[(path, method)]
    error = {"content": {"application/json": {"schema": {"$ref": error_ref}}}}
    operation: dict[str, Any] = {
        "operationId": f"mock-{method.lower()}-{path.strip('/').split('/')[0]}",
        "summary": summary,
        "tags": [TAG],
        "responses": {"200": {"description": "OK", "content": _content(answer)}},
    }
    if body is not None:
        operation["requestBody"] = {"required": True, "content": _content(body)}
        operation["responses"]["400"] = {"description": "Bad admin input.", **error}
        operation["responses"]["413"] = {"description": "The body is larger than the configured limit.", **error}
    if path == "/replies" and method == "POST":
        operation["responses"]["409"] = {"description": "The reply queue is full.", **error}
    if path == "/clock":
        operation["responses"]["409"] = {"description": "The move would take the clock past year 9999.", **error}
    if path == "/secrets/{value}":
        operation["parameters"] = [
            {"name": "value", "in": "path", "required": True, "schema": {"type": "string"}}
        ]
        operation["responses"]["404"] = {"description": "No such secret was issued.", **error}
    if token and path != "/health":
        operation["security"] = [{"AdminToken": []}]
        operation["responses"]["401"] = {"description": "Missing or wrong admin token.", **error}
    return operation


def add_admin_paths(document: dict[str, Any], *, error_schema: str, admin: bool, token: bool) -> dict[str, Any]:
    """`document` plus the mock's own paths under their own tag: the health probe always,
    the admin API unless it is switched off."""
    error_ref = f"#/components/schemas/{error_schema}"
    paths = dict(document["paths"])
    served = {HEALTH_PATH: ["GET"], **({p: list(h) for p, h in ADMIN_HANDLERS.items()} if admin else {})}
    for full_path, methods in served.items():
        path = full_path.removeprefix(PREFIX)
        paths[full_path] = {m.lower(): _operation(path, m, error_ref, token=token) for m in methods}
    tags = [*document.get("tags", []),
            {"name": TAG, "description": "The mock's own API under /__mock/; not part of OpenAI's API."}]
    extended = {**document, "paths": paths, "tags": tags}
    if token and admin:
        components = copy.deepcopy(document["components"])
        components["securitySchemes"]["AdminToken"] = {"type": "http", "scheme": "bearer"}
        extended["components"] = components
    return extended
