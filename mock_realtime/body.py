"""Reading a request body as OpenAI does: capped in size, JSON only, an object only.
orjson rejects NaN, Infinity, invalid UTF-8, lone surrogates and a BOM, and stops
at 1024 levels of nesting; duplicate keys keep the last value, as Python's json does.
A body nested deeper than orjson can write back (254 levels) is refused the same way:
the session echoes the body, so accepting it would end in a server error."""

from __future__ import annotations

from typing import Any

import orjson

from mock_realtime.errors import PARSE_MESSAGE, InvalidRequestError, PayloadTooLargeError
from mock_realtime.validation import type_phrase


def too_large(limit: int) -> PayloadTooLargeError:
    return PayloadTooLargeError(
        f"Request body too large: the limit is {limit} bytes.", code="request_too_large"
    )


def is_json_content_type(content_type: str | None) -> bool:
    media = (content_type or "").split(";")[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def parse_body(raw: bytes, content_type: str | None) -> dict[str, Any]:
    if not is_json_content_type(content_type):
        raise InvalidRequestError(PARSE_MESSAGE)
    try:
        body = orjson.loads(raw)
        orjson.dumps(body)  # what cannot be written back cannot be echoed in the session
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):
        raise InvalidRequestError(PARSE_MESSAGE) from None
    if not isinstance(body, dict):
        raise InvalidRequestError(
            f"Invalid type for request body: expected an object, but got {type_phrase(body)} instead.",
            code="invalid_type",
        )
    return body
