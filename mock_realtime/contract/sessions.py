"""The session factory: a valid request body in, the session object out.
Defaults come from the contract's `default` keywords; time and ids are injected."""

from __future__ import annotations

from typing import Any

from mock_realtime.contract.defaults import defaults_filler
from mock_realtime.ids import IdSource


def apply_defaults(schema: dict[str, Any], value: Any) -> Any:
    """`value` with every omitted property that has a schema default filled in. Objects and
    arrays a default can reach are new; the rest of `value` is shared, never changed."""
    return defaults_filler(schema)(value)


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
