"""The session factory: a valid request body in, the session object out.
Defaults come from the contract's `default` keywords; time and ids are injected."""

from __future__ import annotations

import copy
from typing import Any

from mock_realtime.ids import IdSource


def apply_defaults(schema: dict[str, Any], value: Any) -> Any:
    """A copy of `value` with every omitted property that has a schema default filled in."""
    if isinstance(value, dict) and "properties" in schema:
        filled = {}
        for key, subschema in schema["properties"].items():
            if key in value:
                filled[key] = apply_defaults(subschema, value[key])
            elif "default" in subschema:
                filled[key] = copy.deepcopy(subschema["default"])
        filled.update((k, v) for k, v in value.items() if k not in filled)
        return filled
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [apply_defaults(schema["items"], item) for item in value]
    return value


def configured_session(
    request_schema: dict[str, Any], body: dict[str, Any], *, ids: IdSource
) -> dict[str, Any]:
    """A session as configured by `body`, defaults filled in, without a client secret."""
    return {"id": ids.session_id(), "object": "realtime.session", **apply_defaults(request_schema, body)}


def new_session(
    request_schema: dict[str, Any], body: dict[str, Any], *, now: float, ttl: int, ids: IdSource
) -> dict[str, Any]:
    created = int(now)
    return {
        **configured_session(request_schema, body, ids=ids),
        "client_secret": {"value": ids.client_secret(created), "expires_at": created + ttl},
    }
