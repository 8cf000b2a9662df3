"""Reading a request body as OpenAI does: capped in size, JSON only, an object only.
orjson rejects NaN, Infinity, invalid UTF-8, lone surrogates, a BOM and numbers too
large for a double; duplicate keys keep the last value, as Python's json does.

Bodies nest at most MAX_DEPTH levels (the body object is level 1). Free-form parts
such as tools[].parameters are echoed in the session, and orjson will not write
more than 254 levels, so a deeper body would fail after it was accepted; 128 leaves
room for the journal and anything that wraps its entries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from mock_realtime.contract.violations import type_phrase
from mock_realtime.errors import PARSE_MESSAGE, APIError, InvalidRequestError, PayloadTooLargeError

MAX_DEPTH = 128

def too_large(limit: int) -> PayloadTooLargeError:
    return PayloadTooLargeError(
        f"Request body too large: the limit is {limit} bytes.", code="request_too_large"
    )


def too_deep() -> InvalidRequestError:
    return InvalidRequestError(
        f"The JSON body of your request is nested too deeply: the limit is {MAX_DEPTH} levels.",
        code="nesting_too_deep",
    )


def incomplete_body() -> InvalidRequestError:
    """Recorded in the journal when a client hangs up before its whole body arrived."""
    return InvalidRequestError("The connection closed before the whole request body arrived.",
                               code="incomplete_body")


def _may_nest_too_deeply(raw: bytes | str) -> bool:
    """A body with no more openers than MAX_DEPTH cannot nest deeper (brackets inside
    strings only overcount), so the walk below is needed only for bodies that have more.
    Counting is C speed; walking every request's tree in Python was a fifth of its time."""
    opening = (b"[", b"{") if isinstance(raw, bytes) else ("[", "{")
    return raw.count(opening[0]) + raw.count(opening[1]) > MAX_DEPTH  # type: ignore[arg-type]


def nesting_depth(value: Any) -> int:
    """Levels of objects and arrays, counted without recursion; stops early past MAX_DEPTH."""
    deepest, pending = 0, [(value, 1)]
    while pending and deepest <= MAX_DEPTH:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest if isinstance(value, dict | list) else 0


def is_json_content_type(content_type: str | None) -> bool:
    media = (content_type or "").split(";")[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def parse_json_object(raw: bytes | str, *, what: str, unparseable: Callable[[], APIError]) -> dict[str, Any]:
    """A JSON object no deeper than MAX_DEPTH: request bodies and WebSocket events alike."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        # orjson's own depth limit (1024) is far past ours: report both the same way.
        raise (too_deep() if "depth limit" in str(error) else unparseable()) from None
    if not isinstance(value, dict):
        raise InvalidRequestError(
            f"Invalid type for {what}: expected an object, but got {type_phrase(value)} instead.",
            code="invalid_type",
        )
    if _may_nest_too_deeply(raw) and nesting_depth(value) > MAX_DEPTH:
        raise too_deep()
    return value


def parse_body(raw: bytes, content_type: str | None) -> dict[str, Any]:
    if not is_json_content_type(content_type):
        raise InvalidRequestError(PARSE_MESSAGE)
    return parse_json_object(raw, what="request body", unparseable=lambda: InvalidRequestError(PARSE_MESSAGE))
