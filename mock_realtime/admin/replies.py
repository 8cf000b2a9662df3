"""Scripted replies through the admin API: the body schema (replies.schema.json, beside
this module) and the list a body queues."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from mock_realtime.errors import InvalidRequestError

REPLIES_SCHEMA: dict[str, Any] = json.loads(Path(__file__).with_name("replies.schema.json").read_text("utf-8"))


@cache
def replies_validator() -> Any:
    import jsonschema  # imported when first needed: start-up should not wait for it

    return jsonschema.Draft202012Validator(REPLIES_SCHEMA)


def replies_from(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The replies a valid body queues, in order."""
    replies: list[dict[str, Any]] = body.get("replies", [body])
    return replies


def queue_full(capacity: int) -> InvalidRequestError:
    return InvalidRequestError(
        f"The reply queue holds at most {capacity} replies; DELETE /__mock/replies to clear it.",
        param="replies", code="queue_full",
    )
