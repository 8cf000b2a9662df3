"""Scripted replies through the admin API: the body schema (schemas/replies.schema.json)
and the list a body queues."""

from __future__ import annotations

import json
from typing import Any

from mock_realtime.admin.faults import SCHEMAS
from mock_realtime.contract.checker import RequestChecker
from mock_realtime.errors import InvalidRequestError

REPLIES_SCHEMA: dict[str, Any] = json.loads((SCHEMAS / "replies.schema.json").read_text(encoding="utf-8"))
REPLIES_CHECKER = RequestChecker(REPLIES_SCHEMA)


def replies_from(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The replies a valid body queues, in order."""
    replies: list[dict[str, Any]] = body.get("replies", [body])
    return replies


def queue_full(capacity: int) -> InvalidRequestError:
    return InvalidRequestError(
        f"The reply queue holds at most {capacity} replies; DELETE /__mock/replies to clear it.",
        param="replies", code="queue_full", status=409,  # a conflict with the queue's state, not bad input
    )
